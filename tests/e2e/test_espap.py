"""esp@p's main journey in the browser: an advisor publishes slots → a mediator books one for an
inhabitant → (the call: test_espap_call.py) → the advisor records the outcome → the site's
weekly grid is pre-filled with it → the referent validates the week → the dashboard and the
public statistics show it. Then the public side: an inhabitant asks for an appointment on the
place's page and the mediator confirms it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.workspace.espap.conftest import espap, make_slot  # noqa: F401 - the people and sites of esp@p
from workspace.espap.models import Appointment, Slot

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_slots_to_the_validated_grid_and_the_figures(new_page, live_server, espap, screenshot):  # noqa: F811
    from home.demo import load_site

    load_site(log=lambda *a: None)
    advisor = new_page()
    log_in(advisor, espap.advisor)
    advisor.goto("/espace/espap/creneaux/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    advisor.get_by_label("Jour").fill(tomorrow.isoformat())
    advisor.get_by_label("Heure").fill("10:00")
    advisor.get_by_label("Créneaux à la suite").fill("2")
    advisor.get_by_label("Cyber-base d'Assier").check()
    advisor.get_by_role("button", name="Publier").click()
    expect(advisor.get_by_text("2 créneaux publiés.")).to_be_visible()
    assert Slot.objects.filter(advisor__user=espap.advisor).count() == 2

    mediator = new_page(width=390)
    log_in(mediator, espap.mediator)
    mediator.goto("/espace/espap/reserver/")
    mediator.get_by_role("link", name=re.compile(r"^10:00")).click()
    mediator.get_by_label("Nom et prénom").fill("Jeanne Vidal")
    mediator.get_by_label("Téléphone").fill("06 12 34 56 78")
    mediator.get_by_label("Objet du rendez-vous").fill("Prime d'activité")
    mediator.get_by_role("button", name="Réserver").click()
    expect(mediator.locator(".field-error, .form-errors").first).to_be_visible()  # consent missing: said, kept
    expect(mediator.get_by_label("Nom et prénom")).to_have_value("Jeanne Vidal")
    mediator.locator(".ep-consent input").check()
    mediator.get_by_role("button", name="Réserver").click()
    expect(mediator.get_by_text("Rendez-vous pris")).to_be_visible()
    assert mediator.evaluate("document.documentElement.scrollWidth") <= 390
    appointment = Appointment.objects.get()
    assert appointment.status == "confirmed" and appointment.mediator == espap.mediator

    # the appointment's time comes (the call itself is test_espap_call.py); it is put in the week
    # that just ended, so that the referent may validate that week's grid
    Slot.objects.filter(pk=appointment.slot_id).update(starts_at=timezone.now() - datetime.timedelta(days=7))
    advisor.goto(f"/espace/espap/rendez-vous/{appointment.pk}/")
    expect(advisor.get_by_text("Jeanne Vidal")).to_be_visible()
    advisor.get_by_label("Reçu").check()
    advisor.get_by_label("Catégorie de la demande").select_option("activity")
    advisor.get_by_label("Note de suivi").fill("Pièces transmises au service instructeur.")
    advisor.get_by_role("button", name="Enregistrer l'issue").click()
    expect(advisor.get_by_text("Issue enregistrée.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == "seen" and appointment.category == "activity"
    screenshot(advisor, "appointment")

    # the site's grid of that week is pre-filled with the interview; the mediator completes it
    week = timezone.localdate() - datetime.timedelta(days=7)
    year, number, _day = week.isocalendar()
    grid_url = f"/espace/espap/grilles/{espap.assier.pk}/{year}-W{number:02d}/"
    mediator.goto(grid_url)
    expect(mediator.get_by_text("Pré-rempli depuis les rendez-vous enregistrés : 1 entretien")).to_be_visible()
    expect(mediator.locator('input[name="visio_caf"]')).to_have_value("1")
    mediator.locator('input[name="service_information"]').fill("-2")
    mediator.get_by_role("button", name="Enregistrer la semaine").click()
    expect(mediator.locator(".field-error").first).to_be_visible()  # a negative count is refused, kept
    mediator.locator('input[name="service_information"]').fill("6")
    mediator.get_by_role("button", name="Enregistrer la semaine").click()
    expect(mediator.get_by_text("Les comptages de la semaine sont enregistrés.")).to_be_visible()
    assert mediator.evaluate("document.documentElement.scrollWidth") <= 390

    referent = new_page()
    log_in(referent, espap.referent)
    referent.goto("/espace/espap/grilles/?etat=a-valider")
    referent.get_by_role("link", name=re.compile("Assier")).first.click()
    referent.get_by_role("button", name="Valider").click()
    expect(referent.get_by_text("La semaine est validée")).to_be_visible()
    grid = espap.assier.espap_grids.get()
    assert grid.locked and grid.visio == {"caf": 1} and grid.services == {"information": 6}

    coordinator = new_page()
    log_in(coordinator, espap.coordinator)
    coordinator.goto("/espace/espap/tableau/")
    row = coordinator.locator("tr", has_text="Cyber-base d'Assier").first
    expect(row).to_contain_text("1")
    screenshot(coordinator, "dashboard")

    from home.models import StatisticsPage
    from tests.home import builders

    statistics = builders.child(builders.home(), StatisticsPage, title="Statistiques")
    visitor = new_page()
    visitor.goto(statistics.url)
    expect(visitor.locator("#figures-espap")).to_be_visible()
    expect(visitor.get_by_text(re.compile("entretiens en visio tenus en"))).to_be_visible()


def test_an_inhabitant_asks_on_the_place_page_and_the_mediator_confirms(new_page, espap, make_slot):  # noqa: F811
    from home.demo import load_site

    load_site(log=lambda *a: None)
    make_slot(days=2, hour=14)
    visitor = new_page(width=390)
    visitor.goto(espap.assier.url)
    visitor.get_by_role("link", name="Demander un rendez-vous en visio").click()
    visitor.locator(".ep-choice input").first.check()
    visitor.get_by_label("Nom et prénom").fill("Paul Rigal")
    visitor.get_by_label("Téléphone").fill("06 11 22 33 44")
    visitor.get_by_label("Objet du rendez-vous").fill("Ma retraite")
    visitor.locator(".ep-consent input").check()
    visitor.get_by_role("button", name="Envoyer ma demande").click()
    expect(visitor.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 390
    appointment = Appointment.objects.get()
    assert appointment.status == "requested"

    mediator = new_page()
    log_in(mediator, espap.mediator)
    mediator.goto("/espace/espap/")
    expect(mediator.get_by_text("1 demande du site public à confirmer")).to_be_visible()
    mediator.get_by_role("link", name=re.compile(r"\d\d:\d\d")).first.click()
    mediator.get_by_role("button", name="Confirmer le rendez-vous").click()
    expect(mediator.get_by_text("Rendez-vous confirmé")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == "confirmed" and appointment.mediator == espap.mediator
