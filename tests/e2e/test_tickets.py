"""The whole Ticket déclic journey in the browser: the prescriber issues a ticket and downloads
its PDF; an animator registers it by its reference, holds the positioning interview, takes
attendance at ten sessions and fills sheets; the course completes; the manager validates and
pays the place's claim, finds it on the statement; the learner opens their log by its link."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from tests.e2e.helpers import log_in
from tests.factories import TerritoryFactory, place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_ticket_from_issue_to_payment_and_the_learners_log(new_page, create_user, screenshot):
    from workspace.tickets import catalogue
    from workspace.tickets.models import CourseModule, Organisation, PartnerPlace, Session, Ticket

    catalogue.load()
    gramat = place(TerritoryFactory(name="Cauvaldor"), title="Cyber-base de Gramat")
    partner = PartnerPlace.objects.create(place=gramat)
    modules = list(CourseModule.objects.order_by("number")[:10])
    partner.modules.set(modules)
    prescriber = create_user(role=roles.PRESCRIBER, first_name="Agnès", last_name="Soulié")
    Organisation.objects.create(name="Conseil départemental du Lot").members.add(prescriber)
    animator = create_user(role=roles.ANIMATOR, first_name="Anne", last_name="Delpech", place=gramat)
    manager = create_user(role=roles.TICKET_MANAGER, first_name="Karim", last_name="Benali")

    # the prescriber issues the ticket and downloads its PDF
    page = new_page()
    log_in(page, prescriber)
    page.get_by_role("link", name="Ticket déclic").first.click()
    page.get_by_role("link", name="Émettre un ticket").first.click()
    page.get_by_role("button", name="Émettre le ticket").click()  # nothing filled: the form says what is missing
    expect(page.locator(".form-errors")).to_be_visible()
    page.get_by_label("Prénom").fill("Lucie")
    page.get_by_label("Nom", exact=True).fill("Bessières")
    page.get_by_label("Public").select_option("senior")
    page.get_by_label("Commune").fill("Gramat")
    page.get_by_label("Adresse e-mail").fill("lucie@exemple.test")
    page.locator("input[name=consent]").check()
    screenshot(page, "issue")
    page.get_by_role("button", name="Émettre le ticket").click()
    expect(page.get_by_role("heading", name="Lucie Bessières")).to_be_visible()
    ticket = Ticket.objects.get()
    with page.expect_response(lambda r: "/pdf/" in r.url) as pdf:
        page.evaluate("url => fetch(url)", f"/espace/tickets/t/{ticket.reference}/pdf/")
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
    screenshot(page, "issued")
    page.context.close()

    # the animator registers it by its reference, typed in lower case with spaces
    page = new_page(width=390, height=844)
    log_in(page, animator)
    page.goto("/espace/tickets/inscrire/")
    page.get_by_label("Référence du ticket").fill(ticket.display_reference.lower().replace("-", " "))
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Ticket valable")).to_be_visible()
    screenshot(page, "register-phone")
    page.get_by_role("button", name="Inscrire Lucie Bessières dans mon lieu").click()
    expect(page.get_by_text("Lucie Bessières est inscrit(e) dans votre lieu.")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})

    # positioning interview
    page.get_by_role("link", name="Enregistrer l'entretien").click()
    page.locator("select").first.select_option("1")
    page.get_by_label("Notes").fill("Veut écrire à ses petits-enfants.")
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(page.get_by_text("Entretien de positionnement enregistré.")).to_be_visible()

    # ten sessions: the first planned through the form, the others already in the calendar
    for n in range(10):
        Session.objects.create(
            place=partner,
            starts_at=timezone.now() - datetime.timedelta(days=20 - 2 * n, hours=1),
            module=modules[n],
            animator=animator,
        )
    for n, session in enumerate(Session.objects.order_by("starts_at")):
        page.goto(f"/espace/tickets/t/{ticket.reference}/")
        page.get_by_label("Inscrire à une séance").select_option(str(session.pk))
        page.get_by_role("button", name="Inscrire", exact=True).click()
        page.goto(f"/espace/tickets/seances/{session.pk}/")
        page.get_by_label("Présent").check()
        page.get_by_role("button", name="Enregistrer les présences").click()
        expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
        if n in (0, 9):  # the sheet: the first time and at the end
            page.get_by_role("link", name="Fiche de positionnement").click()
            page.locator("input[type=radio][value=acquired]").nth(n // 9).check()
            page.locator("input[type=radio][value=progress]").nth(2).check()
            if n == 9:
                screenshot(page, "sheet")
            page.get_by_role("button", name="Enregistrer la fiche").click()
            expect(page.get_by_text("Fiche enregistrée")).to_be_visible()
    page.goto(f"/espace/tickets/t/{ticket.reference}/")
    expect(page.locator(".tk-status", has_text="Terminé")).to_be_visible()
    screenshot(page, "completed")
    page.context.close()

    # the manager validates and pays; the statement lists it
    page = new_page()
    log_in(page, manager)
    page.goto("/espace/tickets/paiements/")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Demande validée.")).to_be_visible()
    page.goto("/espace/tickets/paiements/?etat=validated")
    page.get_by_label("Référence du paiement").fill("VIR-2026-001")
    page.get_by_role("button", name="Marquer payé").click()
    expect(page.get_by_text("Demande marquée payée.")).to_be_visible()
    screenshot(page, "paid")
    statement = page.request.get("/espace/tickets/paiements/releve.csv")
    assert statement.status == 200 and ticket.reference in statement.text().replace("-", "")
    page.context.close()

    # the learner opens their log by its personal link, without an account
    ticket.refresh_from_db()
    page = new_page(width=390, height=844)
    page.goto(f"/espace/tickets/carnet/{ticket.log_token}/")
    expect(page.get_by_role("heading", name="Bonjour Lucie, voici votre carnet d'apprentissage")).to_be_visible()
    expect(page.get_by_text("20 h", exact=True)).to_be_visible()  # the ten sessions, done
    expect(page.get_by_text("sur 20 heures d'ateliers")).to_be_visible()
    screenshot(page, "log-phone")
