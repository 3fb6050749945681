"""A visitor opens the home page; an animator logs in and out."""

import pytest

from core import roles
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    from home.demo import load_site

    home = load_site(log=lambda *a, **k: None)
    from tests import factories

    factories.place(title="Cyber-base de Gourdon", commune="Gourdon", espap=True)
    return home


def test_visitor_opens_the_home_page_on_desktop_and_phone(site, new_page, screenshot):
    for width in (1280, 390):
        page = new_page(width=width)
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.get_by_role("link", name="Se connecter").count() >= 1 or width < 800
        screenshot(page, f"home-{width}")
        assert_accessible(page)


def test_phone_menu_opens_with_the_keyboard(site, new_page):
    page = new_page(width=390)
    page.goto("/")
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    toggle = page.get_by_role("button", name="Menu")
    toggle.focus()
    page.keyboard.press("Enter")
    assert nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not nav.is_visible()


def test_animator_logs_in_and_out(site, new_page, screenshot, create_user):
    user = create_user(role=roles.ANIMATOR, first_name="Camille", email="camille@exemple.test")
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    screenshot(page, "login")
    assert_accessible(page)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/")
    assert page.get_by_role("heading", name="Bonjour, Camille").is_visible()
    screenshot(page, "workspace")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(
        lambda url: url.rstrip("/").endswith(page.context.pages[0].url.split("/")[2]) or url.endswith("/")
    )
    assert page.get_by_role("link", name="Se connecter").first.is_visible()


def test_wrong_password_shows_the_error_and_keeps_the_address(site, new_page, create_user):
    user = create_user()
    page = new_page()
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill("faux")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").filter(has_text="ne correspondent à aucun compte").is_visible()
    assert page.get_by_label("Adresse e-mail").input_value() == user.email
