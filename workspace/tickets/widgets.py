"""Desk widgets of the scheme, each for the members it concerns (``Widget.audience``)."""

from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _week(request, space, count):
    from workspace.tickets import permissions as policy
    from workspace.tickets import selectors

    place = policy.partner_place(request.user)
    if place is None:
        return {"sessions": []}
    return {"sessions": list(selectors.week_sessions(place)[:count])}


def _to_follow(request, space, count):
    from workspace.tickets import permissions as policy
    from workspace.tickets.models import Ticket

    tickets = (
        policy.tickets_for(request.user)
        .filter(organisation_id__in=policy.organisation_ids(request.user), status__in=Ticket.OPEN)
        .select_related("beneficiary", "place__place")
        .order_by("expires_on")
    )
    return {"tickets": list(tickets[:count])}


def _claims(request, space, count):
    from workspace.tickets.models import Claim

    claims = Claim.objects.filter(status=Claim.Status.OPEN).select_related("place__place", "ticket")
    return {"claims": list(claims.order_by("opened_at")[:count]), "total": claims.count()}


WIDGETS = (
    Widget(
        slug="tickets-week",
        title=_("My learners this week"),
        description=_("The Ticket déclic sessions of your place this week."),
        template="tickets/widget_week.html",
        load=_week,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        audience="workspace.tickets.permissions.partner_place",
        order=12,
    ),
    Widget(
        slug="tickets-follow",
        title=_("Tickets to follow"),
        description=_("The open tickets of your organisation, the soonest to expire first."),
        template="tickets/widget_follow.html",
        load=_to_follow,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        audience="workspace.tickets.permissions.organisation_ids",
        order=12,
    ),
    Widget(
        slug="tickets-claims",
        title=_("Claims to validate"),
        description=_("Completed courses whose claim waits for your validation."),
        template="tickets/widget_claims.html",
        load=_claims,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        audience="workspace.tickets.permissions.is_manager",
        order=12,
    ),
)
