from django.db.models import Min
from haystack import indexes

from core.search import BaseIndex, html_text, space_token
from workspace.forum.models import Post, Topic
from workspace.spaces.permissions import VIEW, policy


def _first_post_ids():
    return Topic.objects.annotate(first=Min("posts__pk")).values("first")


class TopicIndex(BaseIndex, indexes.Indexable):
    """A topic with its opening message: one result, not two."""

    search_kind = "topic"

    def get_model(self):
        return Topic

    def index_queryset(self, using=None):
        return Topic.objects.select_related("space", "category")

    def also_refresh(self, obj):
        """Its replies are titled by the topic: renamed, they are renamed too."""
        first = obj.posts.order_by("pk").values_list("pk", flat=True).first()
        return [(Post, pk) for pk in obj.posts.exclude(pk=first).values_list("pk", flat=True)]

    def get_title(self, obj):
        return obj.title

    def get_text(self, obj):
        first = obj.posts.order_by("pk").first()
        return [obj.category.name if obj.category_id else "", html_text(first.body) if first else ""]

    def get_access(self, obj):
        return [space_token(obj.space_id, Topic.space_module)]

    def get_date(self, obj):
        return obj.last_post_at

    def user_can_see(self, user, obj):
        return policy.user_has_permission_for_instance(user, VIEW, obj)


class PostIndex(BaseIndex, indexes.Indexable):
    """A reply (the opening message is in its topic's document), titled by its topic."""

    search_kind = "post"

    def get_model(self):
        return Post

    def index_queryset(self, using=None):
        return Post.objects.exclude(pk__in=_first_post_ids()).select_related("space", "topic", "author")

    def also_refresh(self, obj):
        """Editing the opening message changes its topic's document."""
        return [(Topic, obj.topic_id)]

    def get_title(self, obj):
        return obj.topic.title

    def get_text(self, obj):
        return [html_text(obj.body), obj.author.get_display_name() if obj.author_id else ""]

    def get_access(self, obj):
        return [space_token(obj.space_id, Post.space_module)]

    def get_date(self, obj):
        return obj.created_at

    def user_can_see(self, user, obj):
        return policy.user_has_permission_for_instance(user, VIEW, obj)

    def get_url(self, obj):
        return f"{obj.topic.get_absolute_url()}#message-{obj.pk}"
