"""Demo of the place cards: an animator has proposed new hours for their place (a closure over
the year-end holidays, closed on public holidays), waiting for the referent of the territory, so
that the referent's list and the Wagtail admin's "awaiting your review" show one. Idempotent:
nothing is proposed again while a proposal waits or was answered."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import WorkflowState

from core.demo import demo_email
from directory import hours
from directory.services import territory_group_sync
from workspace.placecard.services import place_card_propose

ANIMATOR = "animateur12"


def proposed_hours(current: str, today: dt.date) -> str:
    structure = hours.decompose(current)
    if structure is None or not structure.exact or not any(structure.week):
        structure = hours.decompose("Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00")
    year = today.year if today < dt.date(today.year, 12, 20) else today.year + 1
    closure = hours.Closure(dt.date(year, 12, 24), dt.date(year + 1, 1, 2))
    closures = [c for c in structure.closures if c.dated and c.start != closure.start] + [closure]
    return hours.compose(week=structure.week, closures=closures, holidays_closed=True)


def load(log=print):
    user = get_user_model().objects.filter(email=demo_email(ANIMATOR)).select_related("place").first()
    if user is None or user.place is None:
        log("  fiches des lieux : pas d'animateur de démo rattaché à un lieu, rien à charger")
        return
    place = user.place.specific
    if WorkflowState.objects.for_instance(place).exists():
        log(f"  fiches des lieux : {place.title} a déjà une proposition en attente")
        return
    territory_group_sync(territory=place.territory)
    place_card_propose(
        user=user,
        place=place,
        changes={"opening_hours": proposed_hours(place.opening_hours, timezone.localdate())},
    )
    log(f"  fiches des lieux : {user.email} propose de nouveaux horaires pour {place.title}, en attente du référent")
