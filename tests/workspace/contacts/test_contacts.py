"""Contacts, Facebook-style: request, accept, decline, cancel, remove, block; suggestions."""

import pytest

from tests import factories
from workspace.contacts import selectors, services
from workspace.contacts.models import ContactRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(create_user):
    return create_user(first_name="Camille"), create_user(first_name="Julien")


def test_request_accept_makes_a_symmetric_contact(client, pair):
    camille, julien = pair
    client.force_login(camille)
    client.post(f"/espace/contacts/membre/{julien.pk}/request/", {"message": "On s'est vus à Gramat !"})
    request = ContactRequest.objects.get()
    assert request.message == "On s'est vus à Gramat !"
    client.force_login(julien)
    page = client.get("/espace/contacts/")
    assert "On s&#x27;est vus à Gramat" in page.content.decode()
    client.post(f"/espace/contacts/demande/{request.pk}/accept/")
    assert selectors.are_contacts(camille, julien) and selectors.are_contacts(julien, camille)
    assert list(selectors.contacts_of(camille)) == [julien]


def test_decline_and_cancel(client, pair):
    camille, julien = pair
    first = services.contact_request_send(sender=camille, recipient=julien)
    client.force_login(julien)
    client.post(f"/espace/contacts/demande/{first.pk}/decline/")
    first.refresh_from_db()
    assert first.status == "declined" and not selectors.are_contacts(camille, julien)
    second = services.contact_request_send(sender=camille, recipient=julien)
    client.force_login(camille)
    client.post(f"/espace/contacts/demande/{second.pk}/cancel/")
    second.refresh_from_db()
    assert second.status == "cancelled"


def test_asking_back_accepts(pair):
    camille, julien = pair
    services.contact_request_send(sender=camille, recipient=julien)
    services.contact_request_send(sender=julien, recipient=camille)
    assert selectors.are_contacts(camille, julien)


def test_nobody_can_act_on_someone_elses_request(client, pair, create_user):
    camille, julien = pair
    request = services.contact_request_send(sender=camille, recipient=julien)
    intruder = create_user()
    client.force_login(intruder)
    assert client.post(f"/espace/contacts/demande/{request.pk}/accept/").status_code == 404
    assert client.post(f"/espace/contacts/demande/{request.pk}/cancel/").status_code == 404
    # the sender cannot accept their own request either
    client.force_login(camille)
    assert client.post(f"/espace/contacts/demande/{request.pk}/accept/").status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_remove_contact(client, pair):
    camille, julien = pair
    services.contact_request_accept(
        user=julien, request=services.contact_request_send(sender=camille, recipient=julien)
    )
    client.force_login(julien)
    client.post(f"/espace/contacts/membre/{camille.pk}/remove/")
    assert not selectors.are_contacts(camille, julien) and not selectors.are_contacts(julien, camille)


def test_blocked_member_cannot_request_and_is_hidden(client, pair):
    camille, julien = pair
    services.contact_request_accept(
        user=julien, request=services.contact_request_send(sender=camille, recipient=julien)
    )
    client.force_login(julien)
    client.post(f"/espace/contacts/membre/{camille.pk}/block/")
    assert not selectors.are_contacts(camille, julien)
    client.force_login(camille)
    response = client.post(f"/espace/contacts/membre/{julien.pk}/request/", follow=True)
    assert "Vous ne pouvez pas envoyer" in response.content.decode()
    assert not ContactRequest.objects.filter(status="pending").exists()
    # the blocked member no longer sees the profile nor finds them in the directory
    assert client.get(f"/espace/membres/{julien.pk}/").status_code == 404
    assert julien not in client.get("/espace/membres/").context["page_obj"].object_list
    # unblocking restores the possibility
    services.member_unblock(user=julien, other=camille)
    services.contact_request_send(sender=camille, recipient=julien)


def test_cannot_request_oneself_or_twice(pair):
    camille, julien = pair
    with pytest.raises(services.ContactError):
        services.contact_request_send(sender=camille, recipient=camille)
    services.contact_request_send(sender=camille, recipient=julien)
    with pytest.raises(services.ContactError):
        services.contact_request_send(sender=camille, recipient=julien)


def test_suggestions_same_place_territory_and_contacts_of_contacts(create_user):
    territory = factories.TerritoryFactory(name="Grand-Figeac")
    other_territory = factories.TerritoryFactory(name="Quercy Blanc")
    place = factories.place(territory, title="Cyber-base d'Assier")
    me = create_user(place=place, territory=territory)
    colleague = create_user(place=place, territory=territory)
    neighbour = create_user(territory=territory)
    friend = create_user(territory=other_territory)
    friend_of_friend = create_user(territory=other_territory)
    stranger = create_user(territory=other_territory)
    services.contact_request_accept(user=friend, request=services.contact_request_send(sender=me, recipient=friend))
    services.contact_request_accept(
        user=friend_of_friend, request=services.contact_request_send(sender=friend, recipient=friend_of_friend)
    )
    suggested = selectors.suggestions(me)
    assert suggested[0] == colleague
    assert set(suggested) == {colleague, neighbour, friend_of_friend}
    assert friend not in suggested and stranger not in suggested


def test_the_contacts_page_shows_who_is_online_and_when_the_others_were_seen(client, pair, create_user, monkeypatch):
    from core import presence

    camille, julien = pair
    lucie = create_user(first_name="Lucie")
    for other in (julien, lucie):
        request = services.contact_request_send(sender=camille, recipient=other)
        services.contact_request_accept(user=other, request=request)
    presence.connect(julien.pk)
    monkeypatch.setattr(presence.time, "time", lambda: 1_000.0)
    presence.connect(lucie.pk)
    presence.disconnect(lucie.pk)  # left long ago
    client.force_login(camille)
    page = client.get("/espace/contacts/").content.decode()
    cards = {name: page.split(name)[1].split("</li>")[0] for name in ("Julien", "Lucie")}
    assert "presence-online" in cards["Julien"] and "en ligne" in cards["Julien"]
    assert "presence-offline" in cards["Lucie"] and "vu il y a" in cards["Lucie"]
