"""Real-time events of the workspace socket, sent once the transaction commits.

One way for every module (Zulip's ``send_event_on_commit``): a service stores first, then calls
``send_on_commit(event, user_ids=…, groups=…)``; the caller names the recipients. ``user_ids``
reach every socket of those members (the ``user.<id>`` group each socket joins), ``groups`` the
Channels groups a module's sockets joined (``room.42``). Event types are prefixed by their module
(``chat.message``, ``notification.new``). A push that fails is logged, never raised: what was
stored stays readable over HTTP.

Tests capture what is sent with ``capture()`` (tests/helpers: ``capture_events``).
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Listeners of every event sent (the tests' capture); they see the event and its groups.
_listeners: list = []


def user_group(user_id) -> str:
    return f"user.{user_id}"


def _groups(user_ids, groups) -> list[str]:
    names = [user_group(pk) for pk in sorted({int(pk) for pk in user_ids or ()})]
    names += [str(g) for g in groups or ()]
    return list(dict.fromkeys(names))


def _send(groups, event):
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        async_to_sync(layer.group_send)(group, event)


def send_now(event: dict, *, user_ids=(), groups=()) -> None:
    """Send at once (the caller is already after the commit, or stored nothing)."""
    names = _groups(user_ids, groups)
    if not names:
        return
    for listener in list(_listeners):
        listener(event, names)
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            _send(names, event)
        else:  # called from a thread that runs an event loop: send from another thread
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(_send, names, event).result(timeout=10)
    except Exception:  # noqa: BLE001 - the socket is a convenience, the data is stored
        logger.warning("Could not push %s to %s", event.get("type"), names, exc_info=True)


def send_on_commit(event: dict, *, user_ids=(), groups=()) -> None:
    """Send once the current transaction commits (at once outside a transaction)."""
    names = _groups(user_ids, groups)
    if names:
        transaction.on_commit(lambda: send_now(event, groups=names))


class capture:
    """``with capture() as sent:`` records ``(event, groups)`` for every event sent inside."""

    def __enter__(self):
        self.sent = []
        _listeners.append(self._record)
        return self.sent

    def _record(self, event, groups):
        self.sent.append((event, groups))

    def __exit__(self, *exc):
        _listeners.remove(self._record)
        return False
