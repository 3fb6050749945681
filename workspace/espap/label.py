"""Does an esp@p point meet its label? The rules are data (``data/label_rules.yaml``).

Each rule set (Relais Services Publics 2008, France services today...) asks for some opening over a
typical week (hours and days), partner agencies of some families, and trained agents on site. The
functions here are pure: the caller passes the place's opening hours (OpenStreetMap
``opening_hours`` format), its partners' families and its number of trained agents.

A *typical week* is a Monday-to-Monday week without public holidays: ``REFERENCE_MONDAY`` unless the
caller passes another one. The parser is given no country, so ``PH`` (public holiday) and ``SH``
(school holiday) rules never apply: a holiday never counts against a typical week, whichever Monday
is passed. Explicit dates (``Dec 25 off``) do apply if the chosen week holds them.
"""

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import opening_hours
import yaml
from django.utils.translation import gettext, ngettext, pgettext_lazy

RULES_PATH = Path(__file__).resolve().parent / "data" / "label_rules.yaml"
REFERENCE_MONDAY = datetime.date(2026, 3, 9)  # Monday 9 to Sunday 15 March 2026: no public holiday

# how a missing family reads in "no <family> partner"; a family not listed here is shown as its slug
FAMILY_NAMES = {
    "social": pgettext_lazy("partner family", "social"),
    "employment-training": pgettext_lazy("partner family", "employment-training"),
}


@dataclass(frozen=True)
class RuleSet:
    slug: str
    label: str
    current: bool
    min_hours: float
    min_days: int
    partner_families: tuple[str, ...]
    min_agents: int
    source: str = ""


@dataclass(frozen=True)
class Week:
    """Opening over a typical week: hours open, days with some opening; ``known`` is False when
    the hours are empty, unreadable or only "unknown"."""

    hours: float
    days: int
    known: bool


@dataclass(frozen=True)
class Shortfall:
    rule: str  # "opening" | "days" | "hours" | "partners" | "agents" | "unknown"
    message: str


@dataclass(frozen=True)
class Verdict:
    ruleset: RuleSet
    week: Week
    shortfalls: tuple[Shortfall, ...]

    @property
    def ok(self) -> bool:
        return not self.shortfalls


# -- the rules -------------------------------------------------------------------------------------


def load_rule_sets(path: Path | str = RULES_PATH) -> tuple[RuleSet, ...]:
    """The rule sets of a yaml file, the current one(s) first, then in the file's order."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    sets = []
    for index, entry in enumerate(data.get("rule_sets") or []):
        try:
            sets.append(
                RuleSet(
                    slug=str(entry["slug"]),
                    label=str(entry["label"]),
                    current=bool(entry.get("current", False)),
                    min_hours=float(entry.get("min_hours_per_week") or 0),
                    min_days=int(entry.get("min_days_per_week") or 0),
                    partner_families=tuple(str(f) for f in entry.get("required_partner_families") or ()),
                    min_agents=int(entry.get("min_agents") or 0),
                    source=str(entry.get("source") or ""),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}: rule set #{index + 1} is invalid ({error!r})")
    slugs = [s.slug for s in sets]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{path}: two rule sets share a slug ({', '.join(slugs)})")
    return tuple(sorted(sets, key=lambda s: not s.current))


@functools.cache
def _cached_rule_sets(path: str) -> tuple[RuleSet, ...]:
    return load_rule_sets(path)


def rule_sets() -> list[RuleSet]:
    """The rule sets of ``RULES_PATH`` (read once), the current one first."""
    return list(_cached_rule_sets(str(RULES_PATH)))


def rule_set(slug: str) -> RuleSet | None:
    return next((s for s in rule_sets() if s.slug == slug), None)


# -- the typical week ------------------------------------------------------------------------------


def opening_week(value: str, monday: datetime.date | None = None) -> Week:
    """Hours open and days with some opening over the week starting ``monday`` (a date in the week
    is moved back to its Monday; default ``REFERENCE_MONDAY``).

    Intervals crossing midnight count on both days. An empty or unreadable value, or one that is
    never open but somewhere "unknown", gives ``known=False``.
    """
    value = (value or "").strip()  # the parser reads a blank string as "24/7"
    if not value:
        return Week(hours=0.0, days=0, known=False)
    monday = monday or REFERENCE_MONDAY
    start = datetime.datetime.combine(monday - datetime.timedelta(days=monday.weekday()), datetime.time())
    end = start + datetime.timedelta(days=7)
    seconds = 0.0
    open_days: set[datetime.date] = set()
    unknown = False
    try:
        for begin, finish, state, _comment in opening_hours.OpeningHours(value).intervals(start, end):
            if state == opening_hours.State.UNKNOWN:
                unknown = True
                continue
            if state != opening_hours.State.OPEN:
                continue
            begin, finish = max(begin, start), min(finish, end)
            while begin < finish:  # split at midnight, to count the days
                piece_end = min(
                    finish, datetime.datetime.combine(begin.date() + datetime.timedelta(days=1), datetime.time())
                )
                seconds += (piece_end - begin).total_seconds()
                open_days.add(begin.date())
                begin = piece_end
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return Week(hours=0.0, days=0, known=False)
    if not seconds and unknown:
        return Week(hours=0.0, days=0, known=False)
    return Week(hours=round(seconds / 3600, 4), days=len(open_days), known=True)


def format_hours(hours: float) -> str:
    """French style: "19 h", "24 h 30", "0 h 45" (rounded to the minute)."""
    minutes = round(abs(hours) * 60)
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest:02d}" if rest else f"{whole} h"


# -- the check -------------------------------------------------------------------------------------


def _minutes(hours: float) -> int:
    return round(hours * 60)


def check(
    *,
    opening_hours: str,
    partner_families: Iterable[str],
    agents: int,
    ruleset: RuleSet,
    monday: datetime.date | None = None,
) -> Verdict:
    """What the place misses for ``ruleset`` (messages in the active language); ``monday`` as for
    ``opening_week``."""
    week = opening_week(opening_hours, monday)
    shortfalls: list[Shortfall] = []
    if not week.known:
        shortfalls.append(Shortfall("unknown", gettext("Opening hours unknown or unreadable")))
    elif week.days == 0:
        shortfalls.append(Shortfall("opening", gettext("never open in a typical week")))
    else:
        if week.days < ruleset.min_days:
            message = ngettext(
                "open %(days)s day, %(required)s required",
                "open %(days)s days, %(required)s required",
                week.days,
            ) % {"days": week.days, "required": ruleset.min_days}
            shortfalls.append(Shortfall("days", message))
        if _minutes(week.hours) < _minutes(ruleset.min_hours):
            message = ngettext(
                "%(hours)s over %(days)s day: %(missing)s short",
                "%(hours)s over %(days)s days: %(missing)s short",
                week.days,
            ) % {
                "hours": format_hours(week.hours),
                "days": week.days,
                "missing": format_hours(ruleset.min_hours - week.hours),
            }
            shortfalls.append(Shortfall("hours", message))
    present = set(partner_families)
    for family in ruleset.partner_families:
        if family not in present:
            name = FAMILY_NAMES.get(family, family)
            shortfalls.append(Shortfall("partners", gettext("no %(family)s partner") % {"family": name}))
    agents = agents or 0
    if ruleset.min_agents and agents < ruleset.min_agents:
        message = ngettext(
            "%(count)s trained agent, %(required)s required",
            "%(count)s trained agents, %(required)s required",
            agents,
        ) % {"count": agents, "required": ruleset.min_agents}
        shortfalls.append(Shortfall("agents", message))
    return Verdict(ruleset=ruleset, week=week, shortfalls=tuple(shortfalls))


def check_all(
    *, opening_hours: str, partner_families: Iterable[str], agents: int, monday: datetime.date | None = None
) -> list[Verdict]:
    """One verdict per rule set, the current one first."""
    families = tuple(partner_families)  # may be a one-pass iterator
    return [
        check(opening_hours=opening_hours, partner_families=families, agents=agents, ruleset=ruleset, monday=monday)
        for ruleset in rule_sets()
    ]
