"""What a service tells others, captured for the tests (as Zulip's tests assert the events a
change sends and to whom).

``with sent_events() as sent:`` — every socket event sent inside (core.events), committed:
``sent`` holds ``(event, groups)``, ``groups`` like ``["user.7"]`` or ``["room.3"]``.
``with sent_notifications() as sent:`` — every core.notify call inside, as its arguments.
"""

from contextlib import contextmanager

from django.test import TestCase

from core import events
from core.notify import notification_requested


@contextmanager
def sent_events():
    """Runs the on-commit callbacks of the block (the events go out after the commit)."""
    with events.capture() as sent, TestCase.captureOnCommitCallbacks(execute=True):
        yield sent


def recipients(sent, event_type: str) -> dict:
    """{group: [events of that type]} of what was sent."""
    found = {}
    for event, groups in sent:
        if event.get("type") == event_type:
            for group in groups:
                found.setdefault(group, []).append(event)
    return found


@contextmanager
def sent_notifications():
    sent = []

    def record(sender, **kwargs):
        sent.append(kwargs)

    notification_requested.connect(record, weak=False, dispatch_uid="tests.capture")
    try:
        yield sent
    finally:
        notification_requested.disconnect(dispatch_uid="tests.capture")
