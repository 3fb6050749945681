"""404 or 403 decided once for the scheme's pages: a ticket one may not see does not exist
(404, the same answer as a reference that was never issued); one they see but may not act on is
refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspace.tickets import permissions as policy
from workspace.tickets import reference as refs
from workspace.tickets.models import Ticket


def ticket_or_404(user, reference: str, action: str = policy.VIEW) -> Ticket:
    ticket = (
        Ticket.objects.select_related("beneficiary", "organisation", "place__place", "framework", "issued_by")
        .filter(reference=refs.normalise(reference))
        .first()
    )
    if ticket is None or not policy.can(user, policy.VIEW, ticket):
        raise Http404
    if action != policy.VIEW and not policy.can(user, action, ticket):
        raise PermissionDenied
    return ticket


def require(user, action: str) -> None:
    """A page of the scheme that is about no ticket in particular."""
    if not policy.can(user, action):
        if not policy.is_in_scheme(user):
            raise Http404  # the scheme's pages do not exist for members outside it
        raise PermissionDenied
