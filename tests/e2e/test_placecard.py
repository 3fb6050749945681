"""A place's card in a browser: the animator changes the hours in the workspace, the referent
of the territory approves in the Wagtail admin, the public page says the new hours in French."""

import pytest

from core import roles
from directory.services import territory_referent_assign
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, TerritoryFactory, place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


def test_animator_changes_hours_referent_approves_public_page_shows_them(new_page, create_user, screenshot):
    territory = TerritoryFactory(name="Grand-Figeac")
    figeac = place(territory, title="EPM de Figeac", commune="Figeac", opening_hours="Mo-Fr 09:00-12:00,14:00-18:00")
    referent = create_user(email="referent.figeac@exemple.test")
    territory_referent_assign(user=referent, territory=territory)  # makes the group and its workflow
    animator = create_user(role=roles.ANIMATOR, email="anim.figeac@exemple.test", place=figeac, territory=territory)

    # The animator closes at 17:00 on weekdays and on public holidays.
    page = new_page()
    log_in(page, animator)
    page.goto("/espace/structure/")
    assert page.get_by_role("heading", level=1, name="EPM de Figeac").is_visible()
    page.get_by_role("link", name="Modifier la fiche").click()
    assert_accessible(page)
    screenshot(page, "placecard-edit-1280")
    for day in ("mo", "tu", "we", "th", "fr"):
        page.locator(f"#id_{day}_pm_end").fill("17:00")
    page.get_by_label("Fermé les jours fériés").check()
    page.get_by_role("button", name="Envoyer au référent").click()
    page.wait_for_url(f"**/espace/structure/lieux/{figeac.pk}/")
    assert page.get_by_text("En attente de validation par le référent").first.is_visible()
    assert_accessible(page)
    screenshot(page, "placecard-card-1280")
    figeac.refresh_from_db()
    assert figeac.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:00"  # still live as it was

    phone = new_page(width=390)
    log_in(phone, animator)
    for address, name in (
        (f"/espace/structure/lieux/{figeac.pk}/", "card"),
        (f"/espace/structure/lieux/{figeac.pk}/modifier/", "edit"),
    ):
        phone.goto(address)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        screenshot(phone, f"placecard-{name}-390")

    # The referent sees it waiting and approves it in the Wagtail admin.
    page = new_page()
    log_in(page, referent)
    page.goto("/espace/structure/")
    assert page.get_by_role("link", name="EPM de Figeac").is_visible()
    assert_accessible(page)
    screenshot(page, "placecard-review-list-1280")
    page.goto(f"/admin/pages/{figeac.pk}/edit/")
    approve = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    page.wait_for_selector(approve, state="attached")
    with page.expect_navigation():
        page.eval_on_selector(approve, "button => button.click()")
    figeac.refresh_from_db()
    assert figeac.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"

    # A visitor reads the new hours in plain French.
    visitor = new_page(width=390)
    visitor.goto(figeac.url)
    hours = visitor.locator(".hours-week").inner_text()
    assert "Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h" in hours
    assert visitor.get_by_text("Fermé les jours fériés").is_visible()
    screenshot(visitor, "placecard-public-390")
