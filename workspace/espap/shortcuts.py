"""404 or 403 decided once for esp@p's pages: an appointment one may not see does not exist (404);
one they see but may not act on is refused (403); a page about nothing in particular does not
exist for members outside the scheme (404) and is refused to the others who may not use it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspace.espap import permissions as policy
from workspace.espap.models import Appointment

MAX_ID = 2**63 - 1


def appointment_or_404(user, pk, action: str = policy.VIEW) -> Appointment:
    if not 0 < int(pk) <= MAX_ID:
        raise Http404
    appointment = (
        Appointment.objects.select_related(
            "slot__advisor__user",
            "slot__advisor__agency",
            "site__territory",
            "agency",
            "mediator",
            "rescheduled_to__slot",
        )
        .filter(pk=pk)
        .first()
    )
    if appointment is None or not policy.can(user, policy.VIEW, appointment):
        raise Http404
    if action != policy.VIEW and not policy.can(user, action, appointment):
        raise PermissionDenied
    return appointment


def site_or_404(user, pk, action: str = policy.VIEW):
    from directory.models import PlacePage

    if not 0 < int(pk) <= MAX_ID:
        raise Http404
    site = PlacePage.objects.live().filter(pk=pk, espap=True).select_related("territory").first()
    if site is None or not policy.is_in_scheme(user):
        raise Http404
    if action != policy.VIEW and not policy.can(user, action, site):
        raise PermissionDenied
    return site


def require(user, action: str) -> None:
    if not policy.can(user, action):
        if not policy.is_in_scheme(user):
            raise Http404
        raise PermissionDenied
