"""Who may do what with the public workshops animators propose: the single place that answers
it, per object and as a queryset (the two agree, a test checks it).

- **propose**: an animator for their own place (``user.place``) only; the coordinator and the
  communications officer for any place;
- **view / edit / withdraw** a proposal: its proposer, the animators of its place, the coordinator;
- **registrants** (see the list, cancel a registration): the animators of the place, the referent
  of its territory, the communications officer, the coordinator;
- **review** is the workflow task's own question (``EventReviewTask.user_may_review``): the
  Wagtail admin asks it.

A proposal one may not see answers 404 (``shortcuts``); one seen but not acted on, 403.
"""

from django.db.models import Q

from core import roles
from core.users import is_active_member

PROPOSE = "propose"
VIEW = "view"
EDIT = "edit"
WITHDRAW = "withdraw"
REGISTRANTS = "registrants"

ACTIONS = (VIEW, EDIT, WITHDRAW, REGISTRANTS)


def is_coordinator(user) -> bool:
    return is_active_member(user) and (user.is_superuser or roles.has_role(user, roles.COORDINATOR))


def is_officer(user) -> bool:
    return is_active_member(user) and roles.has_role(user, roles.COMMUNICATION)


def animated_place_id(user) -> int | None:
    """The place ``user`` animates (their ``place`` when they have the animator role), else None."""
    if not is_active_member(user) or not user.place_id or not roles.has_role(user, roles.ANIMATOR):
        return None
    return user.place_id


def proposable_places(user):
    """The places ``user`` may propose a workshop for, as a queryset."""
    from directory.models import PlacePage

    if is_coordinator(user) or is_officer(user):
        return PlacePage.objects.live().order_by("title")
    place_id = animated_place_id(user)
    if place_id is None:
        return PlacePage.objects.none()
    return PlacePage.objects.filter(pk=place_id)


def may_propose(user, place=None) -> bool:
    if not is_active_member(user):
        return False
    if is_coordinator(user) or is_officer(user):
        return True
    place_id = animated_place_id(user)
    if place_id is None:
        return False
    return place is None or getattr(place, "pk", place) == place_id


def _referent_territory_ids(user) -> set:
    from directory.permissions import administrable_territory_ids

    if not is_active_member(user) or user.is_superuser:
        return set()
    return set(administrable_territory_ids(user))  # read once per user object


def sees_module(user) -> bool:
    """The side navigation lists "Public workshops" to those who propose or follow registrants."""
    return may_propose(user) or bool(_referent_territory_ids(user))


def can(user, action: str, event) -> bool:
    """May ``user`` do ``action`` on the proposed event page ``event``?"""
    if not is_active_member(user) or event is None:
        return False
    proposed = event.proposed_by_id is not None
    if is_coordinator(user):
        return proposed or action == REGISTRANTS
    place_id = animated_place_id(user)
    of_place = place_id is not None and event.place_id == place_id
    if action in (VIEW, EDIT, WITHDRAW):
        return proposed and (event.proposed_by_id == user.pk or of_place)
    if action == REGISTRANTS:
        if of_place or is_officer(user):
            return True
        territory_id = event.place.territory_id if event.place_id and event.place else None
        return territory_id is not None and territory_id in _referent_territory_ids(user)
    return False


def events_for(user, action: str = VIEW):
    """The event pages on which ``user`` may do ``action``, as a queryset (``can``'s twin)."""
    from home.models import EventPage

    events = EventPage.objects.all()
    if not is_active_member(user):
        return events.none()
    if is_coordinator(user):
        return events if action == REGISTRANTS else events.filter(proposed_by__isnull=False)
    place_id = animated_place_id(user)
    of_place = Q(place_id=place_id) if place_id is not None else Q(pk__in=[])
    if action in (VIEW, EDIT, WITHDRAW):
        return events.filter(Q(proposed_by=user) | (of_place & Q(proposed_by__isnull=False)))
    if action == REGISTRANTS:
        if is_officer(user):
            return events
        return events.filter(of_place | Q(place__territory_id__in=_referent_territory_ids(user)))
    return events.none()
