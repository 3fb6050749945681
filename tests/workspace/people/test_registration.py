"""Registration: request → referent approval → account ready; declines, duplicates, spam, expiry."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core import roles
from directory.services import territory_referent_assign
from tests import factories
from workspace.people import services
from workspace.people.models import AuditEntry, RegistrationRequest

pytestmark = pytest.mark.django_db
# E-mails leave after the commit, as in a real request: the tests that read them commit.
commits = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cahors(create_user):
    territory = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    referent = create_user(email="referent.cahors@exemple.test")
    territory_referent_assign(user=referent, territory=territory)
    return territory, referent


def form_data(territory, **extra):
    data = {
        "first_name": "Lucie",
        "last_name": "Bonnefous",
        "email": "lucie@exemple.test",
        "territory": territory.pk,
        "place": "",
        "role": "animator",
        "message": "Nouvelle animatrice à Catus.",
        "website": "",
    }
    data.update(extra)
    return data


@commits
def test_visitor_request_reaches_the_referent_of_the_territory(client, cahors):
    territory, referent = cahors
    place = factories.place(territory, title="Cyber-base de Catus", commune="Catus")
    response = client.post("/inscription/", form_data(territory, place=place.pk))
    assert response.status_code == 302
    assert response["Location"] == "/inscription/merci/"
    request = RegistrationRequest.objects.get()
    assert request.status == RegistrationRequest.Status.PENDING
    assert request.place == place
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert "/espace/territoires/grand-cahors/" in mail.outbox[0].body
    assert "Lucie Bonnefous" in mail.outbox[0].body


@commits
def test_approval_creates_the_account_and_the_person_sets_a_password(client, cahors):
    territory, referent = cahors
    client.post("/inscription/", form_data(territory))
    request = RegistrationRequest.objects.get()
    mail.outbox.clear()
    client.force_login(referent)
    response = client.post(f"/espace/territoires/grand-cahors/demandes/{request.pk}/approve/")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="lucie@exemple.test")
    assert user.territory == territory
    assert roles.has_role(user, roles.ANIMATOR)
    assert not user.has_usable_password()
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.APPROVED and request.decided_by == referent
    assert AuditEntry.objects.filter(action="registration.approve", actor=referent, territory=territory).exists()
    # the e-mail link lets the new member choose a password and log in
    assert mail.outbox[-1].to == ["lucie@exemple.test"]
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Cyberbase-Catus-46", "new_password2": "Cyberbase-Catus-46"})
    response = client.post("/compte/connexion/", {"username": "lucie@exemple.test", "password": "Cyberbase-Catus-46"})
    assert response.status_code == 302


@commits
def test_decline_needs_a_reason_which_is_sent(client, cahors):
    territory, referent = cahors
    client.post("/inscription/", form_data(territory))
    request = RegistrationRequest.objects.get()
    client.force_login(referent)
    client.post(f"/espace/territoires/grand-cahors/demandes/{request.pk}/decline/", {"reason": ""})
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.PENDING
    client.post(
        f"/espace/territoires/grand-cahors/demandes/{request.pk}/decline/",
        {"reason": "Merci de passer par l'EPM de votre commune."},
    )
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.DECLINED
    assert "Merci de passer par l'EPM" in mail.outbox[-1].body
    assert not get_user_model().objects.filter(email="lucie@exemple.test").exists()


def _answer(client, data):
    """What a visitor observes of a registration: the response, then the page it leads to."""
    response = client.post("/inscription/", data)
    followed = client.get(response["Location"]) if response.status_code == 302 else response
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", followed.content.decode())
    return response.status_code, response.get("Location"), followed.status_code, text


@commits
def test_a_known_address_gets_the_same_answer_and_its_owner_an_e_mail(client, cahors, create_user):
    territory, referent = cahors
    owner = create_user(email="deja@exemple.test", first_name="Marthe")
    known = _answer(client, form_data(territory, email="Deja@Exemple.test"))
    client.cookies.clear()
    unknown = _answer(client, form_data(territory, email="inconnue@exemple.test"))
    assert known == unknown
    assert known[:2] == (302, "/inscription/merci/")
    assert "Demande envoyée" in known[3]
    assert not RegistrationRequest.objects.filter(email__iexact=owner.email).exists()
    # the owner is told, in French, and given the ways in; the referent hears of the new person only
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(to_owner) == 1
    body = to_owner[0].body
    assert "Bonjour Marthe" in body and "Vous avez déjà un compte" in body
    assert "http://testserver/compte/connexion/" in body
    assert "http://testserver/compte/mot-de-passe/oublie/" in body
    assert [m.to for m in mail.outbox if m.to == [referent.email]] == [[referent.email]]


@commits
def test_an_address_with_a_request_waiting_gets_the_same_answer_and_no_duplicate(client, cahors):
    territory, _ = cahors
    first = _answer(client, form_data(territory))
    mail.outbox.clear()
    client.cookies.clear()
    again = _answer(client, form_data(territory, email="LUCIE@exemple.test", first_name="Lucy"))
    assert again == first
    assert RegistrationRequest.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["lucie@exemple.test"]]
    assert "attend déjà la réponse" in mail.outbox[0].body


def test_form_errors_are_still_shown_for_a_known_address(client, cahors, create_user):
    territory, _ = cahors
    create_user(email="deja@exemple.test")
    other = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    place = factories.place(other, title="EPM de Figeac", commune="Figeac")
    response = client.post("/inscription/", form_data(territory, email="deja@exemple.test", place=place.pk))
    assert response.status_code == 200
    assert "place" in response.context["form"].errors
    response = client.post("/inscription/", form_data(territory, email="deja@exemple.test", last_name=""))
    assert response.status_code == 200
    assert "last_name" in response.context["form"].errors
    assert RegistrationRequest.objects.count() == 0


def test_invalid_form_redisplays_with_the_values(client, cahors):
    territory, _ = cahors
    response = client.post("/inscription/", form_data(territory, email="pas-une-adresse"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert form["first_name"].value() == "Lucie"


def test_honeypot_keeps_nothing(client, cahors):
    territory, _ = cahors
    response = client.post("/inscription/", form_data(territory, website="http://spam.example"))
    assert response.status_code == 302
    assert RegistrationRequest.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_connection(client, cahors):
    territory, _ = cahors
    for n in range(5):
        assert client.post("/inscription/", form_data(territory, email=f"p{n}@exemple.test")).status_code == 302
    response = client.post("/inscription/", form_data(territory, email="p6@exemple.test"))
    assert response.status_code == 200
    assert "Trop de demandes" in response.content.decode()
    assert RegistrationRequest.objects.count() == 5


def test_pending_requests_expire_after_30_days(cahors):
    territory, _ = cahors
    old = services.registration_submit(first_name="A", last_name="B", email="old@exemple.test", territory=territory)
    fresh = services.registration_submit(first_name="C", last_name="D", email="new@exemple.test", territory=territory)
    RegistrationRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("expire_registrations", verbosity=0)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == RegistrationRequest.Status.EXPIRED
    assert fresh.status == RegistrationRequest.Status.PENDING
