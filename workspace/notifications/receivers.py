"""What core.notify asks of the notifications module: store, push, mark read. The modules that
send never import this one (core/notify.py)."""

from django.dispatch import receiver

from core.notify import notification_read, notification_requested
from workspace.notifications import services


@receiver(notification_requested, dispatch_uid="notifications.store")
def on_notification_requested(sender, users, kind, text, url="", actor=None, key="", **kwargs):
    return services.notify(users=users, kind=kind, text=text, url=url, actor=actor, key=key)


@receiver(notification_read, dispatch_uid="notifications.read")
def on_notification_read(sender, user, key, **kwargs):
    return services.mark_read_key(user=user, key=key)
