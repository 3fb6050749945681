"""The chat of a working group: its room follows the group's members and the spaces policy."""

import pytest

from workspace.chat import services
from workspace.chat.models import Room, RoomMember
from workspace.spaces import services as spaces

pytestmark = pytest.mark.django_db

# who reads / writes in the group's room (the coordinator reads, as they see every group)
MATRIX = {
    "owner": (200, True),
    "admin": (200, True),
    "member": (200, True),
    "guest": (200, False),
    "outsider": (404, False),
    "referent": (404, False),
    "coordinator": (200, True),
}


def test_a_group_gets_its_room_with_its_members(cast):
    room = Room.objects.get(space=cast.group)
    assert room.kind == Room.Kind.SPACE and room.name == "Évaluation esp@p"
    members = set(RoomMember.objects.filter(room=room).values_list("user_id", flat=True))
    p = cast.people
    assert members == {p.owner.pk, p.admin.pk, p.member.pk, p.guest.pk}


@pytest.mark.parametrize("who", MATRIX)
def test_each_role_against_the_group_room(client, cast, who):
    status, can_write = MATRIX[who]
    user = getattr(cast.people, who)
    room = Room.objects.get(space=cast.group)
    client.force_login(user)
    page = client.get(f"/espace/discussion/?salon={room.pk}")
    assert page.status_code == status
    api = client.get(f"/espace/discussion/api/salons/{room.pk}/messages/")
    assert api.status_code == (200 if status == 200 else 404)
    if status == 200:
        assert (b"data-composer" in page.content) is can_write
    if can_write:
        services.message_send(user=user, room=room, text="Bonjour le groupe")
    else:
        with pytest.raises(services.ChatError):
            services.message_send(user=user, room=room, text="Je ne devrais pas pouvoir")


def test_the_module_address_opens_the_room_and_a_secret_group_stays_secret(client, cast):
    room = Room.objects.get(space=cast.group)
    client.force_login(cast.people.member)
    response = client.get(f"/espace/{cast.group.slug}/discussion/")
    assert response.status_code == 302 and response["Location"].endswith(f"?salon={room.pk}")
    client.force_login(cast.people.outsider)
    assert client.get(f"/espace/{cast.secret.slug}/discussion/").status_code == 404
    secret_room = Room.objects.get(space=cast.secret)
    assert client.get(f"/espace/discussion/?salon={secret_room.pk}").status_code == 404


def test_leaving_the_group_leaves_the_room(client, cast):
    room = Room.objects.get(space=cast.group)
    services.message_send(user=cast.people.owner, room=room, text="Avant le départ")
    spaces.member_leave(space=cast.group, user=cast.people.member)
    assert not RoomMember.objects.filter(room=room, user=cast.people.member).exists()
    client.force_login(cast.people.member)
    rooms = [r["id"] for r in client.get("/espace/discussion/api/salons/").json()["rooms"]]
    assert room.pk not in rooms
    assert client.get(f"/espace/discussion/api/salons/{room.pk}/messages/").status_code == 404


def test_switching_the_module_off_hides_the_room_and_on_again_shows_it(client, cast):
    room = Room.objects.get(space=cast.group)
    services.message_send(user=cast.people.owner, room=room, text="Message gardé")
    spaces.module_set(space=cast.group, actor=cast.people.owner, module="chat", enabled=False)
    client.force_login(cast.people.member)
    assert room.pk not in [r["id"] for r in client.get("/espace/discussion/api/salons/").json()["rooms"]]
    assert client.get(f"/espace/discussion/api/salons/{room.pk}/messages/").status_code == 404
    assert client.get(f"/espace/{cast.group.slug}/discussion/").status_code == 404
    spaces.module_set(space=cast.group, actor=cast.people.owner, module="chat", enabled=True)
    texts = [m["text"] for m in client.get(f"/espace/discussion/api/salons/{room.pk}/messages/").json()["messages"]]
    assert texts == ["Message gardé"]


def test_an_archived_group_room_is_read_only(client, cast):
    room = Room.objects.get(space=cast.group)
    services.message_send(user=cast.people.member, room=room, text="Dernier message")
    spaces.group_archive(space=cast.group, actor=cast.people.owner)
    room = Room.objects.get(pk=room.pk)  # as the next request or socket message reads it
    with pytest.raises(services.ChatError) as error:
        services.message_send(user=cast.people.member, room=room, text="Trop tard")
    assert error.value.code == "read_only"
    client.force_login(cast.people.member)
    page = client.get(f"/espace/discussion/?salon={room.pk}")
    assert "Dernier message" in page.content.decode() and b"data-composer" not in page.content
    # the room says so in the room list and in the desk's Conversations widget
    room_link = page.content.decode().split(f'data-room-link="{room.pk}"')[1].split("</a>")[0]
    assert "Archivé" in room_link
    desk = client.get("/espace/").content.decode()
    assert "Archivé" in desk.split("ws-widget-chat")[1].split("</section>")[0]


def test_a_new_member_joins_the_room_and_reads_the_history(client, cast, member):
    room = Room.objects.get(space=cast.group)
    services.message_send(user=cast.people.owner, room=room, text="Bienvenue à tous")
    newcomer = member(first_name="Nina")
    invitation = spaces.member_invite(space=cast.group, actor=cast.people.owner, who=newcomer.email, role="member")
    spaces.invitation_answer(invitation=invitation, user=newcomer, accept=True)
    client.force_login(newcomer)
    rooms = {r["id"]: r for r in client.get("/espace/discussion/api/salons/").json()["rooms"]}
    assert rooms[room.pk]["unread"] == 1
