"""The public site in a browser: the officer writes, the coordination approves, visitors read.

Every page type is checked with axe-core; the gallery lightbox is used with the keyboard.
"""

import pytest

from core import roles
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/compte/connexion/")
    page.locator("main input[name=username]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


def test_officer_writes_news_the_coordinator_approves_and_visitors_read_it(demo, new_page, create_user, screenshot):
    from home.models import NewsIndexPage, NewsPage

    officer = create_user(role=roles.COMMUNICATION, email="officier@exemple.test", is_staff=True)
    coordinator = create_user(role=roles.COORDINATOR, email="coordo@exemple.test")
    news_index = NewsIndexPage.objects.get()

    # The officer writes a news item and submits it for moderation.
    page = new_page()
    log_in(page, officer)
    page.goto(f"/admin/pages/add/home/newspage/{news_index.pk}/")
    page.locator("#id_title").fill("Nouvel atelier de visio-accueil à Gramat")
    page.locator("#id_summary").fill("La Cyber-base de Gramat ouvre une permanence CAF en visio.")
    # The address (slug) lives in the "Promotion" tab; Wagtail only derives it on blur.
    page.get_by_role("tab", name="Promotion").click()
    page.locator("#id_slug").fill("visio-accueil-gramat")
    with page.expect_navigation():
        page.eval_on_selector("button[name=action-submit]", "button => button.click()")
    screenshot(page, "submitted")
    item = NewsPage.objects.get(title="Nouvel atelier de visio-accueil à Gramat")
    assert not item.live
    assert item.current_workflow_state.status == "in_progress"
    page.goto("/")
    assert "Nouvel atelier de visio-accueil" not in page.content()

    # The coordinator approves it from the page editor.
    page = new_page()
    log_in(page, coordinator)
    page.goto(f"/admin/pages/{item.pk}/edit/")
    approve = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    page.wait_for_selector(approve, state="attached")
    with page.expect_navigation():
        page.eval_on_selector(approve, "button => button.click()")
    screenshot(page, "approved")
    item.refresh_from_db()
    assert item.live

    # A visitor sees it on the home page and in the RSS feed.
    visitor = new_page(width=390)
    visitor.goto("/")
    assert visitor.get_by_role("link", name="Nouvel atelier de visio-accueil à Gramat").is_visible()
    rss = visitor.request.get("/actualites/rss/")
    assert rss.ok and "Nouvel atelier de visio-accueil à Gramat" in rss.text()
    screenshot(visitor, "home-390")


def test_visitor_downloads_an_event_ical_file(demo, new_page):
    page = new_page()
    page.goto("/agenda/")
    page.get_by_role("link", name="Atelier : faire ses démarches en ligne").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Ajouter à mon agenda (iCal)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    content = open(download.path(), "rb").read().decode()
    assert "BEGIN:VCALENDAR" in content and "SUMMARY:Atelier : faire ses démarches en ligne" in content


ADDRESSES = [
    "/",
    "/programme/",
    "/programme/ticket-declic/",
    "/actualites/",
    "/actualites/lancement-plateforme/",
    "/revue-de-presse/",
    "/revue-de-presse/article-1/",
    "/dossiers/",
    "/dossiers/ticket-declic/",
    "/agenda/",
    "/agenda/atelier-demarches-gourdon/",
    "/galerie/",
    "/galerie/ateliers-ticket-declic/",
    "/ressources/",
    "/statistiques/",
    "/enquete-usages-numeriques/",
    "/enquete-usages-numeriques/resultats/",
]


def test_every_page_type_is_accessible_on_phone_and_desktop(demo, new_page, screenshot):
    desktop, phone = new_page(width=1280), new_page(width=390)
    for address in ADDRESSES:
        for page in (desktop, phone):
            response = page.goto(address)
            assert response.status == 200, address
            assert_accessible(page)
    desktop.goto("/statistiques/")
    desktop.wait_for_function("document.querySelector('canvas') && window.Chart !== undefined")
    screenshot(desktop, "statistics")


def test_gallery_lightbox_works_with_the_keyboard(demo, new_page, screenshot):
    page = new_page()
    page.goto("/galerie/ateliers-ticket-declic/")
    first = page.locator("[data-lightbox-item]").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    assert page.locator("[data-lightbox-count]").inner_text() == "1 / 4"
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-lightbox-count]").inner_text() == "2 / 4"
    assert "Découverte de la messagerie" in page.locator("[data-lightbox-caption]").inner_text()
    assert_accessible(page)
    screenshot(page, "lightbox")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement === document.querySelector('[data-lightbox-item]')")
