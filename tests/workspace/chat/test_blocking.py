"""A block holds everywhere: after Bruno blocks Anne, she can no longer write into their
conversation (HTTP API, no-script form, socket), her messages and @mentions no longer reach his
bell, and she cannot ask him to be a contact again."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from portal.asgi import application
from tests.capture import sent_notifications
from workspace.chat import services as chat
from workspace.chat.models import Message
from workspace.contacts import services as contacts
from workspace.notifications.models import Notification


@pytest.fixture
def blocked(create_user):
    anne = create_user(first_name="Anne", last_name="Delpech")
    bruno = create_user(first_name="Bruno", last_name="Lacombe")
    room = chat.room_direct_open(user=anne, other=bruno)
    chat.message_send(user=anne, room=room, text="Bonjour Bruno")
    contacts.member_block(user=bruno, other=anne)
    return anne, bruno, room


@pytest.mark.django_db
class TestBlock:
    def test_the_blocked_member_cannot_write_into_the_conversation(self, blocked):
        anne, bruno, room = blocked
        with pytest.raises(chat.ChatError) as refused:
            chat.message_send(user=anne, room=room, text="Pourquoi ?")
        assert refused.value.code == "blocked"
        with pytest.raises(chat.ChatError):  # nor the blocker, while the block holds
            chat.message_send(user=bruno, room=room, text="Non.")
        contacts.member_unblock(user=bruno, other=anne)
        chat.message_send(user=anne, room=room, text="Merci")

    def test_through_the_http_api_and_the_form(self, blocked, client):
        anne, bruno, room = blocked
        client.force_login(anne)
        url = reverse("chat-api-messages", kwargs={"pk": room.pk})
        response = client.post(url, {"text": "Par l'API"}, content_type="application/json")
        assert response.status_code == 400 and response.json()["error"] == "blocked"
        client.post(reverse("chat"), {"room": room.pk, "text": "Par le formulaire"})
        assert not Message.objects.filter(room=room, text__startswith="Par ").exists()
        assert client.get(url).status_code == 200  # what was said stays readable

    def test_her_messages_and_mentions_no_longer_notify_him(self, blocked):
        anne, bruno, room = blocked
        lounge = chat.lounge()
        chat.rooms_ensure(user=anne)
        chat.rooms_ensure(user=bruno)
        Notification.objects.all().delete()
        with sent_notifications() as sent:
            chat.message_send(user=anne, room=lounge, text="@Bruno Lacombe tu viens ?")
        assert sent == []
        assert not Notification.objects.filter(user=bruno).exists()

    def test_a_thread_she_was_blocked_from_refuses_her_and_his_threads_do_not_ring_for_her(self, blocked, create_user):
        anne, bruno, room = blocked
        claire = create_user(first_name="Claire")
        thread = chat.room_thread_create(user=claire, members=[anne, bruno], name="Atelier")
        with pytest.raises(chat.ChatError):
            chat.message_send(user=anne, room=thread, text="Je suis là aussi")
        Notification.objects.all().delete()
        chat.message_send(user=bruno, room=thread, text="Bonjour à toutes")
        assert set(Notification.objects.values_list("user_id", flat=True)) == {claire.pk}

    def test_contact_requests_are_refused_both_ways(self, blocked):
        anne, bruno, room = blocked
        with pytest.raises(contacts.ContactError):
            contacts.contact_request_send(sender=anne, recipient=bruno)
        with pytest.raises(contacts.ContactError):
            contacts.contact_request_send(sender=bruno, recipient=anne)


@pytest.mark.django_db(transaction=True)
def test_through_the_socket(blocked):
    anne, bruno, room = blocked
    client = Client()
    client.force_login(anne)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def run():
        socket = WebsocketCommunicator(
            application, "/ws/?modules=chat", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)]
        )
        assert (await socket.connect(timeout=10))[0]
        await socket.send_json_to({"type": "chat.send", "room": room.pk, "text": "Par la socket", "local_id": "b1"})
        while True:
            event = await socket.receive_json_from(timeout=10)
            if event["type"] in ("chat.error", "chat.ack"):
                break
        await socket.disconnect()
        return event

    event = async_to_sync(run)()
    assert event["type"] == "chat.error" and event["code"] == "blocked" and event["local_id"] == "b1"
    assert not Message.objects.filter(text="Par la socket").exists()
