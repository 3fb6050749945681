"""Which events the chat's services send, and to whom (as Zulip's tests assert): a member's
sockets hear of the rooms they get and lose; a room hears its messages; nobody else does."""

import json

import pytest

from tests.capture import recipients, sent_events
from workspace.chat import services
from workspace.chat.models import Room
from workspace.chat.selectors import serialize_message
from workspace.spaces import services as spaces

pytestmark = pytest.mark.django_db


def test_a_direct_conversation_is_announced_to_its_two_members(create_user):
    anne, bruno = create_user(), create_user()
    with sent_events() as sent:
        room = services.room_direct_open(user=anne, other=bruno)
    assert recipients(sent, "chat.room") == {
        f"user.{anne.pk}": [{"type": "chat.room", "room": room.pk}],
        f"user.{bruno.pk}": [{"type": "chat.room", "room": room.pk}],
    }
    with sent_events() as sent:  # opened again: nothing new to tell
        services.room_direct_open(user=bruno, other=anne)
    assert sent == []


def test_joining_a_group_gives_its_room_and_leaving_takes_it_back(cast, member):
    room = Room.objects.get(space=cast.group)
    newcomer = member()
    invitation = spaces.member_invite(space=cast.group, actor=cast.people.owner, who=newcomer.email)
    with sent_events() as sent:
        spaces.invitation_answer(invitation=invitation, user=newcomer, accept=True)
    assert recipients(sent, "chat.room") == {f"user.{newcomer.pk}": [{"type": "chat.room", "room": room.pk}]}
    assert recipients(sent, "chat.room_left") == {}

    with sent_events() as sent:
        spaces.member_leave(space=cast.group, user=newcomer)
    assert recipients(sent, "chat.room_left") == {f"user.{newcomer.pk}": [{"type": "chat.room_left", "room": room.pk}]}

    with sent_events() as sent:
        spaces.member_remove(space=cast.group, actor=cast.people.owner, user=cast.people.guest)
    assert recipients(sent, "chat.room_left") == {
        f"user.{cast.people.guest.pk}": [{"type": "chat.room_left", "room": room.pk}]
    }
    assert recipients(sent, "chat.room") == {}


def test_a_message_goes_to_its_room_and_rings_the_other_member(create_user):
    anne, bruno = create_user(), create_user()
    room = services.room_direct_open(user=anne, other=bruno)
    with sent_events() as sent:
        message = services.message_send(user=anne, room=room, text="Bonjour")
    messages = recipients(sent, "chat.message")
    assert list(messages) == [f"room.{room.pk}"]
    assert json.loads(messages[f"room.{room.pk}"][0]["frame"]) == {
        "type": "chat.message",
        "message": {**serialize_message(message), "prev": 0},
    }
    assert list(recipients(sent, "notification.new")) == [f"user.{bruno.pk}"]


def test_reading_tells_the_reader_s_own_sockets_only(create_user):
    anne, bruno = create_user(), create_user()
    room = services.room_direct_open(user=anne, other=bruno)
    message = services.message_send(user=anne, room=room, text="Bonjour")
    with sent_events() as sent:
        services.room_mark_read(user=bruno, room=room, message_id=message.pk)
    assert recipients(sent, "chat.read") == {
        f"user.{bruno.pk}": [{"type": "chat.read", "room": room.pk, "last_read": message.pk}]
    }
    assert list(recipients(sent, "notification.count")) == [f"user.{bruno.pk}"]


def test_typing_is_told_to_the_room(create_user):
    anne, bruno = create_user(), create_user()
    room = services.room_direct_open(user=anne, other=bruno)
    with sent_events() as sent:
        services.typing(user=anne, room=room)
    assert recipients(sent, "chat.typing") == {
        f"room.{room.pk}": [{"type": "chat.typing", "room": room.pk, "user": anne.pk}]
    }
