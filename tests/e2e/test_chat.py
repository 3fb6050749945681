"""Two members of a working group chat in its room in real time; one leaves, misses three
messages, comes back and finds them unread on the desk and in the chat, in order."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import anne_and_bruno_in_a_group, log_in
from workspace.chat.models import Room
from workspace.chat.services import lounge

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_members_chat_in_real_time_and_nothing_is_lost(new_daphne_page, create_user, screenshot):
    from home.demo import load_site

    load_site(log=lambda *a, **k: None)
    anne, bruno, group = anne_and_bruno_in_a_group(create_user, "Ticket déclic – modules", "Préparer les modules.")
    room = Room.objects.get(space=group)

    page_a, page_b = new_daphne_page(), new_daphne_page()
    log_in(page_a, anne.email)
    log_in(page_b, bruno.email)
    page_a.goto(f"/espace/{group.slug}/discussion/")  # the group's chat module opens its room
    page_b.goto(f"/espace/discussion/?salon={room.pk}")
    assert page_a.get_by_role("heading", name="Ticket déclic – modules").is_visible()

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

    # Bruno comes back: his desk counts three unread in the group's room
    page_b = new_daphne_page()
    log_in(page_b, bruno.email)
    widget = page_b.locator(".ws-widget-chat")
    assert widget.locator("li", has_text="Ticket déclic – modules").locator(".badge").inner_text() == "3"
    screenshot(page_b, "desk")
    # in the chat, another room first: the group's room waits with its three unread
    page_b.goto(f"/espace/discussion/?salon={lounge().pk}")
    badge = page_b.locator(f'[data-unread="{room.pk}"]')
    assert badge.inner_text().startswith("3")
    page_b.locator(f'[data-room-link="{room.pk}"]').click()
    page_b.wait_for_url(f"**salon={room.pk}")
    page_b.locator(".chat-message", has_text="Message manqué 3").wait_for()
    assert page_b.locator(f'[data-unread="{room.pk}"]').is_hidden()  # opened: read
    texts = page_b.locator(".chat-message .chat-text").all_inner_texts()
    assert [t for t in texts if t.startswith("Message manqué")] == [f"Message manqué {n}" for n in (1, 2, 3)]
    screenshot(page_b, "back")


def test_a_file_of_the_group_is_shared_in_its_room(new_daphne_page, create_user, screenshot):
    """From the file's page, "Share in the chat" opens the group's room with the file chosen;
    the other member sees it arrive live, with its thumbnail, and opens it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from workspace.files import services as files

    anne, bruno, group = anne_and_bruno_in_a_group(create_user, "Fête de l'Internet", "Préparer la fête.")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, "PNG")
    poster = files.file_upload(
        space=group, actor=anne, upload=SimpleUploadedFile("affiche.png", buffer.getvalue(), "image/png")
    )
    room = Room.objects.get(space=group)

    page_a, page_b = new_daphne_page(), new_daphne_page()
    log_in(page_a, anne.email)
    log_in(page_b, bruno.email)
    page_b.goto(f"/espace/discussion/?salon={room.pk}")
    page_a.goto(poster.get_absolute_url())
    page_a.get_by_role("link", name="Partager dans la discussion").click()
    page_a.wait_for_url(f"**salon={room.pk}**")
    assert page_a.get_by_label("Joindre un fichier").input_value() == str(poster.pk)
    page_a.get_by_label("Votre message").fill("Voici l'affiche")
    page_a.get_by_role("button", name="Envoyer").click()

    card = page_b.locator(".chat-message", has_text="Voici l'affiche").locator(".chat-file")
    card.get_by_role("link", name="affiche.png").wait_for()
    expect(card.locator(".chat-file-thumb")).to_have_js_property("naturalWidth", 60)  # the image loaded
    assert page_a.get_by_label("Joindre un fichier").input_value() == ""  # sent: the choice is cleared
    screenshot(page_b, "attachment")
    card.get_by_role("link", name="affiche.png").click()
    page_b.get_by_role("heading", name="affiche.png").wait_for()


def test_a_message_lost_on_the_way_is_fetched_and_shown_in_its_place(new_daphne_page, create_user):
    """An event dropped between server and browser (stored, never delivered): the next message
    names it as its previous one, the page asks for it and shows both, in order."""
    from workspace.chat.models import Message

    anne = create_user(first_name="Anne", last_name="Delpech", email="anne@exemple.test")
    bruno = create_user(first_name="Bruno", last_name="Lacombe", email="bruno@exemple.test")
    from workspace.chat import services as chat

    room = chat.room_direct_open(user=anne, other=bruno)
    chat.message_send(user=anne, room=room, text="Premier message")
    page_a, page_b = new_daphne_page(), new_daphne_page()
    log_in(page_a, anne.email)
    log_in(page_b, bruno.email)
    page_b.goto(f"/espace/discussion/?salon={room.pk}")
    page_a.goto(f"/espace/discussion/?salon={room.pk}")
    page_b.locator(".chat-message", has_text="Premier message").wait_for()
    page_b.get_by_text("en ligne").wait_for()  # Bruno's socket is open

    lost = Message.objects.create(room=room, author=anne, text="Perdu en route")  # stored, not fanned out
    Room.objects.filter(pk=room.pk).update(last_message_id=lost.pk)
    page_a.get_by_label("Votre message").fill("Après le trou")
    page_a.get_by_label("Votre message").press("Enter")

    page_b.locator(".chat-message", has_text="Perdu en route").wait_for()
    page_b.locator(".chat-message", has_text="Après le trou").wait_for()
    texts = page_b.locator(".chat-message .chat-text").all_inner_texts()
    assert texts == ["Premier message", "Perdu en route", "Après le trou"]


def test_scrolling_back_loads_the_earlier_messages(new_daphne_page, create_user, monkeypatch):
    from workspace.chat import services as chat

    monkeypatch.setattr(chat, "RATE_LIMIT", 1000)  # setting the history up, not testing the limit
    anne = create_user(first_name="Anne", email="anne@exemple.test")
    bruno = create_user(first_name="Bruno", email="bruno@exemple.test")
    room = chat.room_direct_open(user=anne, other=bruno)
    for n in range(1, 61):
        chat.message_send(user=anne, room=room, text=f"Message numéro {n}")
    page = new_daphne_page()
    log_in(page, bruno.email)
    page.goto(f"/espace/discussion/?salon={room.pk}")
    page.locator(".chat-message", has_text="Message numéro 60").wait_for()
    assert page.locator(".chat-message").count() == 50
    page.locator("[data-messages]").evaluate("list => list.scrollTo(0, 0)")
    page.locator(".chat-text").get_by_text("Message numéro 1", exact=True).wait_for()
    texts = page.locator(".chat-message .chat-text").all_inner_texts()
    assert texts == [f"Message numéro {n}" for n in range(1, 61)]
    expect(page.get_by_role("button", name="Pas de message plus ancien.")).to_be_disabled()


def test_a_private_thread_is_started_from_the_chat_page_with_two_contacts(new_daphne_page, create_user, screenshot):
    """Anne starts a thread with two of her contacts; one of them reads her first message live."""
    from workspace.contacts import services as contacts

    anne = create_user(first_name="Anne", last_name="Delpech")
    bruno = create_user(first_name="Bruno", last_name="Lacombe")
    chloe = create_user(first_name="Chloé", last_name="Vidal")
    for other in (bruno, chloe):
        contacts.contact_request_accept(user=other, request=contacts.contact_request_send(sender=anne, recipient=other))

    page_a, page_b = new_daphne_page(), new_daphne_page()
    log_in(page_a, anne.email)
    log_in(page_b, bruno.email)
    page_a.goto("/espace/discussion/")
    page_a.get_by_role("link", name="Nouveau fil privé").click()
    page_a.get_by_role("button", name="Démarrer le fil").click()  # nobody chosen: the form says so
    expect(page_a.get_by_text("Choisissez au moins un membre.")).to_be_visible()
    page_a.get_by_label("Nom du fil").fill("Atelier photo de mars")
    page_a.get_by_label("Bruno Lacombe").check()
    page_a.get_by_label("Chloé Vidal").check()
    screenshot(page_a, "thread-form")
    page_a.get_by_role("button", name="Démarrer le fil").click()
    expect(page_a.get_by_role("heading", name="Atelier photo de mars")).to_be_visible()

    room = Room.objects.get(kind=Room.Kind.THREAD)
    page_b.goto(f"/espace/discussion/?salon={room.pk}")
    page_a.get_by_label("Votre message").fill("On fixe la date ?")
    page_a.get_by_label("Votre message").press("Enter")
    page_b.locator(".chat-message", has_text="On fixe la date ?").wait_for()
    screenshot(page_b, "thread")
