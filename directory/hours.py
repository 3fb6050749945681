"""Opening hours in OpenStreetMap's ``opening_hours`` format, read in Europe/Paris time.

Parsing is done by opening-hours-py (a maintained Rust parser). Everything here takes the
current time as an argument, so tests pass a fixed clock.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import opening_hours
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")
DAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def validate_opening_hours(value: str) -> None:
    if value and not opening_hours.validate(value):
        raise ValidationError(
            _(
                "Opening hours must follow the OpenStreetMap format, "
                "e.g. “Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00”."
            ),
            code="invalid",
        )


def _parse(value: str):
    if not value:
        return None
    try:
        return opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        # an invalid value stored before validation existed: shown as unknown
        return None


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (aware) as a naive Europe/Paris wall-clock time, which the parser works in."""
    now = now or timezone.now()
    if timezone.is_aware(now):
        now = now.astimezone(PARIS)
    return now.replace(tzinfo=None, second=0, microsecond=0)


def is_open(value: str, now: dt.datetime | None = None) -> bool:
    parsed = _parse(value)
    return bool(parsed and parsed.is_open(local_now(now)))


@dataclass
class Status:
    known: bool
    open: bool = False
    next_change: dt.datetime | None = None  # naive, Paris time
    today: dt.date | None = None

    @property
    def next_change_is_today(self) -> bool:
        return self.next_change is not None and self.next_change.date() == self.today


def status(value: str, now: dt.datetime | None = None) -> Status:
    """Open now? and when it changes (closes at / opens at), for the badge."""
    parsed = _parse(value)
    if parsed is None:
        return Status(known=False)
    local = local_now(now)
    opened = parsed.is_open(local)
    change = parsed.next_change(local)
    if change is not None and change.tzinfo is not None:
        change = change.astimezone(PARIS).replace(tzinfo=None)
    if change is not None and (change - local).days > 14:
        change = None
    return Status(known=True, open=opened, next_change=change, today=local.date())


def weekly_table(value: str, now: dt.datetime | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The seven days of the current week, Monday first: [(day name, [(start, end), ...])]."""
    parsed = _parse(value)
    if parsed is None:
        return []
    local = local_now(now)
    monday = dt.datetime.combine(local.date() - dt.timedelta(days=local.weekday()), dt.time())
    days = [[] for _ in range(7)]
    for start, end, state, _comment in parsed.intervals(monday, monday + dt.timedelta(days=7)):
        if str(state).upper().endswith("OPEN"):
            if start.tzinfo is not None:
                start, end = (d.astimezone(PARIS).replace(tzinfo=None) for d in (start, end))
            index = (start.date() - monday.date()).days
            if 0 <= index < 7:
                end_label = "24:00" if end.date() != start.date() and end.time() == dt.time() else end.strftime("%H:%M")
                days[index].append((start.strftime("%H:%M"), end_label))
    return [(DAY_NAMES[i], days[i]) for i in range(7)]


def summary(value: str, now: dt.datetime | None = None) -> str:
    """One line for the printed directory: "Monday 09:00-12:00, 14:00-18:00 · Tuesday …"."""
    return " · ".join(
        f"{day} " + ", ".join(f"{start}-{end}" for start, end in slots)
        for day, slots in weekly_table(value, now)
        if slots
    )
