from haystack import indexes

from core.search import BaseIndex, space_token
from workspace.agenda.models import Event
from workspace.spaces.permissions import VIEW, policy


class EventIndex(BaseIndex, indexes.Indexable):
    """An event of a space's agenda (a group's meeting, an entry of one's own agenda)."""

    search_kind = "meeting"

    def get_model(self):
        return Event

    def index_queryset(self, using=None):
        return Event.objects.select_related("space", "place")

    def get_title(self, obj):
        return obj.title

    def get_text(self, obj):
        return [obj.description, obj.location, obj.place.title if obj.place_id else ""]

    def get_access(self, obj):
        return [space_token(obj.space_id, Event.space_module)]

    def get_date(self, obj):
        return obj.starts_at

    def user_can_see(self, user, obj):
        return policy.user_has_permission_for_instance(user, VIEW, obj)
