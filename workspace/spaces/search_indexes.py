from haystack import indexes

from core.search import MEMBERS, BaseIndex, space_token
from workspace.spaces.models import Space
from workspace.spaces.permissions import DISCOVER, policy


class GroupIndex(BaseIndex, indexes.Indexable):
    """Working groups: a secret one only for its members, the others for every member."""

    search_kind = "group"

    def get_model(self):
        return Space

    def index_queryset(self, using=None):
        return Space.objects.filter(kind=Space.Kind.GROUP)

    def get_title(self, obj):
        return obj.name

    def get_text(self, obj):
        return [obj.purpose]

    def get_access(self, obj):
        tokens = [space_token(obj.pk)]
        if obj.visibility != Space.Visibility.SECRET:
            tokens.append(MEMBERS)
        return tokens

    def get_space_id(self, obj):
        return obj.pk

    def get_date(self, obj):
        return obj.created_at

    def user_can_see(self, user, obj):
        return policy.user_has_permission(user, DISCOVER, obj)
