"""Writes on the forum. The policy decides who may; posts are sanitised before they are stored."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.notify import notify
from workspace.forum.models import Category, Post, Report, Subscription, Topic, TopicRead
from workspace.spaces.html import sanitize, to_text
from workspace.spaces.models import Membership
from workspace.spaces.permissions import CONTRIBUTE, MODERATE, VIEW, policy

MODULE = "forum"
EDIT_WINDOW = datetime.timedelta(minutes=30)
MAX_POST = 20000


def _may(user, action, space):
    return policy.user_has_module_permission(user, action, space, MODULE)


def _body(body: str) -> str:
    clean = sanitize((body or "")[: MAX_POST * 2])
    if not to_text(clean):
        raise ValidationError({"body": _("Write a message.")})
    if len(clean) > MAX_POST:
        raise ValidationError({"body": _("The message is too long.")})
    return clean


@transaction.atomic
def category_create(*, space, actor, name: str, description: str = "") -> Category:
    if not _may(actor, MODERATE, space):
        raise PermissionDenied(_("Only the space's administrators create categories."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    base = slugify(name)[:120] or "categorie"
    slug, n = base, 2
    while Category.objects.filter(space=space, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    position = Category.objects.filter(space=space).count()
    return Category.objects.create(space=space, name=name, slug=slug, description=description, position=position)


@transaction.atomic
def topic_create(*, space, author, title: str, body: str, category: Category | None = None) -> Topic:
    if not _may(author, CONTRIBUTE, space):
        raise PermissionDenied(_("You may not start a topic here."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the topic a title.")})
    if category is not None and category.space_id != space.pk:
        raise ValidationError({"category": _("Choose a category of this space.")})
    body = _body(body)
    now = timezone.now()
    topic = Topic.objects.create(
        space=space,
        category=category,
        title=title[:200],
        author=author,
        created_at=now,
        last_post_at=now,
        last_post_by=author,
    )
    Post.objects.create(topic=topic, space=space, author=author, body=body, created_at=now)
    Subscription.objects.create(topic=topic, user=author)
    TopicRead.objects.create(topic=topic, user=author, last_read_at=now)
    return topic


@transaction.atomic
def post_reply(*, topic: Topic, author, body: str) -> Post:
    space = topic.space
    if not _may(author, CONTRIBUTE, space):
        raise PermissionDenied(_("You may not reply here."))
    if topic.locked and not _may(author, MODERATE, space):
        raise ValidationError(_("This topic is locked: no more replies."))
    now = timezone.now()
    post = Post.objects.create(topic=topic, space=space, author=author, body=_body(body), created_at=now)
    Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1, last_post_at=now, last_post_by=author)
    Subscription.objects.get_or_create(topic=topic, user=author)
    TopicRead.objects.update_or_create(topic=topic, user=author, defaults={"last_read_at": now})
    # Subscribers who can still read the space hear of it; the author does not.
    recipients = [
        s.user
        for s in Subscription.objects.filter(topic=topic).exclude(user=author).select_related("user")
        if policy.user_has_module_permission(s.user, VIEW, space, MODULE)
    ]
    notify(
        users=recipients,
        kind="reply",
        text=_("%(actor)s replied to “%(topic)s”.") % {"actor": author, "topic": topic.title},
        url=f"{topic.get_absolute_url()}#message-{post.pk}",
        actor=author,
    )
    return post


def may_edit(user, post: Post) -> bool:
    if _may(user, MODERATE, post.space):
        return True
    return (
        post.author_id == user.pk
        and _may(user, CONTRIBUTE, post.space)
        and timezone.now() - post.created_at <= EDIT_WINDOW
        and not post.topic.locked
    )


@transaction.atomic
def post_edit(*, post: Post, editor, body: str) -> Post:
    if not may_edit(editor, post):
        raise PermissionDenied(_("This message can no longer be edited."))
    post.body = _body(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    return post


@transaction.atomic
def topic_moderate(*, topic: Topic, actor, pinned: bool | None = None, locked: bool | None = None) -> Topic:
    if not _may(actor, MODERATE, topic.space):
        raise PermissionDenied(_("Only moderators pin or lock topics."))
    fields = []
    if pinned is not None:
        topic.pinned = pinned
        fields.append("pinned")
    if locked is not None:
        topic.locked = locked
        fields.append("locked")
    topic.save(update_fields=fields)
    return topic


@transaction.atomic
def topic_subscribe(*, topic: Topic, user, subscribed: bool) -> None:
    if not _may(user, VIEW, topic.space):
        raise PermissionDenied
    if subscribed:
        Subscription.objects.get_or_create(topic=topic, user=user)
    else:
        Subscription.objects.filter(topic=topic, user=user).delete()


def topic_mark_read(*, topic: Topic, user) -> None:
    if user.is_authenticated:
        TopicRead.objects.update_or_create(topic=topic, user=user, defaults={"last_read_at": timezone.now()})


def moderators_of(space):
    User = get_user_model()
    admins = User.objects.filter(
        memberships__space=space, memberships__role__in=[Membership.Role.OWNER, Membership.Role.ADMIN], is_active=True
    )
    if space.kind == "network":
        admins = admins | User.objects.filter(is_superuser=True, is_active=True)
    return list(admins.distinct())


@transaction.atomic
def post_report(*, post: Post, reporter, reason: str) -> Report:
    if not _may(reporter, VIEW, post.space):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you report this message.")})
    report = Report.objects.create(post=post, reporter=reporter, reason=reason[:500])
    moderators = [u for u in moderators_of(post.space) if u.pk != reporter.pk]
    notify(
        users=moderators,
        kind="report",
        text=_("A message was reported in “%(topic)s”: %(reason)s")
        % {"topic": post.topic.title, "reason": report.reason},
        url=f"{post.topic.get_absolute_url()}#message-{post.pk}",
        actor=reporter,
    )
    return report
