"""Who may do what in the Ticket déclic scheme: the single place that answers it, per object and
as a queryset (the two agree, a test checks it).

- the **manager** (role ``ticket_manager``) and the **coordinator** see everything; the manager
  validates and pays claims and edits the catalogue;
- a **prescriber** sees and issues the tickets of their organisations only; they re-issue or
  cancel a ticket of theirs not yet completed;
- an **animator** of a partner place registers tickets there and follows the learners
  registered at their place (interview, sessions, attendance, sheets, early closure);
- a **referent** reads the tickets of their territory's places and edits what those places offer.

Nobody else sees a ticket, and a ticket one may not see answers 404 (``shortcuts``).
"""

from django.db.models import Q

from core import roles
from core.users import is_active_member

VIEW = "view"
ISSUE = "issue"  # re-issue and cancel too
FOLLOW = "follow"  # the course: interview, sessions, attendance, sheets, closure
PAY = "pay"  # validate, reject and pay claims
CATALOGUE = "catalogue"  # what a place offers


def is_manager(user) -> bool:
    return is_active_member(user) and (
        user.is_superuser or roles.has_role(user, roles.TICKET_MANAGER) or roles.has_role(user, roles.COORDINATOR)
    )


def organisation_ids(user) -> set[int]:
    if not is_active_member(user) or not roles.has_role(user, roles.PRESCRIBER):
        return set()
    return set(user.ticket_organisations.values_list("pk", flat=True))


_PARTNER_PLACE = "_ticket_partner_place"
roles.USER_MEMOS.add(_PARTNER_PLACE)


def partner_place(user):
    """The partner place ``user`` animates, or None: read once per user object (the menu, the
    desk's widget list and the widget itself ask it on one page), as ``core.roles`` reads the
    role names, and forgotten with them."""
    from workspace.tickets.models import PartnerPlace

    if not is_active_member(user) or not user.place_id or not roles.has_role(user, roles.ANIMATOR):
        return None
    if _PARTNER_PLACE not in user.__dict__:
        user.__dict__[_PARTNER_PLACE] = (
            PartnerPlace.objects.filter(place_id=user.place_id).select_related("place").first()
        )
    return user.__dict__[_PARTNER_PLACE]


def referent_territory_ids(user) -> set[int]:
    from directory.permissions import administrable_territory_ids

    if not is_active_member(user) or user.is_superuser:
        return set()
    return set(administrable_territory_ids(user))  # read once per user object


def is_in_scheme(user) -> bool:
    """Whether the scheme's pages have something for ``user`` (its menu entry shows)."""
    return bool(is_manager(user) or organisation_ids(user) or partner_place(user) or referent_territory_ids(user))


def tickets_visible_q(user) -> Q:
    if is_manager(user):
        return Q()
    q = Q(pk__in=[])
    orgs = organisation_ids(user)
    if orgs:
        q |= Q(organisation_id__in=orgs)
    place = partner_place(user)
    if place is not None:
        q |= Q(place=place)
    territories = referent_territory_ids(user)
    if territories:
        q |= Q(place__place__territory_id__in=territories)
    return q


def tickets_for(user):
    from workspace.tickets.models import Ticket

    if not is_active_member(user):
        return Ticket.objects.none()
    return Ticket.objects.filter(tickets_visible_q(user))


def can(user, action: str, ticket=None) -> bool:
    """May ``user`` do ``action`` (to ``ticket``, when the action is about one)?"""
    if not is_active_member(user):
        return False
    if action == PAY:
        return is_manager(user)
    if action == ISSUE:
        if ticket is None:
            return bool(organisation_ids(user))
        return ticket.organisation_id in organisation_ids(user) or is_manager(user)
    if action == FOLLOW:
        if ticket is None:
            return partner_place(user) is not None
        place = partner_place(user)
        return place is not None and ticket.place_id == place.pk
    if action == CATALOGUE:
        return is_manager(user) or bool(referent_territory_ids(user))
    if action == VIEW:
        if ticket is None:
            return is_in_scheme(user)
        if is_manager(user) or ticket.organisation_id in organisation_ids(user):
            return True
        place = partner_place(user)
        if place is not None and ticket.place_id == place.pk:
            return True
        return ticket.place_id is not None and ticket.place.place.territory_id in referent_territory_ids(user)
    raise ValueError(f"unknown action {action!r}")


def can_edit_offer(user, partner) -> bool:
    return is_manager(user) or partner.place.territory_id in referent_territory_ids(user)
