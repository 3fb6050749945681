"""Who may see, change and moderate a place's card: the single place that answers it, per
object and as a queryset (the two agree, a test checks it).

- an **animator** (a member whose ``place`` is set) sees their place's card and proposes changes
  to it, and to no other place;
- the **referent** of a territory sees, changes and moderates the cards of the territory's places
  (``directory.permissions.is_referent_of``); the **coordinator** (superuser) those of every
  place;
- everyone else: nothing (the public page is the directory's).

A proposed change is never published by its author: it waits in the territory's Wagtail
workflow, which only the territory's referents' group (and the coordinator) may approve.
"""

from core.users import is_active_member
from directory.models import PlacePage
from directory.permissions import administrable_territories, is_referent_of

VIEW = "view"
PROPOSE = "propose"
REVIEW = "review"
ACTIONS = (VIEW, PROPOSE, REVIEW)


def can(user, action: str, place) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not is_active_member(user) or place is None:
        return False
    if is_referent_of(user, place.territory):
        return True
    return action in (VIEW, PROPOSE) and user.place_id == place.pk


def places_for(user, action: str):
    """The places whose card ``user`` may ``action``, as a queryset."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not is_active_member(user):
        return PlacePage.objects.none()
    if user.is_superuser:
        return PlacePage.objects.all()
    scope = PlacePage.objects.filter(territory__in=administrable_territories(user))
    if action in (VIEW, PROPOSE) and user.place_id:
        scope = scope | PlacePage.objects.filter(pk=user.place_id)
    return scope


def reviews_any(user) -> bool:
    return is_active_member(user) and (user.is_superuser or administrable_territories(user).exists())


def has_card(user) -> bool:
    """Listed in the side navigation: the user animates a place or moderates some."""
    return is_active_member(user) and (bool(user.place_id) or reviews_any(user))
