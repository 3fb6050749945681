"""Writes of the chat. A message is stored first (it gets its id), then fanned out after the
commit to the room's group; every function checks the policy and raises ChatError."""

import json
import re
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import events
from core.notify import notify
from core.notify import read as notifications_read
from workspace.chat.models import MESSAGE_MAX_LENGTH, THREAD_MAX_MEMBERS, Message, Reaction, Room, RoomMember
from workspace.chat.permissions import (
    can_access_room,
    can_change_message,
    can_see_file,
    members_who_cannot_see_file,
)
from workspace.chat.selectors import serialize_message

RATE_LIMIT = 20  # messages
RATE_WINDOW = 10  # seconds
# in the order the chat page offers them (the page hands this list to its script)
ALLOWED_REACTIONS = ("👍", "❤️", "😂", "😮", "🎉", "🙏")
MENTION = re.compile(r"@([\w.\-]+(?: [\w.\-]+)?)", re.UNICODE)


class ChatError(ValueError):
    """``code`` is stable for clients; the message is for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# --- Rooms ------------------------------------------------------------------------------------


def lounge() -> Room:
    room = Room.objects.filter(kind=Room.Kind.LOUNGE).first()
    if room is None:
        room = Room.objects.create(kind=Room.Kind.LOUNGE, name=_("Network lounge"))
    return room


def rooms_ensure(*, user) -> None:
    """Every active member is in the network lounge. Read first: each socket that connects asks,
    and a write transaction would take the database's write lock every time."""
    if not user.is_active or RoomMember.objects.filter(room__kind=Room.Kind.LOUNGE, user=user).exists():
        return
    with transaction.atomic():
        RoomMember.objects.get_or_create(room=lounge(), user=user)


def _announce_room(room, users):
    for user in users:
        events.send_on_commit({"type": "chat.room", "room": room.pk}, user_ids=[user.pk])


@transaction.atomic
def room_direct_open(*, user, other) -> Room:
    from workspace.contacts.selectors import is_blocked_between

    if other.pk == user.pk:
        raise ChatError("self", _("You cannot start a conversation with yourself."))
    if not other.is_active:
        raise ChatError("inactive", _("This member is no longer active."))
    if is_blocked_between(user, other):
        raise ChatError("blocked", _("You cannot write to this member."))
    low, high = sorted((user.pk, other.pk))
    room, created = Room.objects.get_or_create(
        direct_key=f"{low}:{high}", defaults={"kind": Room.Kind.DIRECT, "created_by": user}
    )
    if created:
        RoomMember.objects.bulk_create([RoomMember(room=room, user=user), RoomMember(room=room, user=other)])
        _announce_room(room, [user, other])
    return room


@transaction.atomic
def room_thread_create(*, user, members, name: str = "") -> Room:
    """A private thread of a few members (at most THREAD_MAX_MEMBERS with its creator). Members
    who blocked the creator, or whom the creator blocked, cannot be added: a block holds in
    threads as in direct conversations."""
    from workspace.contacts.selectors import blocked_ids

    hidden = blocked_ids(user)
    if any(m.pk in hidden for m in members):
        raise ChatError("blocked", _("You cannot add a member you blocked or who blocked you."))
    others = {m.pk: m for m in members if m.pk != user.pk and m.is_active}
    if not others:
        raise ChatError("empty", _("Choose at least one member."))
    if len(others) + 1 > THREAD_MAX_MEMBERS:
        raise ChatError("too_many", _("A private thread has at most %(n)s people.") % {"n": THREAD_MAX_MEMBERS})
    room = Room.objects.create(kind=Room.Kind.THREAD, name=name.strip()[:120], created_by=user)
    everyone = [user, *others.values()]
    RoomMember.objects.bulk_create([RoomMember(room=room, user=u) for u in everyone])
    _announce_room(room, everyone)
    return room


# --- Messages ---------------------------------------------------------------------------------


def room_event(kind: str, message_payload: dict) -> dict:
    """A message event for a room's sockets, its frame encoded once here: each socket sends the
    same text (neither the channel layer's copy per socket nor an encoding per socket)."""
    return {"type": kind, "frame": json.dumps({"type": kind, "message": message_payload})}


def _now() -> float:
    return time.time()


def _rate_limited(user) -> bool:
    window = int(_now() // RATE_WINDOW)
    key = f"chat-rate:{user.pk}:{window}"
    if cache.add(key, 1, RATE_WINDOW * 2):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW * 2)
        count = 1
    return count > RATE_LIMIT


def _require_room(user, room, write: bool = False):
    if write and can_access_room(user, room, write=True):
        if room.kind in (Room.Kind.DIRECT, Room.Kind.THREAD) and _blocked_by_member(user, room):
            raise ChatError("blocked", _("You can no longer write in this conversation."))
        return  # the common case, in one check
    if not can_access_room(user, room):
        raise ChatError("forbidden", _("You are not a member of this room."))
    if write:
        raise ChatError("read_only", _("This room is read-only (the group is archived or you are a guest)."))


def _blocked_by_member(user, room) -> bool:
    """A direct conversation where one of the two blocked the other, or a private thread where a
    member blocked the writer: the block stops the writing (DESIGN: a block holds everywhere)."""
    from workspace.contacts.models import Block
    from workspace.contacts.selectors import blocked_ids

    if room.kind == Room.Kind.DIRECT:
        return bool(blocked_ids(user) & set(room.members.values_list("user_id", flat=True)))
    return Block.objects.filter(blocked=user, blocker__chat_memberships__room=room).exists()


def _not_blocking(author, people) -> list:
    """``people`` without those who blocked ``author`` or whom ``author`` blocked."""
    from workspace.contacts.selectors import blocked_ids

    hidden = blocked_ids(author)
    return [person for person in people if person.pk not in hidden]


def _attachable(user, room, attachment_id):
    """The file of the Files module to attach, once the policy says every member may see it."""
    from workspace.files.models import StoredFile

    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        attachment_id = 0
    stored = StoredFile.objects.select_related("space").filter(pk=attachment_id).first()
    if not can_see_file(user, stored):
        raise ChatError("attachment", _("This file does not exist or you cannot see it."))
    blind = members_who_cannot_see_file(room, stored)
    if blind:
        raise ChatError(
            "attachment_hidden",
            ngettext(
                "“%(file)s” is in “%(space)s”, which %(n)s member of this room cannot see: "
                "share it in a space they belong to.",
                "“%(file)s” is in “%(space)s”, which %(n)s members of this room cannot see: "
                "share it in a space they belong to.",
                len(blind),
            )
            % {"file": stored.name, "space": stored.space.name, "n": len(blind)},
        )
    return stored


@transaction.atomic
def message_send(
    *,
    user,
    room,
    text: str,
    local_id: str = "",
    reply_to_id: int | None = None,
    attachment_id: int | None = None,
) -> Message:
    _require_room(user, room, write=True)
    text = (text or "").strip()
    if not text and not attachment_id:
        raise ChatError("empty", _("The message is empty."))
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ChatError(
            "too_long",
            _("The message is too long (%(n)s characters); the limit is %(max)s.")
            % {"n": len(text), "max": MESSAGE_MAX_LENGTH},
        )
    local_id = str(local_id or "")[:64]
    if local_id:
        # The client retried a message already stored (lost acknowledgement): same message back.
        existing = Message.objects.filter(room=room, author=user, local_id=local_id).first()
        if existing is not None:
            return existing
    if _rate_limited(user):
        raise ChatError("rate_limited", _("You are sending messages too fast. Wait a few seconds."))
    attachment = _attachable(user, room, attachment_id) if attachment_id else None
    reply_to = None
    if reply_to_id:
        reply_to = Message.objects.filter(pk=reply_to_id, room=room).first()
    message = Message.objects.create(
        room=room, author=user, text=text, local_id=local_id, reply_to=reply_to, attachment=attachment
    )
    Room.objects.filter(pk=room.pk).update(last_message_id=message.pk)
    RoomMember.objects.filter(room=room, user=user).update(last_read_message_id=message.pk)
    payload = serialize_message(message)
    # The message before it in the room: a client that has not seen that one missed something
    # (a dropped event) and asks for the room's messages after the last it saw.
    payload["prev"] = (
        Message.objects.filter(room=room, id__lt=message.pk).order_by("-id").values_list("id", flat=True).first() or 0
    )
    events.send_on_commit(room_event("chat.message", payload), groups=[room.group_name])
    _notify_mentions(user, room, message)
    if room.kind in (Room.Kind.DIRECT, Room.Kind.THREAD):
        _notify_conversation(user, room)
    return message


def _notification_key(room) -> str:
    return f"chat.room.{room.pk}"


def _notify_conversation(author, room):
    """A direct conversation or a private thread: its other members hear of it in the bell and
    the daily digest, once while they have not read the conversation (not once per message:
    the notification's key is the room's)."""
    others = [
        member.user for member in RoomMember.objects.filter(room=room).exclude(user=author).select_related("user")
    ]
    others = _not_blocking(author, others)
    if others:
        notify(
            users=others,
            kind="message",
            text=_("%(name)s wrote to you in the chat") % {"name": author},
            url=room.get_absolute_url(),
            actor=author,
            key=_notification_key(room),
        )


def _notify_mentions(author, room, message):
    names = set()
    for match in MENTION.findall(message.text):
        words = match.strip().lower().split()
        names.add(words[0])  # @Prénom
        names.add(" ".join(words))  # @Prénom Nom
    if not names:
        return
    mentioned = []
    for member in RoomMember.objects.filter(room=room).exclude(user=author).select_related("user"):
        person = member.user
        candidates = {person.get_display_name().lower(), person.first_name.lower(), person.get_full_name().lower()}
        if names & candidates:
            mentioned.append(person)
    mentioned = _not_blocking(author, mentioned)
    if mentioned:
        notify(
            users=mentioned,
            kind="mention",
            text=_("%(name)s mentioned you in the chat") % {"name": author},
            url=message.get_absolute_url(),
            actor=author,
        )


def _update(message):
    message = Message.objects.select_related(
        "author", "reply_to", "reply_to__author", "attachment", "attachment__space"
    ).get(pk=message.pk)
    events.send_on_commit(room_event("chat.update", serialize_message(message)), groups=[message.room.group_name])
    return message


@transaction.atomic
def message_edit(*, user, message: Message, text: str) -> Message:
    _require_room(user, message.room, write=True)
    if not can_change_message(user, message):
        raise ChatError("forbidden", _("You can only change your own messages."))
    text = (text or "").strip()
    if (not text and not message.attachment_id) or len(text) > MESSAGE_MAX_LENGTH:
        raise ChatError(
            "invalid", _("The message must hold between 1 and %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}
        )
    message.text = text
    message.edited_at = timezone.now()
    message.save(update_fields=["text", "edited_at"])
    return _update(message)


@transaction.atomic
def message_delete(*, user, message: Message) -> Message:
    _require_room(user, message.room, write=True)
    if not can_change_message(user, message):
        raise ChatError("forbidden", _("You can only delete your own messages."))
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at"])
    return _update(message)


@transaction.atomic
def reaction_toggle(*, user, message: Message, emoji: str) -> Message:
    _require_room(user, message.room, write=True)
    if emoji not in ALLOWED_REACTIONS or message.deleted_at:
        raise ChatError("invalid", _("This reaction is not available."))
    deleted, _count = Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()
    if not deleted:
        Reaction.objects.create(message=message, user=user, emoji=emoji)
    return _update(message)


@transaction.atomic
def room_mark_read(*, user, room, message_id: int) -> int:
    """Move the read marker forward (never back). Returns the marker."""
    _require_room(user, room)
    top = Message.objects.filter(room=room).aggregate(top=Max("id"))["top"] or 0
    message_id = min(int(message_id), top)
    RoomMember.objects.filter(room=room, user=user, last_read_message_id__lt=message_id).update(
        last_read_message_id=message_id
    )
    if room.kind in (Room.Kind.DIRECT, Room.Kind.THREAD) and message_id >= top:
        _conversation_notifications_read(user, room)
    events.send_on_commit({"type": "chat.read", "room": room.pk, "last_read": message_id}, user_ids=[user.pk])
    return message_id


def _conversation_notifications_read(user, room):
    """Read to the end: the conversation's notification is read too (the bell's count follows)."""
    notifications_read(user=user, key=_notification_key(room))


def typing(*, user, room) -> None:
    _require_room(user, room, write=True)
    events.send_now({"type": "chat.typing", "room": room.pk, "user": user.pk}, groups=[room.group_name])
