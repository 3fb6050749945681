"""Everything the socket does can be read back over HTTP: history, unread, read marker."""

import pytest

from workspace.chat import services
from workspace.contacts import services as contacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(create_user):
    a, b = create_user(first_name="Anne"), create_user(first_name="Bruno")
    return services.room_direct_open(user=a, other=b), a, b


def test_history_pages_backwards_and_forwards(client, room, monkeypatch):
    monkeypatch.setattr(services, "RATE_LIMIT", 1000)  # setting data up, not testing the limit
    room, a, b = room
    ids = [services.message_send(user=a, room=room, text=f"message {n}").pk for n in range(60)]
    client.force_login(b)
    latest = client.get(f"/espace/discussion/api/salons/{room.pk}/messages/").json()["messages"]
    assert [m["id"] for m in latest] == ids[-50:]
    older = client.get(f"/espace/discussion/api/salons/{room.pk}/messages/?before={ids[-50]}").json()["messages"]
    assert [m["id"] for m in older] == ids[:10]
    after = client.get(f"/espace/discussion/api/salons/{room.pk}/messages/?after={ids[55]}").json()["messages"]
    assert [m["id"] for m in after] == ids[56:]


def test_unread_counts_and_mark_read(client, room):
    room, a, b = room
    for n in range(3):
        last = services.message_send(user=a, room=room, text=f"m{n}")
    client.force_login(b)
    rooms = {r["id"]: r for r in client.get("/espace/discussion/api/salons/").json()["rooms"]}
    assert rooms[room.pk]["unread"] == 3
    client.post(f"/espace/discussion/api/salons/{room.pk}/lu/", {"id": last.pk})
    data = client.get("/espace/discussion/api/salons/").json()
    assert {r["id"]: r["unread"] for r in data["rooms"]}[room.pk] == 0
    # the sender's own messages never count as unread for them
    client.force_login(a)
    assert {r["id"]: r["unread"] for r in client.get("/espace/discussion/api/salons/").json()["rooms"]}[room.pk] == 0


def test_a_room_one_may_not_see_is_404_everywhere(client, room, create_user):
    room, a, b = room
    services.message_send(user=a, room=room, text="privé")
    client.force_login(create_user())
    assert client.get(f"/espace/discussion/api/salons/{room.pk}/messages/").status_code == 404
    assert (
        client.post(
            f"/espace/discussion/api/salons/{room.pk}/messages/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"/espace/discussion/?salon={room.pk}").status_code == 404
    assert client.get("/espace/discussion/api/salons/999999/messages/").status_code == 404


def test_send_over_http_and_bad_input(client, room):
    room, a, b = room
    client.force_login(a)
    url = f"/espace/discussion/api/salons/{room.pk}/messages/"
    ok = client.post(url, {"text": "Bonjour", "local_id": "h1"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["message"]["local_id"] == "h1"
    again = client.post(url, {"text": "Bonjour", "local_id": "h1"}, content_type="application/json")
    assert again.json()["message"]["id"] == ok.json()["message"]["id"]  # a retry is not a duplicate
    assert client.post(url, "{oops", content_type="application/json").status_code == 400
    assert client.post(url, {"text": "y" * 4001}, content_type="application/json").status_code == 400
    assert client.post(url, {"text": "   "}, content_type="application/json").status_code == 400


def test_chat_page_works_without_javascript(client, room):
    room, a, b = room
    client.force_login(a)
    response = client.post("/espace/discussion/", {"room": room.pk, "text": "Par le formulaire"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Par le formulaire" in page.content.decode()


def test_direct_conversation_from_a_profile_refused_when_blocked(client, room, create_user):
    _room, a, b = room
    c = create_user()
    contacts.member_block(user=c, other=a)
    client.force_login(a)
    response = client.post(f"/espace/discussion/direct/{c.pk}/")
    assert response.status_code == 302 and f"/espace/membres/{c.pk}/" in response["Location"]
    response = client.post(f"/espace/discussion/direct/{b.pk}/")
    assert response["Location"] == f"/espace/discussion/?salon={_room.pk}"


def test_mentions_notify_the_member(room):
    pytest.importorskip("workspace.notifications.models")
    room, a, b = room
    services.message_send(user=a, room=room, text="Merci @Bruno pour la fiche !")
    from workspace.notifications.models import Notification

    assert Notification.objects.filter(user=b, kind="mention").exists()
