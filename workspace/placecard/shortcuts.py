"""404 or 403 decided once: a place whose card one may not see does not exist for them (404);
one they see but may not act on is refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from directory.models import PlacePage
from workspace.placecard import permissions as policy

MAX_ID = 2**63 - 1


def place_or_404(user, pk, action: str = policy.VIEW) -> PlacePage:
    if not 0 < int(pk) <= MAX_ID:
        raise Http404
    place = PlacePage.objects.select_related("territory").filter(pk=pk).first()
    if place is None or not policy.can(user, policy.VIEW, place):
        raise Http404
    if action != policy.VIEW and not policy.can(user, action, place):
        raise PermissionDenied
    return place


def require_card(user) -> None:
    if not policy.has_card(user):
        raise Http404
