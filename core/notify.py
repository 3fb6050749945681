"""How a module tells members something happened: the one way, for every app.

A service calls ``notify(users=…, kind=…, text=…, url=…, actor=…, key=…)``; the notifications
module (``workspace.notifications``) receives it, stores one notification per recipient, pushes
the new count to their sockets after the commit and puts it in the daily digest. The sender
never imports the notifications module, and works the same when it is absent.

``kind`` is one of the ``NotificationKind`` a module declared (``Module.notification_kinds``);
an unknown kind is a programming error. ``key`` de-duplicates: while a recipient has an unread
notification with the same key (``chat.room.12``: the conversation they have not read), they
get no second one; ``read(user=…, key=…)`` marks it read when the thing itself was read.
"""

from dataclasses import dataclass

from django.dispatch import Signal

from core.registry import Registry

# sender=None; users, kind, text, url, actor, key → the receiver returns the stored notifications
notification_requested = Signal()
# sender=None; user, key → the receiver returns how many it marked read
notification_read = Signal()


@dataclass(frozen=True)
class NotificationKind:
    slug: str
    label: str  # lazy translated


_KINDS = Registry("notification kind")  # slug -> NotificationKind


def register_kind(kind: NotificationKind) -> NotificationKind:
    return _KINDS.register(kind)


def unregister_kind(slug: str) -> None:
    _KINDS.unregister(slug)


def kinds() -> dict[str, NotificationKind]:
    return dict(_KINDS)


def notify(*, users, kind: str, text: str, url: str = "", actor=None, key: str = "") -> list:
    """Tell ``users`` (the actor and inactive accounts are left out by the receiver)."""
    if kind not in _KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    results = notification_requested.send(
        sender=None, users=list(users), kind=kind, text=str(text), url=url, actor=actor, key=key
    )
    return [item for _receiver, stored in results for item in (stored or [])]


def read(*, user, key: str) -> int:
    """``user`` read what the notifications keyed ``key`` were about."""
    results = notification_read.send(sender=None, user=user, key=key)
    return sum(count or 0 for _receiver, count in results)
