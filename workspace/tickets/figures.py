"""The figures of the Ticket déclic scheme.

``dashboard(user)`` is the dashboard of each role, computed over the tickets the policy lets them
see (``policy.tickets_for``): the manager and the coordinator see the whole network, a prescriber
their organisations' tickets, an animator their place's, a referent the places of their
territory. Everything is counted and summed in the database, so the page costs the same dozen
queries for 50 tickets or 50,000 (a test counts them).

``public_figures()`` gives the public statistics page its anonymous figures through
``core.figures`` (the public site never imports the workspace); ``PUBLIC_FIGURES`` is the
provider that ``apps.py`` registers.
"""

import datetime
import json

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.demo import network_data
from core.figures import FigureProvider
from workspace.tickets import permissions as policy
from workspace.tickets import services
from workspace.tickets.models import (
    SESSION_HOURS,
    Attendance,
    Claim,
    Enrolment,
    Organisation,
    PartnerPlace,
    Public,
    Ticket,
)

MONTHS = 12

# The colours of the public site's charts (home.blocks.CHART_COLORS), one per ticket status.
STATUS_COLORS = {
    Ticket.Status.ISSUED: "#1d4ed8",
    Ticket.Status.REGISTERED: "#7c3aed",
    Ticket.Status.IN_PROGRESS: "#0d5c63",
    Ticket.Status.COMPLETED: "#1e6b34",
    Ticket.Status.CLOSED: "#c2410c",
    Ticket.Status.EXPIRED: "#b91c1c",
    Ticket.Status.CANCELLED: "#4a4a4a",
}

# How the 200 € of a ticket are shared (``split_eur`` of lot-network.yaml) and the line of the
# yearly budget (``yearly_budget_eur``) each share draws on.
SPLIT_LINES = (
    ("place_animation", "places", gettext_lazy("Workshops at the place")),
    ("admin_and_finance", "management", gettext_lazy("Administration and finance")),
    ("pedagogical_coordination", "coordination", gettext_lazy("Pedagogical coordination")),
    ("communication", "communication", gettext_lazy("Communication")),
)


SPLIT_COLORS = ["#0d5c63", "#1d4ed8", "#7c3aed", "#c2410c"]


def facts() -> dict:
    """The scheme's figures from core/data/lot-network.yaml (section ``ticket``)."""
    return network_data()["ticket"]


def _year(today: datetime.date):
    """The calendar year of ``today``: its first day, the next year's first day, and the same
    two as aware datetimes (for the datetime fields)."""
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year + 1, 1, 1)

    def aware(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return start, end, aware(start), aware(end)


def _elapsed(today: datetime.date) -> float:
    """The share of the year gone by at the end of ``today``."""
    start, end, _s, _e = _year(today)
    return ((today - start).days + 1) / (end - start).days


def _share(value, highest) -> int:
    return round(100 * value / highest) if highest else 0


def _with_shares(rows: list[dict], key: str = "value") -> list[dict]:
    highest = max((row[key] for row in rows), default=0)
    for row in rows:
        row["share"] = _share(row[key], highest)
    return rows


# --- Charts ---------------------------------------------------------------------------------
# Drawn by Chart.js through wagtailcharts, from our static files, exactly as the public site's
# chart blocks are (home/js/charts.js, loaded by base.html, draws every canvas whose id starts
# with "chart-"); each chart has its data as a table beside it.

CHART_SETTINGS = {
    "x_label": "",
    "y_left_label": "",
    "y_right_label": "",
    "y_left_min": "0",
    "y_left_max": "",
    "y_left_step_size": "",
    "y_left_precision": 0,
    "y_right_min": "",
    "y_right_max": "",
    "y_right_step_size": "",
    "y_right_precision": 0,
    "legend_position": "top",
    "reverse_legend": False,
    "show_legend": False,
    "html_legend": False,
    "show_grid": True,
    "y_left_show": True,
    "y_left_data_type": "number",
    "y_right_data_type": "number",
    "y_right_show": True,
    "stacking": "none",
    "show_values_on_chart": True,
    "precision": 0,
    "unit_override": "",
    "pie_border_width": 2,
    "pie_border_color": "#ffffff",
}
SLICE_CHARTS = {"pie", "doughnut", "bar_horizontal"}


def chart(kind: str, labels: list, series: list[tuple], colors: list[str], **settings) -> dict:
    """A chart in wagtailcharts' format: ``series`` is ``[(name, [value per label]), …]``; a
    pie, doughnut or horizontal bar chart takes one series, one colour per label."""
    labels = [str(label) for label in labels]
    if kind in SLICE_CHARTS:
        data = [[""]] + [[value] for value in series[0][1]]
        options = {"title": [""] + labels, "color": [""] + colors}
    else:
        data = [labels] + [list(values) for _name, values in series]
        options = {"title": [""] + [str(name) for name, _values in series], "color": [""] + colors}
    highest = max((value for _name, values in series for value in values), default=0)
    config = {**CHART_SETTINGS, "y_left_step_size": "1" if highest <= 10 else "", **settings}
    return {
        "type": kind,
        "datasets": json.dumps({"data": data, "options": options}),
        "config": json.dumps(config),
    }


# --- The dashboard --------------------------------------------------------------------------


def _scope(manager: bool, who: dict) -> list[str]:
    """What the figures cover, said to the reader."""
    if manager:
        return [_("All the tickets of the scheme, in every place.")]
    scope = []
    names = list(
        Organisation.objects.filter(pk__in=who["organisations"]).order_by("name").values_list("name", flat=True)
    )
    if names:
        scope.append(_("The tickets issued by %(names)s.") % {"names": ", ".join(names)})
    if who["partner"] is not None:
        scope.append(_("The tickets registered at %(place)s.") % {"place": who["partner"].place.title})
    if who["territories"]:
        scope.append(_("The tickets registered at the places of your territory."))
    return scope


def _places_of(manager: bool, who: dict):
    """The partner places whose load the reader follows: all for the manager, their own place for
    an animator, their territory's for a referent (those who see every ticket of a place)."""
    places = PartnerPlace.objects.select_related("place")
    if manager:
        return places
    q = Q(pk__in=[])
    if who["partner"] is not None:
        q |= Q(pk=who["partner"].pk)
    if who["territories"]:
        q |= Q(place__territory_id__in=who["territories"])
    return places.filter(q)


def _months(tickets, today):
    first = today.replace(day=1) - relativedelta(months=MONTHS - 1)
    counts = {
        (month.year, month.month): n
        for month, n in tickets.filter(issued_on__gte=first)
        .order_by()
        .annotate(month=TruncMonth("issued_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    months = []
    for i in range(MONTHS):
        month = first + relativedelta(months=i)
        months.append(
            {"month": month, "label": date_format(month, "N Y"), "value": counts.get((month.year, month.month), 0)}
        )
    return _with_shares(months)


def _by_organisation(tickets):
    rows = [
        {"label": name, "value": issued, "completed": completed, "followed": followed}
        for name, issued, completed, followed in tickets.order_by()
        .values("organisation_id", "organisation__name")
        .annotate(
            issued=Count("pk"),
            completed=Count("pk", filter=Q(status=Ticket.Status.COMPLETED)),
            followed=Count("pk", filter=Q(status__in=Ticket.FOLLOWED)),
        )
        .values_list("organisation__name", "issued", "completed", "followed")
    ]
    return _with_shares(sorted(rows, key=lambda row: (-row["value"], row["label"])))


def _by_place(tickets):
    rows = []
    for pk, title, registered, completed, followed in (
        tickets.order_by()
        .values("place_id", "place__place__title")
        .annotate(
            registered=Count("pk"),
            completed=Count("pk", filter=Q(status=Ticket.Status.COMPLETED)),
            followed=Count("pk", filter=Q(status__in=Ticket.FOLLOWED)),
        )
        .values_list("place_id", "place__place__title", "registered", "completed", "followed")
    ):
        label = title if pk is not None else _("Not registered at a place yet")
        rows.append(
            {"label": label, "value": registered, "completed": completed, "followed": followed, "none": pk is None}
        )
    return _with_shares(sorted(rows, key=lambda row: (row["none"], -row["value"], row["label"])))


def _by_public(tickets):
    labels = dict(Public.choices)
    counts = dict(
        tickets.order_by().values("beneficiary__public").annotate(n=Count("pk")).values_list("beneficiary__public", "n")
    )
    rows = [{"label": label, "value": counts.get(code, 0)} for code, label in labels.items()]
    return _with_shares(sorted(rows, key=lambda row: -row["value"]))


def _load(manager, who, today):
    """Each place's learners registered this year against its yearly range (30–45)."""
    _start, _end, start, end = _year(today)
    elapsed = _elapsed(today)
    places = _places_of(manager, who).annotate(
        n=Count("tickets", filter=Q(tickets__registered_at__gte=start, tickets__registered_at__lt=end))
    )
    rows = []
    for partner in places:
        if not partner.active and not partner.n:
            continue
        high = max(partner.yearly_high, partner.yearly_low, 1)
        expected = int(partner.yearly_low * elapsed)
        if partner.n > partner.yearly_high:
            state, label = "above", _("Above its range")
        elif partner.n >= partner.yearly_low:
            state, label = "within", _("Within its range")
        elif partner.n >= expected:
            state, label = "on-course", _("On course")
        else:
            state, label = "behind", _("Behind")
        rows.append(
            {
                "label": partner.place.title,
                "value": partner.n,
                "low": partner.yearly_low,
                "high": partner.yearly_high,
                "active": partner.active,
                "share": min(100, _share(partner.n, high)),
                "low_mark": _share(partner.yearly_low, high),
                "state": state,
                "state_label": label,
                "expected": expected,
            }
        )
    return rows


def dashboard(user, *, today: datetime.date | None = None) -> dict:
    """The figures of ``user``'s dashboard, over the tickets they may see."""
    today = today or timezone.localdate()
    prefetch_related_objects([user], "groups")  # the policy asks the roles many times: one query
    manager = policy.is_manager(user)
    tickets = policy.tickets_for(user)
    who = (
        {}
        if manager
        else {
            "organisations": policy.organisation_ids(user),
            "partner": policy.partner_place(user),
            "territories": policy.referent_territory_ids(user),
        }
    )
    year_start, year_end, start, end = _year(today)
    known = facts()

    counts = services.status_counts(tickets)
    statuses = [
        {"status": code, "label": label, "value": counts[code], "color": STATUS_COLORS[code]}
        for code, label in Ticket.Status.choices
    ]
    total = sum(counts.values())
    completed = counts[Ticket.Status.COMPLETED]
    this_year = Q(issued_on__gte=year_start, issued_on__lt=year_end) & ~Q(status=Ticket.Status.CANCELLED)
    year = tickets.order_by().aggregate(
        issued=Count("pk", filter=this_year),
        beneficiaries=Count("beneficiary", distinct=True, filter=this_year),
        completed=Count("pk", filter=Q(status=Ticket.Status.COMPLETED, ended_at__gte=start, ended_at__lt=end)),
    )

    # sessions attended, by the status of the ticket they count for
    present = Enrolment.objects.filter(attendance=Attendance.PRESENT)
    claims = Claim.objects.all()
    if not manager:
        present = present.filter(ticket__in=tickets.order_by().values("pk"))
        claims = claims.filter(ticket__in=tickets.order_by().values("pk"))
    attended = dict(
        present.order_by().values("ticket__status").annotate(n=Count("pk")).values_list("ticket__status", "n")
    )
    closed = counts[Ticket.Status.CLOSED]
    money = claims.order_by().aggregate(
        paid=Sum("amount", filter=Q(status=Claim.Status.PAID)),
        paid_count=Count("pk", filter=Q(status=Claim.Status.PAID)),
        paid_year=Sum("amount", filter=Q(status=Claim.Status.PAID, paid_on__gte=year_start, paid_on__lt=year_end)),
        pending=Sum("amount", filter=Q(status__in=[Claim.Status.OPEN, Claim.Status.VALIDATED])),
        pending_count=Count("pk", filter=Q(status__in=[Claim.Status.OPEN, Claim.Status.VALIDATED])),
    )
    money = {key: value or 0 for key, value in money.items()}
    money["per_completed"] = round(money["paid"] / completed, 2) if completed else None

    months = _months(tickets, today)
    result = {
        "today": today,
        "year": today.year,
        "manager": manager,
        "scope": _scope(manager, who),
        "total": total,
        "counts": counts,
        "statuses": statuses,
        "followed": counts[Ticket.Status.REGISTERED] + counts[Ticket.Status.IN_PROGRESS],
        "completed": completed,
        "issued_year": year["issued"],
        "completed_year": year["completed"],
        "hours": sum(attended.values()) * SESSION_HOURS,
        "avg_completed": round(attended.get(Ticket.Status.COMPLETED, 0) / completed, 1) if completed else None,
        "avg_closed": round(attended.get(Ticket.Status.CLOSED, 0) / closed, 1) if closed else None,
        "closed": closed,
        "money": money,
        "months": months,
        "organisations": _by_organisation(tickets),
        "places": _by_place(tickets),
        "publics": _by_public(tickets),
        "load": _load(manager, who, today),
        "status_chart": chart(
            "doughnut",
            [row["label"] for row in statuses],
            [(_("Tickets"), [row["value"] for row in statuses])],
            [row["color"] for row in statuses],
            show_values_on_chart=False,  # the table beside it, with the colours, is its legend
        ),
        "month_chart": chart(
            "bar",
            [row["label"] for row in months],
            [(_("Tickets issued"), [row["value"] for row in months])],
            ["#0d5c63"],
        ),
    }
    if manager:
        result["network"] = _network(known, year["beneficiaries"], today)
        result["split"] = _split(known, year["issued"], money["paid_year"])
        result["split_chart"] = chart(
            "doughnut",
            [row["label"] for row in result["split"]["lines"]],
            [(_("Per ticket"), [row["per_ticket"] for row in result["split"]["lines"]])],
            SPLIT_COLORS,
            show_values_on_chart=False,
            unit_override="€",
        )
    return result


def _network(known: dict, beneficiaries: int, today) -> dict:
    target = known["yearly_target_beneficiaries"]
    expected = round(target * _elapsed(today))
    return {
        "target": target,
        "value": beneficiaries,
        "share": _share(beneficiaries, target),
        "bar": min(100, _share(beneficiaries, target)),
        "expected": expected,
        "expected_mark": min(100, _share(expected, target)),
        "ahead": beneficiaries >= expected,
    }


def _split(known: dict, issued: int, paid_year: int) -> dict:
    """What the tickets issued this year commit of each line of the yearly budget: each ticket
    draws its share of the 200 € (150 € for the place, 14, 14 and 22 for the manager)."""
    split, budget = known["split_eur"], known["yearly_budget_eur"]
    lines = []
    for (key, budget_key, label), color in zip(SPLIT_LINES, SPLIT_COLORS, strict=True):
        committed = split[key] * issued
        lines.append(
            {
                "label": str(label),
                "per_ticket": split[key],
                "budget": budget[budget_key],
                "committed": committed,
                "share": _share(committed, budget[budget_key]),
                "paid": paid_year if key == "place_animation" else None,
                "color": color,
            }
        )
    per_ticket = sum(split[key] for key, _b, _l in SPLIT_LINES)
    total_budget = budget.get("total") or sum(line["budget"] for line in lines)
    return {
        "lines": lines,
        "per_ticket": per_ticket,
        "budget": total_budget,
        "committed": per_ticket * issued,
        "share": _share(per_ticket * issued, total_budget),
        "issued": issued,
    }


# --- The public statistics page ------------------------------------------------------------


def public_figures(today: datetime.date | None = None) -> list[dict]:
    """Anonymous counts of the year for the public statistics page: nothing about a person."""
    today = today or timezone.localdate()
    year_start, year_end, start, end = _year(today)
    year = Ticket.objects.order_by().aggregate(
        issued=Count(
            "pk", filter=Q(issued_on__gte=year_start, issued_on__lt=year_end) & ~Q(status=Ticket.Status.CANCELLED)
        ),
        completed=Count("pk", filter=Q(status=Ticket.Status.COMPLETED, ended_at__gte=start, ended_at__lt=end)),
    )
    present = Enrolment.objects.filter(
        attendance=Attendance.PRESENT, session__starts_at__gte=start, session__starts_at__lt=end
    ).count()
    places = PartnerPlace.objects.filter(active=True, place__live=True).count()
    return [
        {"value": year["issued"], "label": _("tickets issued in %(year)s") % {"year": today.year}},
        {"value": year["completed"], "label": _("courses completed in %(year)s") % {"year": today.year}},
        {
            "value": present * SESSION_HOURS,
            "label": _("hours of workshops followed in %(year)s") % {"year": today.year},
        },
        {"value": places, "label": _("partner places welcoming learners")},
    ]


PUBLIC_FIGURES = FigureProvider(slug="tickets", title=gettext_lazy("Ticket déclic"), load=public_figures, order=10)
