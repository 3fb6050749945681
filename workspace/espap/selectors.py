"""esp@p's reads for the figures: each function takes the requesting member and returns only what
the policy (``permissions``) lets them see.

- the **coordinator** sees every site, agency and week;
- a **referent** the appointments, answers, grids and label of their territory's sites;
- an **advisor** the appointments of their agency only (at any site) and the survey answers about
  it: no grid, no label follow-up (of other sites they know the public hours only);
- a **mediator** their own site (``label_warnings``: the dashboard itself is not theirs).

Everything is counted in the database (``values``/``annotate``) and rolled up here in Python over
a few rows per site, agency and month: a period of 50 or 50,000 appointments costs the same
handful of queries (a test counts them). Nothing here returns an inhabitant's personal data: the
appointments are read with ``values`` naming the columns that leave.
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    prefetch_related_objects,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core import roles
from core.users import is_active_member
from workspace.espap import grids, label, survey
from workspace.espap import permissions as policy
from workspace.espap.models import Appointment, WeeklyGrid
from workspace.espap.services import monday

# The statuses counted, in the order of the tables; "pending" gathers the requested and confirmed
# appointments (ahead, or past without an outcome recorded yet).
COUNTED = ("seen", "no_show", "excused", "cancelled", "rescheduled")
PENDING = "pending"
STATUS_LABELS = {
    **{code: label_ for code, label_ in Appointment.Status.choices if code in COUNTED},
    PENDING: pgettext_lazy("espap figures", "Pending"),
}
STATUS_COLORS = {
    "seen": "#1e6b34",
    "no_show": "#b91c1c",
    "excused": "#c2410c",
    "cancelled": "#4a4a4a",
    "rescheduled": "#7c3aed",
    PENDING: "#1d4ed8",
}
AGENCY_COLORS = ("#0d5c63", "#1d4ed8", "#c2410c", "#7c3aed", "#1e6b34", "#b91c1c", "#4a4a4a", "#a16207")

MAX_PERIOD_DAYS = 5 * 366  # a longer period is refused by the dashboard's form


# --- The period ---------------------------------------------------------------------------------


def aware(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last two months, today included: the period of the bi-monthly follow-up meeting."""
    today = today or timezone.localdate()
    return today - relativedelta(months=2) + datetime.timedelta(days=1), today


def year_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """This year up to today."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), today


def weeks_in(start: datetime.date, end: datetime.date) -> int:
    """The weeks (Monday to Sunday) starting within [start, end], plus the one ``start`` is in."""
    return (monday(end) - monday(start)).days // 7 + 1


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    month, last, months = start.replace(day=1), end.replace(day=1), []
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months


# --- Whom the member reads about ------------------------------------------------------------------


def _roles_once(user) -> None:
    """The policy asks the member's roles many times: load their groups once."""
    if is_active_member(user) and "groups" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "groups")


def _sites_q(user) -> Q:
    """The esp@p sites whose grids and label ``user`` follows, as a ``PlacePage`` filter: the same
    answer as ``policy.grids_visible_q`` / ``policy.can_see_site_grids`` (a test checks they
    agree), said of the site itself rather than of a grid."""
    if policy.is_coordinator(user):
        return Q()
    q = Q(pk__in=[])
    site_id = policy.mediator_site_id(user)
    if site_id:
        q |= Q(pk=site_id)
    territories = policy.referent_territory_ids(user)
    if territories:
        q |= Q(territory_id__in=territories)
    return q


def followed_sites(user):
    """The live esp@p sites ``user`` follows (grids, label): none for an advisor or an outsider."""
    if not is_active_member(user):
        return policy.sites().none()
    return policy.sites().filter(_sites_q(user))


_ASK = object()  # "ask the policy": the caller does not know it yet


def scope_lines(user, advisor=_ASK) -> list[str]:
    """What the figures cover, said to the reader."""
    if policy.is_coordinator(user):
        return [_("Every esp@p site and every partner agency.")]
    lines = []
    territories = policy.referent_territory_ids(user)
    if territories:
        lines.append(_("The sites of your territory."))
    site = policy.mediator_site(user)
    if site is not None:
        lines.append(_("Your site, %(site)s.") % {"site": site.title})
    advisor = policy.advisor_of(user) if advisor is _ASK else advisor
    if advisor is not None:
        lines.append(
            _("The appointments of your agency (%(agency)s) at every site, and the survey answers about it.")
            % {"agency": advisor.agency.name}
        )
    return lines


# --- The label follow-up ------------------------------------------------------------------------


def mediator_counts(site_ids) -> dict[int, int]:
    """{site pk: its mediators}: active members whose place is the site and who have the animator
    role, counted in one query."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, place_id__in=list(site_ids), groups__name=roles.GROUP_NAMES[roles.ANIMATOR])
        .order_by()
        .values("place_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["place_id"]: row["n"] for row in rows}


def label_warnings(user) -> list[dict]:
    """For each site ``user`` follows (the coordinator all, a referent their territory's, a
    mediator theirs; an advisor none), its verdict against each label rule set:
    ``[{"site", "verdicts", "ok", "agents", "agencies", "shortfalls": [(rule set label, message)]}]``,
    by name. The same few queries whatever the number of sites (the sites, their partners, their
    mediators counted together, and the policy's)."""
    _roles_once(user)
    sites = list(followed_sites(user).select_related("territory").prefetch_related("espap_agencies").order_by("title"))
    if not sites:
        return []
    agents = mediator_counts(site.pk for site in sites)
    result = []
    for site in sites:
        verdicts = label.check_all(
            opening_hours=site.opening_hours,
            partner_families=[agency.family for agency in site.espap_agencies.all()],
            agents=agents.get(site.pk, 0),
        )
        result.append(
            {
                "site": site,
                "verdicts": verdicts,
                "ok": all(verdict.ok for verdict in verdicts),
                "agents": agents.get(site.pk, 0),
                "agencies": list(site.espap_agencies.all()),
                "shortfalls": [
                    (verdict.ruleset.label, shortfall.message)
                    for verdict in verdicts
                    for shortfall in verdict.shortfalls
                ],
            }
        )
    return result


# --- The figures ----------------------------------------------------------------------------------


def _blank() -> dict:
    return {**dict.fromkeys(COUNTED, 0), PENDING: 0, "total": 0, "seconds": 0.0}


def _add(into: dict, row: dict) -> None:
    for code in COUNTED:
        into[code] += row[code]
    into[PENDING] += row[PENDING]
    into["total"] += row["total"]
    into["seconds"] += row["seconds"]


def _finish(row: dict) -> dict:
    """The no-show rate among the appointments with an outcome (seen, no-show, excused) and the
    call minutes."""
    due = row["seen"] + row["no_show"] + row["excused"]
    row["no_show_rate"] = round(100 * row["no_show"] / due, 1) if due else None
    row["minutes"] = round(row["seconds"] / 60)
    return row


def _survey_blank() -> dict:
    return {"count": 0, "satisfied": 0, "recommend": 0, "levels": dict.fromkeys(survey.LEVEL_COLORS, 0)}


def _survey_finish(row: dict) -> dict:
    """The shares of satisfied (``survey.SATISFIED`` and above) and of "would recommend", rounded
    as the survey's own results are (``survey.percent``)."""
    row["satisfied_pct"] = survey.percent(row["satisfied"], row["count"])
    row["recommend_pct"] = survey.percent(row["recommend"], row["count"])
    return row


def _appointment_rows(appointments):
    """One row per site, agency and month with the counts by status and the call time."""
    call = ExpressionWrapper(F("call_ended_at") - F("call_started_at"), output_field=DurationField())
    return (
        appointments.order_by()
        .annotate(month=TruncMonth("slot__starts_at", output_field=DateField()))
        .values("site_id", "site__title", "site__territory__name", "agency_id", "agency__code", "agency__name", "month")
        .annotate(
            **{code: Count("pk", filter=Q(status=code)) for code in COUNTED},
            **{PENDING: Count("pk", filter=Q(status__in=Appointment.UPCOMING))},
            total=Count("pk"),
            call=Sum(call),
        )
    )


def _grid_rows(grid_qs):
    """Per site and validation state: the weeks and the sum of each service."""
    sums = {
        f"service_{key}": Coalesce(Sum(Cast(KT(f"services__{key}"), IntegerField())), 0) for key in grids.SERVICE_KEYS
    }
    return (
        grid_qs.order_by()
        .annotate(is_validated=ExpressionWrapper(Q(validated_at__isnull=False), output_field=BooleanField()))
        .values("site_id", "site__title", "is_validated")
        .annotate(weeks=Count("pk"), **sums)
    )


def appointments_in(user, start: datetime.date, end: datetime.date):
    """The appointments ``user`` may see whose slot starts within [start, end]."""
    return policy.appointments_for(user).filter(
        slot__starts_at__gte=aware(start), slot__starts_at__lt=aware(end + datetime.timedelta(days=1))
    )


def answers_in(user, start: datetime.date, end: datetime.date):
    """The survey answers ``user`` reads (``survey.answers_for``: their sites', and for an advisor
    those naming their agency) given within [start, end]."""
    return survey.answers_for(user).filter(answered_on__gte=start, answered_on__lte=end)


def grids_in(user, start: datetime.date, end: datetime.date, *, grids_q: Q | None = None):
    """The grids ``user`` may see of the weeks that start within the period (and the week of its
    first day)."""
    if not is_active_member(user):
        return WeeklyGrid.objects.none()
    q = policy.grids_visible_q(user) if grids_q is None else grids_q
    return WeeklyGrid.objects.filter(q, week__gte=monday(start), week__lte=end)


def figures(user, start: datetime.date, end: datetime.date) -> dict:
    """The figures of [start, end] (both included) that ``user`` may see: per site, agency and
    month, the appointments by status, the no-show rate and the call minutes; the satisfaction
    survey; the weekly grids' totals by service and their validation. A bounded number of
    queries (about ten) whatever the data."""
    _roles_once(user)
    # the policy's answers, asked once each
    advisor = policy.advisor_of(user)
    grids_q = policy.grids_visible_q(user) if is_active_member(user) else Q(pk__in=[])
    sites: dict[int, dict] = {}
    agencies: dict[int, dict] = {}
    totals = _blank()
    months = {month: defaultdict(int) for month in _months(start, end)}

    def site_row(pk, title, territory=""):
        if pk not in sites:
            sites[pk] = {
                "site_id": pk,
                "label": title,
                "territory": territory or "",
                **_blank(),
                "survey": _survey_blank(),
            }
        return sites[pk]

    def agency_row(pk, code, name):
        if pk not in agencies:
            agencies[pk] = {"agency_id": pk, "code": code, "label": name, **_blank(), "survey": _survey_blank()}
        return agencies[pk]

    # the sites followed, with no appointment too (none for an advisor)
    followed = list(followed_sites(user).order_by().values_list("pk", "title", "territory__name"))
    for pk, title, territory in followed:
        site_row(pk, title, territory)

    # the appointments: one query
    for row in _appointment_rows(appointments_in(user, start, end)):
        row["seconds"] = row["call"].total_seconds() if row["call"] else 0.0
        _add(site_row(row["site_id"], row["site__title"], row["site__territory__name"]), row)
        _add(agency_row(row["agency_id"], row["agency__code"], row["agency__name"]), row)
        _add(totals, row)
        month = row["month"]
        if month in months:
            months[month][row["agency_id"]] += row["seen"]

    # the survey: one query
    answered = _survey_blank()
    answers = (
        answers_in(user, start, end)
        .order_by()
        .values("site_id", "site__title", "agency_id", "agency__code", "agency__name", "satisfaction")
        .annotate(n=Count("pk"), recommend=Count("pk", filter=Q(would_recommend=True)))
    )
    for row in answers:
        targets = [answered, site_row(row["site_id"], row["site__title"])["survey"]]
        if row["agency_id"] is not None:
            targets.append(agency_row(row["agency_id"], row["agency__code"], row["agency__name"])["survey"])
        for target in targets:
            target["count"] += row["n"]
            target["recommend"] += row["recommend"]
            if row["satisfaction"] >= survey.SATISFIED:
                target["satisfied"] += row["n"]
            if row["satisfaction"] in target["levels"]:
                target["levels"][row["satisfaction"]] += row["n"]

    # the weekly grids: one query
    expected_weeks = weeks_in(start, end)
    grid_sites: dict[int, dict] = {}
    services = {key: {"validated": 0, "open": 0} for key in grids.SERVICE_KEYS}
    for row in _grid_rows(grids_in(user, start, end, grids_q=grids_q)):
        entry = grid_sites.setdefault(
            row["site_id"], {"site_id": row["site_id"], "label": row["site__title"], "filled": 0, "validated": 0}
        )
        entry["filled"] += row["weeks"]
        state = "validated" if row["is_validated"] else "open"
        if row["is_validated"]:
            entry["validated"] += row["weeks"]
        for key in grids.SERVICE_KEYS:
            services[key][state] += row[f"service_{key}"]
    for pk, title, _territory in followed:  # every followed site, with or without grids
        grid_sites.setdefault(pk, {"site_id": pk, "label": title, "filled": 0, "validated": 0})
    grid_rows = []
    for entry in sorted(grid_sites.values(), key=lambda e: e["label"]):
        entry["weeks"] = expected_weeks
        entry["to_validate"] = entry["filled"] - entry["validated"]
        entry["missing"] = max(0, expected_weeks - entry["filled"])
        grid_rows.append(entry)

    for row in sites.values():
        _finish(row)
        _survey_finish(row["survey"])
    for row in agencies.values():
        _finish(row)
        _survey_finish(row["survey"])
    _finish(totals)
    _survey_finish(answered)

    agency_list = sorted(agencies.values(), key=lambda row: (row["label"], row["code"]))
    month_agencies = [row for row in agency_list if any(months[m][row["agency_id"]] for m in months)]
    month_list = [
        {
            "month": month,
            "label": date_format(month, "N Y"),
            "by_agency": [counts[row["agency_id"]] for row in month_agencies],
            "total": sum(counts.values()),
        }
        for month, counts in months.items()
    ]
    return {
        "start": start,
        "end": end,
        "scope": scope_lines(user, advisor),
        "follows_sites": bool(followed),
        "totals": totals,
        "statuses": [
            {"code": code, "label": STATUS_LABELS[code], "value": totals[code], "color": STATUS_COLORS[code]}
            for code in (*COUNTED, PENDING)
        ],
        "sites": sorted(sites.values(), key=lambda row: row["label"]),
        "agencies": agency_list,
        "months": month_list,
        "month_agencies": month_agencies,
        "survey": answered,
        "satisfaction": [
            {"level": level, "label": name, "value": answered["levels"][level], "color": survey.LEVEL_COLORS[level]}
            for level, name in survey.SCALE_CHOICES
        ],
        "grids": {
            "weeks": expected_weeks,
            "sites": grid_rows,
            "services": [
                {
                    "key": key,
                    "label": grids.SERVICES[key],
                    "validated": services[key]["validated"],
                    "open": services[key]["open"],
                    "total": services[key]["validated"] + services[key]["open"],
                }
                for key in grids.SERVICE_KEYS
            ],
        },
    }


# --- The exports' rows ----------------------------------------------------------------------------

# the columns of an appointment that may leave in an export: none about the inhabitant
APPOINTMENT_EXPORT_FIELDS = (
    "slot__starts_at",
    "site__title",
    "site__territory__name",
    "agency__code",
    "agency__name",
    "slot__advisor__user__display_name",
    "slot__advisor__user__first_name",
    "slot__advisor__user__last_name",
    "status",
    "category",
    "call_started_at",
    "call_ended_at",
)


def appointment_rows(user, start: datetime.date, end: datetime.date):
    """The appointments of the period as dicts of ``APPOINTMENT_EXPORT_FIELDS`` only."""
    return appointments_in(user, start, end).order_by("slot__starts_at", "pk").values(*APPOINTMENT_EXPORT_FIELDS)


def grid_export_rows(user, start: datetime.date, end: datetime.date):
    return (
        grids_in(user, start, end)
        .order_by("site__title", "week")
        .values("site__title", "site__territory__name", "week", "services", "visio", "publics", "validated_at")
    )


def answer_export_rows(user, start: datetime.date, end: datetime.date):
    """The survey answers of the period, without their free comment (see ``views_dashboard``)."""
    return (
        answers_in(user, start, end)
        .order_by("answered_on", "pk")
        .values("site__title", "answered_on", "agency__name", "satisfaction", "would_recommend", "answers")
    )
