"""The audit log, for every app: ``record(actor=…, action=…, summary=…, territory=…, target=…)``.

Administrative actions (a referent hides a post, a manager pays a claim, a referent unlocks a
counting grid) are recorded where the coordinator reads them (``/espace/journal/``). The people
module stores the entries; the app that records never imports it.
"""

from django.dispatch import Signal

# sender=None; actor, action, summary, territory, target
audit_requested = Signal()


def record(*, actor, action: str, summary: str, territory=None, target=None) -> None:
    audit_requested.send(
        sender=None, actor=actor, action=action, summary=str(summary), territory=territory, target=target
    )
