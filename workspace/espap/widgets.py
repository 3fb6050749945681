"""Desk widgets of esp@p, each for the members it concerns (``Widget.audience``): today's
appointments for the advisors and mediators taking part in them, the grids waiting for
validation for the referents and the coordinator."""

from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def takes_part(user) -> bool:
    from workspace.espap import permissions as policy

    where = policy.standing(user)
    return where["advisor"] or where["mediator"]


def validates(user) -> bool:
    from workspace.espap import permissions as policy

    where = policy.standing(user)
    return where["coordinator"] or where["referent"]


def _today(request, space, count):
    import datetime

    from django.utils import timezone

    from workspace.espap import permissions as policy
    from workspace.espap.models import Appointment

    user = request.user
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    items = list(
        policy.appointments_for(user)
        .filter(
            policy.participant_q(user),
            slot__starts_at__gte=start,
            slot__starts_at__lt=start + datetime.timedelta(days=1),
        )
        .exclude(status__in=("cancelled", "rescheduled"))
        .select_related("slot", "site", "agency")[:count]
    )
    return {"appointments": items, "requested": sum(1 for a in items if a.status == Appointment.Status.REQUESTED)}


def _grids(request, space, count):
    from workspace.espap import permissions as policy
    from workspace.espap.models import WeeklyGrid

    waiting = WeeklyGrid.objects.filter(policy.grids_visible_q(request.user), validated_at__isnull=True).select_related(
        "site"
    )
    return {"grids": list(waiting.order_by("week", "site__title")[:count]), "total": waiting.count()}


WIDGETS = (
    Widget(
        slug="espap-today",
        title=_("Today's video appointments"),
        description=_("The esp@p appointments you take part in today, with the way into the call."),
        template="espap/widget_today.html",
        load=_today,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        audience="workspace.espap.widgets.takes_part",
        order=13,
    ),
    Widget(
        slug="espap-grids",
        title=_("Counting grids to validate"),
        description=_("The esp@p weekly grids of your sites waiting for your validation."),
        template="espap/widget_grids.html",
        load=_grids,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        audience="workspace.espap.widgets.validates",
        order=13,
    ),
)
