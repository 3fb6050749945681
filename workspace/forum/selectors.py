from django.db.models import Exists, OuterRef, Q, Subquery

from workspace.forum.models import Category, Topic, TopicRead
from workspace.spaces.models import ModuleState
from workspace.spaces.permissions import VIEW, instances_user_has_permission_for, policy


def with_unread(topics, user):
    last_read = TopicRead.objects.filter(topic=OuterRef("pk"), user=user).values("last_read_at")[:1]
    read = TopicRead.objects.filter(topic=OuterRef("pk"), user=user)
    return topics.annotate(last_read_at=Subquery(last_read)).annotate(
        is_unread=~Exists(read.filter(last_read_at__gte=OuterRef("last_post_at")))
    )


def topics_of(*, user, space, category=None):
    if not policy.user_has_module_permission(user, VIEW, space, "forum"):
        return Topic.objects.none()
    topics = space.forum_topics.select_related("author", "last_post_by", "category")
    if category is not None:
        topics = topics.filter(category=category)
    return with_unread(topics, user)


def categories_of(*, space):
    return Category.objects.filter(space=space)


def latest_topics_for(*, user, limit: int, space=None):
    """Latest topics in the spaces the user reads, or in ``space``: one query."""
    if space is not None:
        topics = Topic.objects.filter(space=space)
    else:
        off = ModuleState.objects.filter(module="forum", enabled=False).values("space_id")
        topics = Topic.objects.filter(Q(space__in=instances_user_has_permission_for(user, VIEW)) & ~Q(space_id__in=off))
    return list(with_unread(topics.select_related("space", "last_post_by"), user).order_by("-last_post_at")[:limit])
