"""A visitor narrows the public agenda to their territory and a theme, then sees the month's map."""

import datetime

import pytest
from django.utils import timezone

from home import models
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.home import builders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_month(day, hour=14):
    today = timezone.localdate()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def event(title, start, **fields):
    return builders.event_index().add_child(
        instance=models.EventPage(
            title=title,
            slug=f"evenement-{models.EventPage.objects.count() + 1}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            summary=f"Résumé de {title}",
            **fields,
        )
    )


@pytest.fixture
def agenda():
    builders.event_index()
    figeac_t = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    cahors_t = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    figeac = factories.place(figeac_t, title="EPM de Figeac", commune="Figeac", latitude=44.6086, longitude=2.0317)
    assier = factories.place(
        figeac_t, title="Cyber-base d'Assier", commune="Assier", latitude=44.6731, longitude=1.8786
    )
    lacapelle = factories.place(
        figeac_t,
        title="Mairie de Lacapelle-Marival, salle du conseil municipal",
        commune="Lacapelle-Marival",
        latitude=44.7278,
        longitude=1.9264,
    )
    cahors = factories.place(cahors_t, title="EPM de Cahors", commune="Cahors", latitude=44.4475, longitude=1.441)
    theme, audience = models.EventPage.Theme, models.EventPage.Audience
    event("Créer son adresse e-mail", in_month(3), place=figeac, theme=theme.INTERNET, audience=audience.SENIORS)
    event("Envoyer des photos par e-mail", in_month(10), place=figeac, theme=theme.INTERNET)
    event("Bien utiliser sa messagerie", in_month(12, 10), place=assier, theme=theme.INTERNET)
    event("Premiers pas sur la tablette", in_month(17), place=lacapelle, theme=theme.MOBILE)
    event("Démarches en ligne : la CAF", in_month(5), place=cahors, theme=theme.ONLINE_SERVICES)
    event("Internet à Cahors", in_month(6), place=cahors, theme=theme.INTERNET)
    return in_month(1)


def test_visitor_filters_the_agenda_and_sees_the_month_map(agenda, new_page, screenshot):
    month = agenda
    for width in (1280, 390):
        page = new_page(width=width)
        # No tile server in the tests: the map must still show its markers (and the list).
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        page.goto("/agenda/")
        assert page.locator(".event-item").count() == 6
        assert page.locator("#agenda-count").inner_text().startswith("6 événements à venir")

        page.get_by_label("Territoire").select_option("grand-figeac")
        page.get_by_role("button", name="Filtrer les événements").click()
        page.wait_for_url("**/agenda/?territoire=grand-figeac*")
        assert page.locator(".event-item").count() == 4
        assert page.locator("#agenda-count").inner_text() == "4 événements à venir pour\u00a0: Grand-Figeac"

        page.get_by_label("Thème").select_option("internet")
        page.get_by_role("button", name="Filtrer les événements").click()
        page.wait_for_url("**theme=internet*")
        items = page.locator(".event-item")
        assert items.count() == 3
        assert page.locator("#agenda-count").inner_text().startswith("3 événements à venir pour\u00a0: Grand-Figeac, ")
        assert items.first.get_by_role("link").inner_text() == "Créer son adresse e-mail"
        assert "Internet à Cahors" not in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"filtered-{width}")
        assert_accessible(page)

        # The month view keeps the filters; the map shows one marker per place of the month.
        page.get_by_role("link", name="Par mois").click()
        page.wait_for_url("**/agenda/mois/**territoire=grand-figeac*")
        if f"/{month.year}/{month.month}/" not in page.url:
            page.get_by_role("link", name="Mois suivant").click()
            page.wait_for_url(f"**/agenda/mois/{month.year}/{month.month}/?territoire=grand-figeac&theme=internet")
        page.wait_for_selector("#agenda-map .leaflet-marker-icon")
        assert page.locator("#agenda-map .leaflet-marker-icon").count() == 2  # Figeac (2 events) and Assier
        assert page.locator(".month-day .event-item").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        figeac = page.locator(".leaflet-marker-icon", has_text="2")
        figeac.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "EPM de Figeac" in popup.inner_text()
        assert "Envoyer des photos par e-mail" in popup.inner_text()
        page.wait_for_selector("#agenda-map-notice:not([hidden])")  # no tiles, and the page says so
        page.wait_for_timeout(400)  # the popup fades in
        screenshot(page, f"month-map-{width}")
        assert_accessible(page)


def test_odd_filters_show_a_message_not_an_error(agenda, new_page, screenshot):
    page = new_page(width=390)
    response = page.goto("/agenda/?lieu=abc&theme=zzz&territoire=%3Cscript%3E&page=999")
    assert response.status == 200
    assert page.locator(".event-item").count() == 6
    assert page.get_by_role("alert").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "odd-filters-390")
    assert_accessible(page)
    page.get_by_role("link", name="Réinitialiser").click()
    page.wait_for_url("**/agenda/")
    assert page.get_by_role("alert").count() == 0
