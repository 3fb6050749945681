"""A visitor registers; the referent approves; the new member sets a password from the e-mail,
logs in, has a contact request accepted and sees the contact's post."""

import re

import pytest
from django.core import mail

from core import roles
from directory.services import territory_referent_assign
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD
from workspace.contacts import services as contacts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_registration_to_first_contact(new_page, screenshot, create_user):
    from home.demo import load_site

    load_site(log=lambda *a, **k: None)
    figeac = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    factories.place(figeac, title="Cyber-base d'Assier", commune="Assier")
    referent = create_user(email="referent@exemple.test", first_name="Rémi")
    territory_referent_assign(user=referent, territory=figeac)
    colleague = create_user(role=roles.ANIMATOR, first_name="Aurélie", last_name="Maury", territory=figeac)
    contacts.post_create(author=colleague, text="Atelier tablettes jeudi à Assier", visibility="contacts")

    # a visitor asks for an account
    visitor = new_page()
    visitor.goto("/compte/connexion/")
    visitor.get_by_role("link", name="Demander un compte").click()
    visitor.get_by_label("Prénom").fill("Lucie")
    visitor.get_by_label(re.compile(r"^Nom\b")).fill("Bonnefous")
    visitor.get_by_label("Adresse e-mail").fill("lucie@exemple.test")
    visitor.get_by_label("Territoire").select_option(label="Grand-Figeac")
    visitor.get_by_label("Lieu").select_option(label="Assier – Cyber-base d'Assier")
    visitor.get_by_label("Message").fill("Nouvelle animatrice à Assier.")
    assert_accessible(visitor)
    screenshot(visitor, "register")
    visitor.get_by_role("button", name="Envoyer ma demande").click()
    assert visitor.get_by_role("heading", name="Demande envoyée").is_visible()

    # the referent approves it from the console
    referent_page = new_page()
    log_in(referent_page, referent.email, PASSWORD)
    referent_page.goto("/espace/territoires/grand-figeac/")
    assert referent_page.get_by_role("heading", name="Lucie Bonnefous").is_visible()
    screenshot(referent_page, "console")
    referent_page.get_by_role("button", name="Accepter et créer le compte").click()
    assert referent_page.get_by_text("Le compte de Lucie Bonnefous est créé").is_visible()

    # the new member chooses a password from the e-mail and logs in
    body = next(m.body for m in mail.outbox if m.to == ["lucie@exemple.test"])
    link = re.search(r"https?://[^/\s]+(/compte/mot-de-passe/nouveau/\S+/)", body).group(1)
    visitor.goto(link)
    visitor.get_by_label(re.compile(r"^Nouveau mot de passe\s*:?$")).fill("Cyberbase-Assier-46")
    visitor.get_by_label("Confirmation du nouveau mot de passe").fill("Cyberbase-Assier-46")
    visitor.get_by_role("button", name="Enregistrer mon mot de passe").click()
    log_in(visitor, "lucie@exemple.test", "Cyberbase-Assier-46")

    # she asks Aurélie to be a contact; Aurélie accepts
    visitor.goto(f"/espace/membres/{colleague.pk}/")
    visitor.get_by_role("button", name="Ajouter aux contacts").click()
    assert visitor.get_by_text("Demande envoyée").first.is_visible()
    aurelie = new_page()
    log_in(aurelie, colleague.email, PASSWORD)
    aurelie.goto("/espace/contacts/")
    aurelie.get_by_role("button", name="Accepter").click()

    # and sees her post on her desk, then in her stream
    visitor.goto("/espace/")
    assert visitor.locator(".ws-widget-activity").get_by_text("Atelier tablettes jeudi à Assier").is_visible()
    screenshot(visitor, "desk")
    visitor.goto("/espace/contacts/fil/")
    assert visitor.get_by_text("Atelier tablettes jeudi à Assier").is_visible()
    screenshot(visitor, "stream")
    assert_accessible(visitor)
