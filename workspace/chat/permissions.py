"""Who may read and write in a chat room: its members (lounge: every active member)."""

from workspace.chat.models import Message, RoomMember


def can_access_room(user, room) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return RoomMember.objects.filter(room=room, user=user).exists()


def can_change_message(user, message: Message) -> bool:
    return message.author_id == user.pk and message.deleted_at is None
