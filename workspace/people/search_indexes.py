from haystack import indexes

from core.search import MEMBERS, BaseIndex
from workspace.people.models import User
from workspace.people.permissions import can_see_profile


class MemberIndex(BaseIndex, indexes.Indexable):
    """Active members, for the other members: name, job, skills, territory and place. Never the
    e-mail address or the phone (their owner chooses who sees them)."""

    search_kind = "member"

    def get_model(self):
        return User

    def index_queryset(self, using=None):
        return User.objects.filter(is_active=True).select_related("territory", "place").prefetch_related("skills")

    def get_title(self, obj):
        return obj.get_display_name() if obj.display_name or obj.get_full_name() else ""

    def get_text(self, obj):
        return [
            obj.get_full_name(),
            obj.job_title,
            " ".join(t.name for t in obj.skills.all()),
            obj.territory.name if obj.territory_id else "",
            obj.place.title if obj.place_id else "",
        ]

    def get_access(self, obj):
        return [MEMBERS]

    def get_space_id(self, obj):
        return None

    def get_territory(self, obj):
        return obj.territory.slug if obj.territory_id else None

    def get_date(self, obj):
        return obj.date_joined

    def user_can_see(self, user, obj):
        return user.is_authenticated and can_see_profile(user, obj)

    def get_url(self, obj):
        from django.urls import reverse

        return reverse("member-profile", kwargs={"pk": obj.pk})
