"""Reads of the chat. Every function takes the requesting user and returns only what they may see."""

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext

from core.search import room_token
from workspace.chat.models import Message, Room, RoomMember
from workspace.chat.permissions import MODULE, can_access_room, can_see_file
from workspace.spaces import modules as registry


def serialize_user(user) -> dict:
    return {"id": user.pk, "name": user.get_display_name(), "initials": user.initials}


def serialize_attachment(stored, visible: bool = True) -> dict | None:
    """A file attached to a message: its name and links, or only that it is gone or hidden."""
    if stored is None:
        return None
    if stored.deleted_at is not None:
        return {"id": stored.pk, "removed": True}
    if not visible:
        return {"id": stored.pk, "hidden": True}
    return {
        "id": stored.pk,
        "name": stored.name,
        "extension": stored.name.rpartition(".")[2][:4].upper() if "." in stored.name else "—",
        "size": stored.size,
        "space": stored.space.name,
        "url": stored.get_absolute_url(),
        "download": stored.get_download_url(),
        "image": reverse("files:preview", kwargs={"slug": stored.space.slug, "pk": stored.pk})
        if stored.is_image
        else "",
    }


def serialize_message(message: Message, viewer=None, _seen_spaces=None) -> dict:
    """A message for clients. With ``viewer``, an attachment they may not see (a member who
    joined a room after it was shared) is reduced to "hidden"; without, the message goes to
    every member of the room, each of whom was checked when it was sent."""
    deleted = message.deleted_at is not None
    reactions = {}
    for reaction in message.reactions.all():
        reactions.setdefault(reaction.emoji, []).append(reaction.user_id)
    reply = None
    if message.reply_to_id and message.reply_to is not None:
        parent = message.reply_to
        reply = {
            "id": parent.pk,
            "author": parent.author.get_display_name(),
            "text": "" if parent.deleted_at else parent.text[:140],
        }
    return {
        "id": message.pk,
        "room": message.room_id,
        "author": serialize_user(message.author),
        "text": "" if deleted else message.text,
        "local_id": message.local_id,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": deleted,
        "reply_to": reply,
        "reactions": reactions,
        "attachment": None if deleted else _attachment_for(message, viewer, _seen_spaces),
    }


def _attachment_for(message, viewer, seen_spaces):
    stored = message.attachment if message.attachment_id else None
    if stored is None or viewer is None or stored.deleted_at is not None:
        return serialize_attachment(stored)
    cache = seen_spaces if seen_spaces is not None else {}
    if stored.space_id not in cache:
        cache[stored.space_id] = can_see_file(viewer, stored)
    return serialize_attachment(stored, visible=cache[stored.space_id])


def serialize_messages(messages, viewer) -> list[dict]:
    """Messages read by ``viewer`` (history, resume): their attachments checked once per space.
    Each message keeps its attachment as the viewer may see it in ``attachment_view``, for the
    templates that render the same messages."""
    seen_spaces, payloads = {}, []
    for message in messages:
        payload = serialize_message(message, viewer, seen_spaces)
        message.attachment_view = payload["attachment"]
        payloads.append(payload)
    return payloads


def _with_relations(queryset):
    return queryset.select_related(
        "author", "reply_to", "reply_to__author", "attachment", "attachment__space"
    ).prefetch_related("reactions")


def memberships_of(user):
    """The user's room memberships, without the rooms of groups whose chat was switched off
    (hidden, not deleted)."""
    return RoomMember.objects.filter(user=user).filter(
        Q(room__space__isnull=True) | registry.enabled_q(MODULE, prefix="room__space__")
    )


def room_ids_for(user) -> list[int]:
    return list(memberships_of(user).values_list("room_id", flat=True))


def search_tokens(user) -> list[str]:
    """The search's access tokens of the member's rooms (Module.search_tokens): the messages of
    a room are found by its members only."""
    return [room_token(room_id) for room_id in room_ids_for(user)]


def rooms_for(user):
    """The member's rooms with their unread counts, the most recently active first."""
    memberships = (
        memberships_of(user)
        .select_related("room", "room__space")
        .annotate(
            unread=Count(
                "room__messages",
                filter=Q(room__messages__id__gt=F("last_read_message_id"), room__messages__deleted_at__isnull=True)
                & ~Q(room__messages__author=user),
            )
        )
        .order_by("-room__last_message_id", "room__name")
    )
    return list(memberships)


def direct_partner_names(user, rooms) -> dict[int, str]:
    """For direct conversations and threads, the other members' names (the room has no name)."""
    ids = [r.pk for r in rooms if r.kind in (Room.Kind.DIRECT, Room.Kind.THREAD)]
    names = {}
    for member in RoomMember.objects.filter(room_id__in=ids).exclude(user=user).select_related("user"):
        names.setdefault(member.room_id, []).append(member.user.get_display_name())
    return {room_id: ", ".join(sorted(n)) for room_id, n in names.items()}


def room_display_name(room, names: dict[int, str]) -> str:
    """What a room is called for the user: its name, or the other members' (``names``, from
    direct_partner_names) for a conversation."""
    if room.kind == Room.Kind.LOUNGE:
        return gettext("Network lounge")
    return room.name or names.get(room.pk) or gettext("Conversation")


def messages_after(room, after_id: int, limit: int = 200):
    return list(_with_relations(Message.objects.filter(room=room, id__gt=after_id)).order_by("id")[:limit])


def messages_before(room, before_id: int | None, limit: int = 50):
    queryset = Message.objects.filter(room=room)
    if before_id:
        queryset = queryset.filter(id__lt=before_id)
    return list(reversed(_with_relations(queryset).order_by("-id")[:limit]))


def missed_messages(user, last_id: int, limit: int = 500):
    """What a reconnecting client missed in all its rooms, in id order."""
    rooms = memberships_of(user).values("room_id")
    return list(_with_relations(Message.objects.filter(room_id__in=rooms, id__gt=last_id)).order_by("id")[:limit])


PRESENCE_ROOM_MAX = 100  # members: above, a room shows no presence (each arrival would reach them all)


def large_room_ids(room_ids) -> set[int]:
    return set(
        RoomMember.objects.filter(room_id__in=room_ids)
        .values("room_id")
        .annotate(n=Count("id"))
        .filter(n__gt=PRESENCE_ROOM_MAX)
        .values_list("room_id", flat=True)
    )


def share_url(user, stored) -> str:
    """Where a file's "Share in the chat" link leads: its group's room when the user may write
    there, else the chat page (the lounge or a conversation), the file chosen in the composer."""
    room = Room.objects.select_related("space").filter(space_id=stored.space_id).first()
    if room is not None and can_access_room(user, room, write=True):
        return f"{room.get_absolute_url()}&fichier={stored.pk}"
    return f"{reverse('chat')}?fichier={stored.pk}"
