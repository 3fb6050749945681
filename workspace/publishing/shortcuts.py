"""404 or 403 decided once for the workshops' pages: a proposal (or a registrant list) one may
not see does not exist (404); one seen but not acted on is refused (403); the module's pages
about nothing in particular do not exist for members it has nothing for (404) and are refused to
the others who may not use them (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspace.publishing import permissions as policy

MAX_ID = 2**63 - 1


def event_or_404(user, pk, action: str = policy.VIEW):
    from home.models import EventPage

    if not 0 < int(pk) <= MAX_ID:
        raise Http404
    event = EventPage.objects.select_related("place__territory", "proposed_by").filter(pk=pk).first()
    seen = policy.REGISTRANTS if action == policy.REGISTRANTS else policy.VIEW
    if event is None or not policy.can(user, seen, event):
        raise Http404
    if action != seen and not policy.can(user, action, event):
        raise PermissionDenied
    return event


def require_module(user) -> None:
    if not policy.sees_module(user):
        raise Http404


def require_propose(user) -> None:
    require_module(user)
    if not policy.may_propose(user):
        raise PermissionDenied
