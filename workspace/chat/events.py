"""Fan-out of chat events to Channels groups, after the commit (DESIGN: events after commit)."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def _send(groups, event):
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        async_to_sync(layer.group_send)(group, event)


def send_now(groups, event: dict) -> None:
    """A push that fails is logged, never raised: the message is stored and readable over HTTP."""
    groups = list(dict.fromkeys(groups))
    if not groups:
        return
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            _send(groups, event)
        else:
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(_send, groups, event).result(timeout=10)
    except Exception:  # noqa: BLE001
        logger.warning("Could not push %s to %s", event.get("type"), groups, exc_info=True)


def send_after_commit(groups, event: dict) -> None:
    transaction.on_commit(lambda: send_now(groups, event))
