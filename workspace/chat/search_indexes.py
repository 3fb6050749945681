from haystack import indexes

from core.search import BaseIndex, room_token, space_token
from workspace.chat.models import Message
from workspace.chat.permissions import can_access_room


class MessageIndex(BaseIndex, indexes.Indexable):
    """A chat message, readable by those who may read its room (deleted messages are not searched)."""

    search_kind = "message"

    def get_model(self):
        return Message

    def index_queryset(self, using=None):
        return Message.objects.filter(deleted_at__isnull=True).select_related("room", "author")

    def get_title(self, obj):
        return f"{obj.author.get_display_name()} : {obj.text[:80]}"

    def get_text(self, obj):
        return [obj.text, str(obj.room) if obj.room.name else ""]

    def get_access(self, obj):
        # A working group's room is read by whoever the policy lets view the group's chat module;
        # the other rooms by their members.
        space_id = self.get_space_id(obj)
        if space_id:
            return [space_token(space_id, "chat")]
        return [room_token(obj.room_id)]

    def get_space_id(self, obj):
        return getattr(obj.room, "space_id", None)

    def get_date(self, obj):
        return obj.created_at

    def user_can_see(self, user, obj):
        return obj.deleted_at is None and can_access_room(user, obj.room)

    def get_url(self, obj):
        return obj.get_absolute_url()
