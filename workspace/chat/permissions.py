"""Who may read and write in a chat room, decided here only.

Lounge, direct conversations and threads: their members (the lounge: every active member).
A working group's room: whoever the spaces policy lets view (read) or contribute (write) in
the group's chat module; switched off or archived, the room is hidden or read-only.
"""

from workspace.chat.models import Message, Room, RoomMember

MODULE = "chat"


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


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
