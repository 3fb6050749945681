"""A visitor filters the directory and opens a place; a referent edits only their territory's places."""

import pytest

from directory.services import territory_referent_assign
from tests.directory.helpers import complete_place
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, TerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    from home.demo import load_site

    load_site(log=lambda *a, **k: None)
    cahors, figeac = TerritoryFactory(name="Grand Cahors"), TerritoryFactory(name="Grand-Figeac")
    places = {
        "cahors": complete_place(
            cahors, title="EPM de Cahors", services=["Aide aux démarches administratives"], espap=True
        ),
        "pradines": complete_place(
            cahors, title="EPM de Pradines", commune="Pradines", services=["Loisirs et créations numériques"]
        ),
        "figeac": complete_place(
            figeac,
            title="EPM de Figeac",
            commune="Figeac",
            postcode="46100",
            latitude=44.6086,
            longitude=2.0317,
            services=["Aide aux démarches administratives"],
            opening_hours="Tu-Sa 09:30-12:30",
        ),
    }
    return cahors, figeac, places


def test_visitor_filters_by_service_and_territory_and_opens_a_place(directory, new_page, screenshot):
    for width in (1280, 390):
        page = new_page(width=width)
        page.goto("/annuaire/")
        assert page.locator(".result-item").count() == 3
        if width < 800:
            page.locator("summary", has_text="Filtres").click()
        page.get_by_label("Service").select_option("Aide aux démarches administratives")
        page.get_by_label("Territoire").select_option("grand-figeac")
        page.get_by_role("button", name="Afficher les lieux").click()
        page.wait_for_url("**/annuaire/?*")
        items = page.locator(".result-item")
        assert items.count() == 1
        page.wait_for_selector("#directory-map .leaflet-container, #directory-map.leaflet-container")
        screenshot(page, f"filtered-{width}")
        assert_accessible(page)
        items.get_by_role("link", name="EPM de Figeac").click()
        assert page.get_by_role("heading", level=1, name="EPM de Figeac").is_visible()
        table = page.locator(".hours-week")
        assert "mardi" in table.inner_text().lower() and "9 h 30 à 12 h 30" in table.inner_text()
        screenshot(page, f"place-{width}")
        assert_accessible(page)


def test_referent_edits_a_place_of_their_territory_only(directory, new_page, screenshot, create_user):
    cahors, _figeac, places = directory
    referent = create_user(email="referent@exemple.test")
    territory_referent_assign(user=referent, territory=cahors)
    page = new_page()
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(referent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/")
    page.goto(f"/admin/pages/{places['cahors'].pk}/edit/")
    page.locator("#id_summary").fill("Accueil libre et ateliers pour tous.")
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/admin/pages/*/")
    screenshot(page, "referent-published")
    from directory.models import PlacePage

    assert PlacePage.objects.get(pk=places["cahors"].pk).summary == "Accueil libre et ateliers pour tous."
    response = page.goto(f"/admin/pages/{places['figeac'].pk}/edit/")
    assert "/edit/" not in page.url or response.status == 403
    assert page.locator("#id_summary").count() == 0


def test_place_titles_reach_the_map_as_text_never_as_html(directory, new_page):
    """Leaflet puts a string into innerHTML: a title holding markup must show as typed."""
    cahors, _figeac, _places = directory
    title = "EPM <img src=x onerror=alert(1)> <b>Gourdon</b>"
    place = complete_place(cahors, title=title, slug="epm-gourdon", commune="Gourdon", latitude=44.737, longitude=1.383)
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # the place's own page: the marker's tooltip
    page.goto(place.url)
    page.locator("#place-map path.leaflet-interactive").hover()
    tooltip = page.locator("#place-map .leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == title
    assert page.locator("#place-map .leaflet-tooltip img, #place-map .leaflet-tooltip b").count() == 0

    # the directory's map: the marker's popup
    page.goto("/annuaire/?q=Gourdon")
    marker = page.locator("#directory-map path.leaflet-interactive")
    marker.wait_for()
    marker.click()
    popup = page.locator("#directory-map .leaflet-popup-content")
    popup.wait_for()
    link = popup.locator(".popup-title a")
    assert link.inner_text() == title
    assert link.get_attribute("href") == place.url
    assert "Gourdon" in popup.locator(".popup-meta").inner_text()
    assert page.locator("#directory-map .leaflet-popup img, #directory-map .leaflet-popup b").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
