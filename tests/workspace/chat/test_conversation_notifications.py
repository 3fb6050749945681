"""A direct conversation or a private thread rings the bell (and feeds the daily digest) once
while it is unread, not once per message; reading it to the end reads the notification."""

import pytest

from workspace.chat import services
from workspace.notifications.models import Notification

pytestmark = pytest.mark.django_db


def unread(user):
    return list(Notification.objects.filter(user=user, kind="message", read_at__isnull=True))


def test_a_conversation_notifies_once_until_read(client, create_user):
    anne, bruno = create_user(first_name="Anne", last_name="Delpech"), create_user(first_name="Bruno")
    room = services.room_direct_open(user=anne, other=bruno)
    for n in range(3):
        services.message_send(user=anne, room=room, text=f"Message {n}")
    (notification,) = unread(bruno)
    assert notification.url == f"/espace/discussion/?salon={room.pk}"
    assert notification.text == "Anne Delpech vous a écrit dans la discussion"
    assert unread(anne) == []  # the author is not told of their own messages

    client.force_login(bruno)
    client.get(f"/espace/discussion/?salon={room.pk}")  # opening the conversation reads it
    assert unread(bruno) == []
    services.message_send(user=anne, room=room, text="Et encore une chose")
    assert len(unread(bruno)) == 1


def test_reading_only_part_of_it_keeps_the_notification(create_user):
    anne, bruno = create_user(), create_user()
    room = services.room_direct_open(user=anne, other=bruno)
    first = services.message_send(user=anne, room=room, text="Un")
    services.message_send(user=anne, room=room, text="Deux")
    services.room_mark_read(user=bruno, room=room, message_id=first.pk)
    assert len(unread(bruno)) == 1


def test_a_thread_notifies_each_other_member_and_the_lounge_nobody(create_user):
    anne, bruno, carla = create_user(), create_user(), create_user()
    thread = services.room_thread_create(user=anne, members=[bruno, carla], name="Atelier CV")
    services.message_send(user=bruno, room=thread, text="Qui vient mardi ?")
    assert len(unread(anne)) == 1 and len(unread(carla)) == 1 and unread(bruno) == []
    for person in (anne, bruno, carla):
        services.rooms_ensure(user=person)
    services.message_send(user=anne, room=services.lounge(), text="Bonjour le réseau")
    assert len(unread(bruno)) == 0
