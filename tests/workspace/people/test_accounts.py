"""Logging in with an e-mail, out, changing and resetting a password, lockout after 5 failures."""

import re

import pytest
from django.core import mail

from core import roles
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_is_case_insensitive_and_opens_the_workspace(client, create_user):
    user = create_user(role=roles.ANIMATOR, email="camille.delpech@exemple.test")
    response = client.post("/compte/connexion/", {"username": "Camille.Delpech@Exemple.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/espace/"
    page = client.get("/espace/")
    assert page.status_code == 200
    assert user.first_name in page.content.decode()


def test_wrong_password_redisplays_the_form_with_a_french_message(client, create_user):
    user = create_user()
    response = client.post("/compte/connexion/", {"username": user.email, "password": "mauvais"})
    assert response.status_code == 200
    assert "ne correspondent à aucun compte" in response.content.decode()
    assert response.context["form"]["username"].value() == user.email


def test_workspace_requires_login(client):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/espace/")


def test_logout_is_a_post_and_ends_the_session(client, create_user, login):
    login(create_user())
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert client.get("/espace/").status_code == 302


def test_five_failures_lock_the_account_from_that_address_with_a_french_message(client, create_user):
    user = create_user()
    for _ in range(4):
        assert client.post("/compte/connexion/", {"username": user.email, "password": "faux"}).status_code == 200
    locked = client.post("/compte/connexion/", {"username": user.email, "password": "faux"})
    assert locked.status_code == 429
    assert "Compte temporairement bloqué" in locked.content.decode()
    # even the right password is refused while locked
    again = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert again.status_code == 429
    # another member behind the same connection can still log in
    other = create_user()
    assert client.post("/compte/connexion/", {"username": other.email, "password": PASSWORD}).status_code == 302


def test_lock_expires_after_fifteen_minutes(client, create_user):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    user = create_user()
    for _ in range(5):
        client.post("/compte/connexion/", {"username": user.email, "password": "faux"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302


def test_password_change(client, create_user, login):
    user = create_user()
    login(user)
    response = client.post(
        "/compte/mot-de-passe/changer/",
        {"old_password": PASSWORD, "new_password1": "Causse-du-Quercy-2026", "new_password2": "Causse-du-Quercy-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Causse-du-Quercy-2026")


def test_password_reset_sends_a_working_link_in_french(client, create_user):
    user = create_user(email="lea.vidal@exemple.test")
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "LEA.VIDAL@exemple.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea.vidal@exemple.test"]
    assert "nouveau mot de passe" in message.subject
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Vallee-du-Lot-46", "new_password2": "Vallee-du-Lot-46"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Vallee-du-Lot-46")


def test_password_reset_for_unknown_address_says_nothing_more(client):
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "personne@exemple.test"})
    assert response.status_code == 302
    assert mail.outbox == []
