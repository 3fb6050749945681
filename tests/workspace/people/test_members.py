"""Profiles with per-field visibility, and the member directory."""

import pytest

from tests import factories
from workspace.contacts import services as contacts

pytestmark = pytest.mark.django_db


def test_contact_details_follow_the_visibility_chosen(client, create_user):
    owner = create_user(phone="05 65 22 33 44", phone_visibility="contacts", email_visibility="private")
    stranger, friend = create_user(), create_user()
    contacts.contact_request_accept(user=owner, request=contacts.contact_request_send(sender=friend, recipient=owner))
    client.force_login(stranger)
    html = client.get(f"/espace/membres/{owner.pk}/").content.decode()
    assert "05 65 22 33 44" not in html and owner.email not in html
    client.force_login(friend)
    html = client.get(f"/espace/membres/{owner.pk}/").content.decode()
    assert "05 65 22 33 44" in html and owner.email not in html
    client.force_login(owner)
    html = client.get(f"/espace/membres/{owner.pk}/").content.decode()
    assert "05 65 22 33 44" in html and owner.email in html


def test_profiles_are_for_members_only(client, create_user):
    member = create_user()
    response = client.get(f"/espace/membres/{member.pk}/")
    assert response.status_code == 302
    assert client.get("/espace/membres/").status_code == 302


def test_directory_search_and_filters(client, create_user):
    figeac = factories.TerritoryFactory(name="Grand-Figeac")
    cahors = factories.TerritoryFactory(name="Grand Cahors")
    place = factories.place(figeac, title="Cyber-base de Leyme", commune="Leyme")
    a = create_user(first_name="Aurélie", last_name="Maury", territory=figeac, place=place, job_title="Médiatrice")
    a.skills.add("PIX", "visio-accueil")
    b = create_user(first_name="Romain", last_name="Delmas", territory=cahors)
    inactive = create_user(first_name="Aurélien", is_active=False)
    client.force_login(b)

    def found(**params):
        return list(client.get("/espace/membres/", params).context["page_obj"].object_list)

    assert found(q="maury") == [a]
    assert found(q="Leyme") == [a]
    assert found(skill="pix") == [a]
    assert found(territory=cahors.pk) == [b]
    assert found(place=place.pk) == [a]
    assert inactive not in found(q="Aur")


def test_profile_edit_saves_skills_and_visibility(client, create_user, login):
    user = create_user()
    login(user)
    client.post(
        "/espace/profil/",
        {
            "first_name": "Léa",
            "last_name": "Vidal",
            "skills": "PIX, photo numérique",
            "email_visibility": "contacts",
            "phone_visibility": "private",
        },
    )
    user.refresh_from_db()
    assert sorted(t.name for t in user.skills.all()) == ["PIX", "photo numérique"]
    assert user.email_visibility == "contacts"
