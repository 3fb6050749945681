"""Who may read and write in a chat room, decided here only.

Lounge, direct conversations and threads: their members (the lounge: every active member).
A working group's room: whoever the spaces policy lets view (read) or contribute (write) in
the group's chat module; switched off or archived, the room is hidden or read-only.
"""

from core.users import is_active_member as _active
from workspace.chat.models import Message, Room, RoomMember

MODULE = "chat"


def can_access_room(user, room, write: bool = False) -> bool:
    if not _active(user):
        return False
    if room.kind == Room.Kind.SPACE:
        from workspace.spaces.permissions import CONTRIBUTE, VIEW, policy

        if room.space is None:
            return False
        return policy.user_has_module_permission(user, CONTRIBUTE if write else VIEW, room.space, MODULE)
    return RoomMember.objects.filter(room=room, user=user).exists()


def can_change_message(user, message: Message) -> bool:
    return (
        message.author_id == user.pk and message.deleted_at is None and can_access_room(user, message.room, write=True)
    )


def can_see_file(user, stored) -> bool:
    """A file of the Files module, attached to a message: shown to whoever the files policy
    lets view it (and only while it is not in the trash)."""
    from workspace.spaces.permissions import VIEW, policy

    return (
        stored is not None
        and stored.deleted_at is None
        and _active(user)
        and policy.user_has_permission_for_instance(user, VIEW, stored)
    )


def members_who_cannot_see_file(room, stored) -> list:
    """The room's members the files policy would not show ``stored`` to: a file is attached only
    when this is empty, so that a message never shows anyone a file they may not see."""
    return [
        member.user
        for member in RoomMember.objects.filter(room=room, user__is_active=True).select_related("user")
        if not can_see_file(member.user, stored)
    ]


def shareable_space_ids(room, spaces) -> set[int]:
    """Among ``spaces``, those whose files every member of ``room`` may see: what the composer
    offers to attach (sending checks each member again, ``members_who_cannot_see_file``).
    A group's room: the group and the network space; the lounge: the network space; a
    conversation or a thread (at most 8 people): each space, asked of the policy per member."""
    from workspace.spaces.models import Space
    from workspace.spaces.permissions import VIEW, policy

    network = {s.pk for s in spaces if s.kind == Space.Kind.NETWORK}
    if room.kind == Room.Kind.SPACE:
        return network | {room.space_id}
    if room.kind == Room.Kind.LOUNGE:
        return network
    members = [m.user for m in RoomMember.objects.filter(room=room, user__is_active=True).select_related("user")]
    return {
        space.pk
        for space in spaces
        if all(policy.user_has_module_permission(person, VIEW, space, "files") for person in members)
    }
