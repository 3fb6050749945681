"""Two members chat in real time; one leaves, misses three messages, comes back and finds them
unread, in order."""

import pytest

from tests.factories import PASSWORD
from workspace.chat import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/**")


def test_two_members_chat_in_real_time_and_nothing_is_lost(new_daphne_page, create_user, screenshot):
    from home.demo import load_site

    load_site(log=lambda *a, **k: None)
    anne = create_user(first_name="Anne", last_name="Delpech", email="anne@exemple.test")
    bruno = create_user(first_name="Bruno", last_name="Lacombe", email="bruno@exemple.test")
    room = services.room_direct_open(user=anne, other=bruno)

    page_a, page_b = new_daphne_page(), new_daphne_page()
    log_in(page_a, anne.email)
    log_in(page_b, bruno.email)
    page_a.goto(f"/espace/discussion/?salon={room.pk}")
    page_b.goto(f"/espace/discussion/?salon={room.pk}")

    # online and typing
    page_a.get_by_text("en ligne").wait_for()
    page_b.get_by_label("Votre message").press_sequentially("Bonjour Anne", delay=20)
    page_a.get_by_text("Bruno Lacombe écrit…").wait_for()
    page_b.get_by_label("Votre message").press("Enter")
    page_a.locator(".chat-message", has_text="Bonjour Anne").wait_for()
    page_a.get_by_label("Votre message").fill("Bonjour Bruno, <b>ça va</b> ?")
    page_a.get_by_role("button", name="Envoyer").click()
    page_b.locator(".chat-message", has_text="Bonjour Bruno, <b>ça va</b> ?").wait_for()
    screenshot(page_b, "conversation")

    # Bruno leaves; Anne sends three messages
    page_b.context.close()
    page_a.get_by_text("hors ligne").wait_for()
    for n in (1, 2, 3):
        page_a.get_by_label("Votre message").fill(f"Message manqué {n}")
        page_a.get_by_label("Votre message").press("Enter")
        page_a.locator(".chat-message:not(.is-pending)", has_text=f"Message manqué {n}").wait_for()

    # Bruno comes back: the three are unread, then shown in order
    page_b = new_daphne_page()
    log_in(page_b, bruno.email)
    page_b.goto(f"/espace/discussion/?salon={services.lounge().pk}")  # another room: the conversation waits
    badge = page_b.locator(f'[data-unread="{room.pk}"]')
    assert badge.inner_text().startswith("3")
    page_b.locator(f'[data-room-link="{room.pk}"]').click()
    assert page_b.locator(f'[data-unread="{room.pk}"]').is_hidden()  # opened: read
    texts = page_b.locator(".chat-message .chat-text").all_inner_texts()
    assert [t for t in texts if t.startswith("Message manqué")] == [f"Message manqué {n}" for n in (1, 2, 3)]
    screenshot(page_b, "back")
