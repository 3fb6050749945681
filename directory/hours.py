"""Opening hours in OpenStreetMap's ``opening_hours`` format, read in Europe/Paris time.

Parsing is done by opening-hours-py (a maintained Rust parser). Everything here takes the
current time as an argument, so tests pass a fixed clock.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import opening_hours
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
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


# --- The friendly form's structure and plain French ------------------------------------------
#
# The opening-hours library answers "open at this time?" but gives no syntax tree. The form and
# the plain-language description need the three things a place states: a typical week, dated
# closures and public holidays. The rules are split on ";" and each is recognised as one of
# those; the typical week itself is computed by the library over a reference week, so its
# overrides (a later rule replacing a day) are the library's.

WEEKDAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
MONTH_CODES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Monday 9 to Sunday 15 March 2026: no public holiday; the week rules are read on it.
REFERENCE_MONDAY = dt.date(2026, 3, 9)
_DAYS = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
_TIME = r"\d{1,2}:\d{2}-\d{1,2}:\d{2}"
_WEEK_RULE = re.compile(rf"^(?:{_DAYS}(?:,{_DAYS})*\s+)?(?:{_TIME}(?:\s*,\s*{_TIME})*|off|closed)$")
_MONTH = "|".join(MONTH_CODES)
_CLOSURE_RULE = re.compile(
    rf"^(?:(?P<y1>\d{{4}})\s+)?(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})"
    rf"(?:\s*-\s*(?:(?:(?P<y2>\d{{4}})\s+)?(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}}))?\s+(?:off|closed)$"
)
_HOLIDAY_RULE = re.compile(r"^PH\s+(?:off|closed)$")


@dataclass
class Closure:
    start: dt.date | None  # None: a yearly closure with no year (``Dec 24-Jan 02 off``)
    end: dt.date | None
    text: str = ""  # yearly closures: the month-day text as written, for display

    @property
    def dated(self) -> bool:
        return self.start is not None


@dataclass
class Structure:
    """What a place states: slots per weekday (Monday first), closures, closed on holidays.

    ``exact`` is False when the text holds rules outside these three (seasons, "||", comments…):
    the form then edits the raw text only, and the description falls back to this week's table.
    """

    week: list[list[tuple[dt.time, dt.time]]]
    closures: list[Closure]
    holidays_closed: bool
    exact: bool = True


def _closure(match) -> Closure:
    m1 = MONTH_CODES.index(match["m1"]) + 1
    d1 = int(match["d1"])
    m2 = MONTH_CODES.index(match["m2"]) + 1 if match["m2"] else m1
    d2 = int(match["d2"]) if match["d2"] else d1
    if not match["y1"]:
        return Closure(None, None, text=match.group(0).rsplit(" ", 1)[0])
    y1 = int(match["y1"])
    y2 = int(match["y2"]) if match["y2"] else (y1 if (m2, d2) >= (m1, d1) else y1 + 1)
    return Closure(dt.date(y1, m1, d1), dt.date(y2, m2, d2))


def _week_slots(rules: list[str]) -> list[list[tuple[dt.time, dt.time]]]:
    week = [[] for _ in range(7)]
    if not rules:
        return week
    parsed = opening_hours.OpeningHours("; ".join(rules))
    monday = dt.datetime.combine(REFERENCE_MONDAY, dt.time())
    for start, end, state, _comment in parsed.intervals(monday, monday + dt.timedelta(days=7)):
        if str(state).upper().endswith("OPEN"):
            index = (start.date() - REFERENCE_MONDAY).days
            if 0 <= index < 7:
                end_time = dt.time(23, 59) if end.date() != start.date() else end.time()
                week[index].append((start.time(), end_time))
    return week


def decompose(value: str) -> Structure | None:
    """The structure of ``value`` (None when it is not valid opening hours at all)."""
    value = (value or "").strip()
    if not value:
        return Structure(week=[[] for _ in range(7)], closures=[], holidays_closed=False)
    if _parse(value) is None:
        return None
    week_rules, closures, holidays, exact = [], [], False, "||" not in value and '"' not in value
    for rule in (r.strip() for r in value.split(";")):
        if not rule:
            continue
        if _HOLIDAY_RULE.match(rule):
            holidays = True
        elif match := _CLOSURE_RULE.match(rule):
            try:
                closures.append(_closure(match))
            except ValueError:
                exact = False
        elif _WEEK_RULE.match(rule):
            week_rules.append(rule)
        else:
            exact = False
    if not exact:
        return Structure(week=[[] for _ in range(7)], closures=closures, holidays_closed=holidays, exact=False)
    try:
        week = _week_slots(week_rules)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None
    return Structure(week=week, closures=closures, holidays_closed=holidays)


def _osm_time(value: dt.time) -> str:
    return "24:00" if value == dt.time(23, 59) else value.strftime("%H:%M")


def _osm_date(value: dt.date) -> str:
    return f"{value.year} {MONTH_CODES[value.month - 1]} {value.day:02d}"


def compose(*, week, closures=(), holidays_closed: bool = False) -> str:
    """The OSM text of a structure: consecutive days with the same slots share a rule,
    closures come after the week (a later rule wins in OSM), then the public holidays."""
    rules = []
    day = 0
    while day < 7:
        slots = sorted(week[day])
        last = day
        while last + 1 < 7 and sorted(week[last + 1]) == slots:
            last += 1
        if slots:
            days = WEEKDAY_CODES[day] + (f"-{WEEKDAY_CODES[last]}" if last > day else "")
            rules.append(days + " " + ",".join(f"{_osm_time(a)}-{_osm_time(b)}" for a, b in slots))
        day = last + 1
    for closure in sorted((c for c in closures if c.dated), key=lambda c: c.start):
        text = _osm_date(closure.start)
        if closure.end and closure.end != closure.start:
            text += "-" + _osm_date(closure.end)
        rules.append(text + " off")
    if holidays_closed:
        rules.append("PH off")
    return "; ".join(rules)


def french_time(value: dt.time | dt.datetime) -> str:
    """9 h, 9 h 30, 18 h (the way French signs write times)."""
    if value.minute:
        return gettext("%(hour)d:%(minute)02d") % {"hour": value.hour, "minute": value.minute}
    return gettext("%(hour)d:00") % {"hour": value.hour}


def _day_name(index: int) -> str:
    return date_format(REFERENCE_MONDAY + dt.timedelta(days=index), "l").lower()


def _date_text(value: dt.date, with_year: bool) -> str:
    return date_format(value, "j F Y" if with_year else "j F")


@dataclass
class Description:
    """The opening hours said in sentences, for the place's public page."""

    known: bool
    week: list[str]
    closures: list[str]
    holidays_closed: bool
    status: str = ""
    open_now: bool = False


def _slots_text(slots) -> str:
    parts = [
        gettext("from %(start)s to %(end)s")
        % {"start": french_time(a), "end": gettext("midnight") if b == dt.time(23, 59) else french_time(b)}
        for a, b in slots
    ]
    return get_text_list(parts, gettext("and"))


def week_sentences(week) -> list[str]:
    lines = []
    day = 0
    while day < 7:
        slots = week[day]
        last = day
        while last + 1 < 7 and week[last + 1] == slots:
            last += 1
        if slots:
            if last > day:
                line = gettext("From %(first)s to %(last)s: %(hours)s") % {
                    "first": _day_name(day),
                    "last": _day_name(last),
                    "hours": _slots_text(slots),
                }
            else:
                line = gettext("%(day)s: %(hours)s") % {"day": _day_name(day), "hours": _slots_text(slots)}
            lines.append(capfirst(line))
        day = last + 1
    if lines and any(not slots for slots in week):
        lines.append(gettext("Closed on the other days."))
    return lines


def closure_sentence(closure: Closure, today: dt.date) -> str:
    if not closure.dated:
        return gettext("Closed every year: %(dates)s") % {"dates": closure.text}
    with_year = closure.start.year != today.year or closure.end.year not in (today.year, today.year + 1)
    if closure.end == closure.start:
        return gettext("Closed on %(date)s") % {"date": _date_text(closure.start, with_year)}
    return gettext("Closed from %(start)s to %(end)s") % {
        "start": _date_text(closure.start, with_year),
        "end": _date_text(closure.end, with_year or closure.end.year != closure.start.year and with_year),
    }


def status_text(value: str, now: dt.datetime | None = None) -> tuple[bool, str]:
    """(open now?, "Ouvert maintenant, jusqu'à 18 h" / "Ouvre mardi à 9 h 30"), public holidays
    of France included; ("", False) when the hours are unknown."""
    if not value:
        return False, ""
    try:
        parsed = opening_hours.OpeningHours(value, country="FR")
    except (opening_hours.ParserError, SyntaxError, ValueError, opening_hours.UnknownCountryError):
        return False, ""
    local = local_now(now)
    opened = parsed.is_open(local)
    change = parsed.next_change(local)
    if change is not None and change.tzinfo is not None:
        change = change.astimezone(PARIS).replace(tzinfo=None)
    if change is not None and (change - local).days > 60:
        change = None
    if opened:
        if change is not None and change.date() == local.date():
            return True, gettext("Open now, until %(time)s") % {"time": french_time(change)}
        if change is not None and change.time() == dt.time() and change.date() == local.date() + dt.timedelta(days=1):
            return True, gettext("Open now, until midnight")
        return True, gettext("Open now")
    if change is None:
        return False, gettext("Closed")
    days = (change.date() - local.date()).days
    time = french_time(change)
    if days == 0:
        return False, gettext("Closed now, opens today at %(time)s") % {"time": time}
    if days == 1:
        return False, gettext("Closed now, opens tomorrow at %(time)s") % {"time": time}
    if days < 7:
        return False, gettext("Closed now, opens %(day)s at %(time)s") % {
            "day": date_format(change.date(), "l").lower(),
            "time": time,
        }
    return False, gettext("Closed now, opens on %(date)s at %(time)s") % {
        "date": date_format(change.date(), "l j F").lower(),
        "time": time,
    }


def describe(value: str, now: dt.datetime | None = None) -> Description:
    """Everything the public page says about the hours, in sentences."""
    structure = decompose(value) if value else None
    if not value or structure is None:
        return Description(known=False, week=[], closures=[], holidays_closed=False)
    today = local_now(now).date()
    if structure.exact:
        week = week_sentences(structure.week)
    else:
        week = [
            capfirst(gettext("%(day)s: %(hours)s") % {"day": day, "hours": ", ".join(f"{a}–{b}" for a, b in slots)})
            for day, slots in weekly_table(value, now)
            if slots
        ]
    closures = [
        closure_sentence(c, today)
        for c in sorted(structure.closures, key=lambda c: c.start or dt.date.max)
        if not c.dated or c.end >= today
    ]
    open_now, text = status_text(value, now)
    return Description(
        known=True,
        week=week,
        closures=closures,
        holidays_closed=structure.holidays_closed,
        status=text,
        open_now=open_now,
    )
