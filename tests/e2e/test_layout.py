"""One workspace layout in the browser: the chat, the contacts and the members' pages have the
workspace navigation, on a desktop and on a phone, and nothing makes the phone scroll sideways."""

import pytest

from core import roles
from directory.services import territory_referent_assign
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import anne_and_bruno_in_a_group, log_in
from workspace.chat.models import Room
from workspace.chat.services import message_send
from workspace.contacts import services as contacts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def check_layout(page, width, screenshot, name):
    """The workspace navigation is there (on a phone, folded under a button naming the current
    entry), the page scrolls only downwards; a screenshot."""
    nav = page.locator("nav.ws-nav")
    nav.wait_for()
    assert nav.get_attribute("aria-label") == "Mes espaces"
    toggle = nav.get_by_role("button", name="Mes espaces")
    if width < 800:
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert nav.locator(".ws-nav-menu").is_hidden()
    else:
        assert toggle.is_hidden() and nav.locator(".ws-nav-menu").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    screenshot(page, f"{name}-{width}")


@pytest.fixture
def network(create_user):
    """Anne and Bruno in a working group, contacts, with a few posts, messages and colleagues."""
    from home.demo import load_site

    load_site(log=lambda *a, **k: None)
    anne, bruno, group = anne_and_bruno_in_a_group(create_user, "Fête de l'Internet 2026", "Préparer la fête.")
    figeac = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    place = factories.place(figeac, title="Cyber-base d'Assier", commune="Assier")
    for user in (anne, bruno):
        user.territory, user.place, user.job_title = figeac, place, "Animatrice numérique"
        user.save()
    for n in range(30):
        create_user(role=roles.ANIMATOR, first_name=f"Collègue{n:02d}", last_name="Lafon", territory=figeac)
    contacts.contact_request_accept(
        user=bruno, request=contacts.contact_request_send(sender=anne, recipient=bruno, message="Bonjour !")
    )
    contacts.post_create(
        author=bruno, text="Atelier tablettes jeudi à Assier : il reste trois places.", visibility="network"
    )
    contacts.post_create(author=anne, text="Merci à tous pour la journée d'hier à Figeac !", visibility="network")
    room = Room.objects.get(space=group)
    for author, text in (
        (anne, "Bonjour Bruno, tu as pu réserver la salle des fêtes pour le samedi ?"),
        (bruno, "Oui, c'est fait : de 9 h à 18 h. J'ai aussi demandé deux grilles d'exposition."),
        (
            anne,
            "Parfait. Je prépare l'affiche et je la dépose dans les fichiers du groupe. https://exemple.test/affiche",
        ),
        (bruno, "Super, merci !"),
    ):
        message_send(user=author, room=room, text=text)
    referent = create_user(role=roles.REFERENT, first_name="Rémi", last_name="Cassagne", email="referent@exemple.test")
    territory_referent_assign(user=referent, territory=figeac)
    coordinator = create_user(role=roles.COORDINATOR, first_name="Cora", last_name="Delbos")
    return {
        "anne": anne,
        "bruno": bruno,
        "group": group,
        "room": room,
        "referent": referent,
        "coordinator": coordinator,
    }


def test_the_chat_page_is_a_workspace_page_on_desktop_and_phone(network, new_daphne_page, screenshot):
    anne, room = network["anne"], network["room"]
    for width in WIDTHS:
        page = new_daphne_page(width=width, height=900 if width > 400 else 844)
        log_in(page, anne.email)
        page.goto(f"/espace/discussion/?salon={room.pk}")
        page.locator(".chat-message", has_text="Super, merci !").wait_for()
        page.get_by_text("en ligne").or_(page.get_by_text("hors ligne")).first.wait_for()
        # the group's chat is the current entry of the navigation
        current = page.locator('nav.ws-nav [aria-current="page"]')
        assert current.count() == 1 and current.get_attribute("href").endswith("/discussion/")
        # the reactions the server accepts, offered by the script
        page.locator(".chat-message", has_text="Super, merci !").locator("summary").click()
        offered = page.locator(".chat-message", has_text="Super, merci !").locator(".chat-react .reaction")
        assert offered.all_inner_texts() == ["👍", "❤️", "😂", "😮", "🎉", "🙏"]
        page.keyboard.press("Escape")
        check_layout(page, width, screenshot, "chat")
        composer = page.get_by_label("Votre message")
        assert composer.is_visible()
        box = composer.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        if width > 800:  # a full-height app: the composer is in sight without scrolling the page
            assert page.evaluate("window.scrollY") == 0 and box["y"] + box["height"] <= 900
        assert_accessible(page)
        if width < 800:  # the folded navigation opens, its entries in a column of chips
            toggle = page.locator("nav.ws-nav").get_by_role("button", name="Mes espaces")
            assert toggle.locator(".ws-nav-toggle-current").inner_text() == "Discussion"
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
            page.locator("nav.ws-nav").get_by_role("link", name="Mes contacts").wait_for()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            screenshot(page, f"chat-{width}-menu")


def test_members_contacts_and_consoles_have_the_workspace_navigation(network, new_page, screenshot):
    anne, referent, coordinator = network["anne"], network["referent"], network["coordinator"]
    pages = [
        (anne, "/espace/contacts/", "contacts"),
        (anne, "/espace/contacts/fil/?fil=reseau", "stream"),
        (anne, "/espace/membres/?territory={figeac}&page=2", "directory"),
        (anne, "/espace/membres/{bruno}/", "profile"),
        (anne, "/espace/profil/", "profile-edit"),
        (referent, "/espace/territoires/grand-figeac/", "console"),
        (coordinator, "/espace/territoires/", "territories"),
        (coordinator, "/espace/journal/", "audit-log"),
    ]
    for width in WIDTHS:
        sessions = {}
        for who, address, name in pages:
            if who.pk not in sessions:
                sessions[who.pk] = new_page(width=width)
                log_in(sessions[who.pk], who.email)
            page = sessions[who.pk]
            page.goto(address.format(figeac=anne.territory_id, bruno=network["bruno"].pk))
            check_layout(page, width, screenshot, name)
            if width == 1280:
                assert_accessible(page)
    # the pagination kept the territory chosen
    page = sessions[anne.pk]
    page.goto(f"/espace/membres/?territory={anne.territory_id}&page=2")
    assert page.locator('.pagination [aria-current="page"]').inner_text().endswith("2")
    page.locator(".pagination").get_by_role("link", name="Précédent").click()
    page.wait_for_url(f"**/espace/membres/?territory={anne.territory_id}")
