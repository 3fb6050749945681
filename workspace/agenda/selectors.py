"""Reads of the agenda: the occurrences (recurrences expanded) of the events a member may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from workspace.agenda.models import Event, Invitation
from workspace.spaces.permissions import VIEW, policy

MAX_OCCURRENCES = 500


@dataclass
class Occurrence:
    event: Event
    start: datetime.datetime
    end: datetime.datetime

    @property
    def day(self):
        return timezone.localtime(self.start).date()


def _add_month(value: datetime.datetime, months: int) -> datetime.datetime | None:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    try:
        return value.replace(year=year, month=month)
    except ValueError:  # the 31st in a shorter month: no occurrence that month
        return None


def occurrences(event: Event, start: datetime.datetime, end: datetime.datetime):
    """The occurrences of ``event`` overlapping [start, end)."""
    duration = event.ends_at - event.starts_at
    if not event.recurrence:
        if event.starts_at < end and event.ends_at >= start:
            yield Occurrence(event, event.starts_at, event.ends_at)
        return
    until = event.repeat_until
    local_first = timezone.localtime(event.starts_at)
    n = 0
    while n < MAX_OCCURRENCES:
        if event.recurrence == "weekly":
            current = local_first + datetime.timedelta(weeks=n)
        else:
            current = _add_month(local_first, n)
        n += 1
        if current is None:
            continue
        if until and current.date() > until:
            return
        if current >= end:
            return
        if current + duration >= start:
            yield Occurrence(event, current, current + duration)


def visible_events(*, user, space=None):
    """Events of the spaces the user reads (agenda on), or that they are invited to."""
    if space is not None:
        if not policy.user_has_module_permission(user, VIEW, space, "agenda"):
            return Event.objects.none()
        return Event.objects.filter(space=space)
    readable = Q(space__in=policy.instances_user_has_module_permission_for(user, VIEW, "agenda"))
    invited = Q(pk__in=Invitation.objects.filter(user=user).values("event_id"))
    return Event.objects.filter(readable | invited)


def occurrences_between(*, user, start, end, space=None) -> list[Occurrence]:
    events = (
        visible_events(user=user, space=space)
        .filter(starts_at__lt=end)
        .filter(
            Q(recurrence="", ends_at__gte=start)
            | ~Q(recurrence="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=start.date()))
        )
        .select_related("space", "place")
    )
    result = [occ for event in events for occ in occurrences(event, start, end)]
    return sorted(result, key=lambda o: (o.start, o.event.title))


def may_see(user, event: Event) -> bool:
    return policy.user_has_permission_for_instance(user, VIEW, event) or (
        user.is_authenticated and Invitation.objects.filter(event=event, user=user).exists()
    )
