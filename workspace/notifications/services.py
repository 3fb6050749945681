"""Writes on notifications. ``notify`` stores first, then pushes the new unread count to each
recipient's ``user.<id>`` group after the commit (the bell updates live)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core import notify as core_notify
from workspace.notifications.models import Notification, Preference


def _unread_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """The bell's figure, shown on every page of the workspace: kept in the shared cache until a
    notification of that member is stored, read or deleted (``forget_unread``), so a page asks
    no query for it."""
    from django.core.cache import cache

    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, 24 * 3600)
    return count


def forget_unread(user_ids) -> None:
    """These members' unread counts changed: now, and once the change is committed (a page
    served meanwhile by another process may have read the old count)."""
    from django.core.cache import cache

    keys = [_unread_key(pk) for pk in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def notification_changed(sender, instance, **kwargs):
    forget_unread([instance.user_id])


@transaction.atomic
def notify(*, users, kind: str, text: str, url: str = "", actor=None, key: str = "") -> list[Notification]:
    """Store one notification per recipient (not the actor, not an inactive account), then push
    the new count after the commit. With ``key``, a recipient who has not read the notification
    of that key yet gets no second one (a conversation notifies once while it is unread)."""
    if kind not in core_notify.kinds():  # a programming error, caught by every database
        raise ValueError(f"unknown notification kind {kind!r}")
    users = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    if actor is not None:
        users = [u for u in users if u.pk != actor.pk]
    if key and users:
        waiting = set(
            Notification.objects.filter(key=key, read_at__isnull=True, user__in=users).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in waiting]
    created = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, text=text[:300], url=url[:300], actor=actor, key=key[:100]) for u in users]
    )
    forget_unread([u.pk for u in users])
    for user in users:
        transaction.on_commit(lambda user=user: _push(user, text, url))
    return created


def _push(user, text, url):
    events.send_now(
        {"type": "notification.new", "unread": unread_count(user), "text": text, "url": url}, user_ids=[user.pk]
    )


@transaction.atomic
def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    count = qs.update(read_at=timezone.now())
    forget_unread([user.pk])
    transaction.on_commit(
        lambda: events.send_now({"type": "notification.count", "unread": unread_count(user)}, user_ids=[user.pk])
    )
    return count


def mark_read_key(*, user, key: str) -> int:
    """What the notifications keyed ``key`` were about was read: so are they."""
    if not key:
        return 0
    ids = list(Notification.objects.filter(user=user, key=key, read_at__isnull=True).values_list("pk", flat=True))
    return mark_read(user=user, ids=ids) if ids else 0


@transaction.atomic
def preference_set(*, user, daily_digest: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"daily_digest": daily_digest})
    return preference


def digest_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each member who asked for it the unread notifications of the last day, once."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    sent = 0
    for preference in Preference.objects.filter(daily_digest=True, user__is_active=True).select_related("user"):
        user = preference.user
        items = list(
            Notification.objects.filter(user=user, read_at__isnull=True, emailed_at__isnull=True, created_at__gte=since)
        )
        if not items:
            continue
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        body = render_to_string("notifications/emails/digest.txt", {"user": user, "items": items, "base_url": base})
        send_mail(_("Maillage: your day in the network"), body, None, [user.email], fail_silently=True)
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        sent += 1
    return sent
