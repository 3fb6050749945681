"""Real-time events, sent after the transaction commits to the ``user.<id>`` groups that the
workspace WebSocket joins. The caller names the recipients; event types are prefixed."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def _send(user_ids, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for user_id in user_ids:
        async_to_sync(layer.group_send)(f"user.{user_id}", event)


def broadcast_now(user_ids, event: dict) -> None:
    """Send at once (the caller is already after the commit). A failure to push is logged,
    never raised: what was stored stays readable over HTTP."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            _send(user_ids, event)
        else:  # called from a thread that runs an event loop: send from another thread
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(_send, user_ids, event).result(timeout=10)
    except Exception:  # noqa: BLE001 - the socket is a convenience, the data is stored
        logger.warning("Could not push %s to %s", event.get("type"), user_ids, exc_info=True)


def broadcast(user_ids, event: dict) -> None:
    """Send once the current transaction commits."""
    user_ids = sorted(set(user_ids))
    if user_ids:
        transaction.on_commit(lambda: broadcast_now(user_ids, event))
