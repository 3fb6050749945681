from haystack import indexes

from core.search import BaseIndex, html_text, space_token
from workspace.notes.models import Note
from workspace.spaces.permissions import VIEW, policy


class NoteIndex(BaseIndex, indexes.Indexable):
    search_kind = "note"

    def get_model(self):
        return Note

    def index_queryset(self, using=None):
        return Note.objects.select_related("space")

    def get_title(self, obj):
        return obj.title

    def get_text(self, obj):
        return [html_text(obj.body)]

    def get_access(self, obj):
        return [space_token(obj.space_id, Note.space_module)]

    def get_date(self, obj):
        return obj.updated_at

    def user_can_see(self, user, obj):
        return policy.user_has_permission_for_instance(user, VIEW, obj)
