"""esp@p's figures: the dashboard, its CSV exports and the pack of the bi-monthly departmental
follow-up meeting (PDF). All three cover one period (``du``/``au``, the last two months unless
chosen) and what the policy lets the member see (``selectors``); none of them holds anything
about an inhabitant."""

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from workspace.espap import grids, pdf, selectors, survey
from workspace.espap import permissions as policy
from workspace.espap.forms import category_label
from workspace.espap.models import Appointment
from workspace.espap.shortcuts import require
from workspace.spaces.forms import DateInput

FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodForm(forms.Form):
    du = forms.DateField(label=pgettext_lazy("espap period", "From"), widget=DateInput())
    au = forms.DateField(label=pgettext_lazy("espap period", "To"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start is None or end is None:
            return data
        if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
            raise forms.ValidationError(
                gettext_lazy("Choose dates between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        if start > end:
            raise forms.ValidationError(gettext_lazy("The period ends before it starts."))
        if (end - start).days > selectors.MAX_PERIOD_DAYS:
            raise forms.ValidationError(gettext_lazy("Choose a period of five years at most."))
        return data


def _period(request, *, tell: bool = True):
    """(start, end, form) from the query string; the last two months when none or a wrong one is
    given (``tell``: the reason is shown as a message)."""
    start, end = selectors.default_period()
    if "du" not in request.GET and "au" not in request.GET:
        return start, end, PeriodForm(initial={"du": start, "au": end})
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["du"], form.cleaned_data["au"], form
    if tell:  # the form says what is wrong beside the fields
        messages.warning(request, _("This period cannot be shown: the figures below cover the last two months."))
    return start, end, form


def _query(start, end) -> str:
    return urlencode({"du": start.isoformat(), "au": end.isoformat()})


def _presets(start, end):
    today = timezone.localdate()
    presets = [
        (pgettext("espap period", "Last 2 months"), *selectors.default_period(today)),
        (pgettext("espap period", "This year"), *selectors.year_period(today)),
    ]
    return [
        {"label": name, "query": _query(first, last), "current": (first, last) == (start, end)}
        for name, first, last in presets
    ]


def _charts(fig) -> dict:
    """The charts in wagtailcharts' format (``survey.chart``), each beside its table."""
    for i, agency in enumerate(fig["month_agencies"]):
        agency["color"] = selectors.AGENCY_COLORS[i % len(selectors.AGENCY_COLORS)]
    charts = {}
    if fig["totals"]["total"]:
        charts["status"] = survey.chart(
            "doughnut",
            [row["label"] for row in fig["statuses"]],
            [(_("Appointments"), [row["value"] for row in fig["statuses"]])],
            [row["color"] for row in fig["statuses"]],
            show_values_on_chart=False,  # the table beside it, with the colours, is its legend
        )
    if fig["month_agencies"]:
        agencies = fig["month_agencies"]
        charts["months"] = survey.chart(
            "bar",
            [row["label"] for row in fig["months"]],
            [
                (agency["code"].upper(), [month["by_agency"][i] for month in fig["months"]])
                for i, agency in enumerate(agencies)
            ],
            [agency["color"] for agency in agencies],
            stacking="stacked",
            show_legend=True,
            y_left_step_size="1" if max((m["total"] for m in fig["months"]), default=0) <= 10 else "",
        )
    if fig["survey"]["count"]:
        charts["satisfaction"] = survey.chart(
            "doughnut",
            [row["label"] for row in fig["satisfaction"]],
            [(_("Answers"), [row["value"] for row in fig["satisfaction"]])],
            [row["color"] for row in fig["satisfaction"]],
            show_values_on_chart=False,
        )
    return charts


@login_required
def dashboard(request):
    """The figures of the period over what the member may see, with charts, tables, the label
    follow-up of the sites they follow and the links to the exports and the meeting pack."""
    require(request.user, policy.DASHBOARD)
    start, end, form = _period(request)
    fig = selectors.figures(request.user, start, end)
    period_query = _query(start, end)
    context = {
        "section": "espap",
        "fig": fig,
        "charts": _charts(fig),
        "warnings": selectors.label_warnings(request.user),
        "form": form,
        "presets": _presets(start, end),
        "period_query": period_query,  # not "query": the header's search box reads that one
        "exports": [
            {"label": label, "url": reverse("espap:export", args=[kind]) + "?" + period_query}
            for kind, (label, _rows, site_data) in EXPORTS.items()
            if fig["follows_sites"] or not site_data
        ],
        "pack_url": reverse("espap:meeting-pack") + "?" + period_query,
    }
    return render(request, "espap/dashboard.html", context)


# --- CSV exports ----------------------------------------------------------------------------------


def _spreadsheet_safe(value):
    """A text cell a spreadsheet will not read as a formula (a name typed "=HYPERLINK(…)")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _yes_no(value) -> str:
    return pgettext("espap export", "yes") if value else pgettext("espap export", "no")


def _minutes(started, ended) -> str:
    if started and ended:
        return str(max(0, round((ended - started).total_seconds() / 60)))
    return ""


def _appointments_csv(user, start, end):
    statuses = dict(Appointment.Status.choices)
    yield [
        _("Date"),
        _("Time"),
        pgettext("espap", "Site"),
        _("Territory"),
        _("Agency"),
        _("Advisor"),
        pgettext("espap", "Status"),
        _("Subject category"),
        pgettext("espap figures", "Call minutes"),
    ]
    # only these columns are read: no inhabitant's name, contact, subject or note, whoever asks
    for row in selectors.appointment_rows(user, start, end).iterator():
        when = timezone.localtime(row["slot__starts_at"])
        advisor = row["slot__advisor__user__display_name"] or " ".join(
            part for part in (row["slot__advisor__user__first_name"], row["slot__advisor__user__last_name"]) if part
        )
        yield [
            when.strftime("%d/%m/%Y"),
            when.strftime("%H:%M"),
            row["site__title"],
            row["site__territory__name"] or "",
            row["agency__name"],
            advisor,
            str(statuses.get(row["status"], row["status"])),
            category_label(row["agency__code"], row["category"]) if row["category"] else "",
            _minutes(row["call_started_at"], row["call_ended_at"]),
        ]


def _grids_csv(user, start, end):
    codes = grids.agency_codes()
    yield [
        pgettext("espap", "Site"),
        _("Territory"),
        pgettext("espap", "Week"),
        _("Week of"),
        *[str(name) for name in grids.SERVICES.values()],
        *[_("Visio %(agency)s") % {"agency": code.upper()} for code in codes],
        *[str(name) for name in grids.PUBLICS.values()],
        _("Total"),
        pgettext("espap grid", "Validated"),
        _("Validated on"),
    ]
    for row in selectors.grid_export_rows(user, start, end).iterator():
        services = [int((row["services"] or {}).get(key, 0) or 0) for key in grids.SERVICE_KEYS]
        visio = [int((row["visio"] or {}).get(code, 0) or 0) for code in codes]
        publics = [int((row["publics"] or {}).get(key, 0) or 0) for key in grids.PUBLIC_KEYS]
        validated = row["validated_at"]
        yield [
            row["site__title"],
            row["site__territory__name"] or "",
            row["week"].strftime("%G-W%V"),
            row["week"].strftime("%d/%m/%Y"),
            *services,
            *visio,
            *publics,
            sum(services) + sum(visio),
            _yes_no(validated),
            timezone.localtime(validated).strftime("%d/%m/%Y") if validated else "",
        ]


def _services_answered(answers) -> str:
    """The services the respondent says they used (``answers["services"]``: keys of
    ``survey.SERVICE_CHOICES``), in the reader's language."""
    value = (answers or {}).get("services") if isinstance(answers, dict) else None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ""
    names = dict(survey.SERVICE_CHOICES)
    return ", ".join(str(names.get(item, item)) for item in value if isinstance(item, str))


def _answers_csv(user, start, end):
    # The free comment is left out on purpose: the survey is anonymous, but a comment may name the
    # respondent, an agent or a neighbour, and an export travels by e-mail and sits in folders.
    # It is read on the survey's own page, by those who may see the site's answers.
    yield [
        pgettext("espap", "Site"),
        _("Date"),
        _("Agency met by video"),
        _("Satisfaction (1 to 4)"),
        _("Would recommend"),
        _("Services used"),
    ]
    for row in selectors.answer_export_rows(user, start, end).iterator():
        yield [
            row["site__title"],
            row["answered_on"].strftime("%d/%m/%Y"),
            row["agency__name"] or "",
            row["satisfaction"],
            _yes_no(row["would_recommend"]),
            _services_answered(row["answers"]),
        ]


def _sites_csv(user, start, end):
    rule_sets = selectors.label.rule_sets()
    yield [
        pgettext("espap", "Site"),
        _("Territory"),
        _("Opening hours"),
        _("Hours a week"),
        _("Days a week"),
        _("Partner agencies"),
        _("Mediators"),
        *[ruleset.label for ruleset in rule_sets],
    ]
    for warning in selectors.label_warnings(user):
        site = warning["site"]
        verdicts = {verdict.ruleset.slug: verdict for verdict in warning["verdicts"]}
        week = warning["verdicts"][0].week if warning["verdicts"] else None
        yield [
            site.title,
            site.territory.name if site.territory_id else "",
            site.opening_hours,
            selectors.label.format_hours(week.hours) if week and week.known else "",
            week.days if week and week.known else "",
            ", ".join(agency.code.upper() for agency in warning["agencies"]),
            warning["agents"],
            *[
                pgettext("espap label", "compliant")
                if verdicts[ruleset.slug].ok
                else " ; ".join(s.message for s in verdicts[ruleset.slug].shortfalls)
                for ruleset in rule_sets
            ],
        ]


# kind: (label on the dashboard, rows, whether it is about the sites followed: grids, label)
EXPORTS = {
    "rendez-vous": (pgettext_lazy("espap export", "Appointments"), _appointments_csv, False),
    "grilles": (pgettext_lazy("espap export", "Weekly grids"), _grids_csv, True),
    "enquete": (pgettext_lazy("espap export", "Survey answers"), _answers_csv, False),
    "sites": (pgettext_lazy("espap export", "Sites and label"), _sites_csv, True),
}


@login_required
def export_csv(request, kind: str):
    """A CSV for French spreadsheets (UTF-8 with a BOM, ``;``) of the period: the same figures
    and the same policy as the dashboard."""
    if kind not in EXPORTS:
        raise Http404
    require(request.user, policy.DASHBOARD)
    start, end, _form = _period(request, tell=False)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in EXPORTS[kind][1](request.user, start, end):
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="espap-{kind}-{start:%Y-%m-%d}_{end:%Y-%m-%d}.csv"'
    return response


# --- The meeting pack -----------------------------------------------------------------------------


@login_required
def meeting_pack(request):
    """The departmental follow-up meeting's pack for the period: figures per site and agency, the
    label follow-up, the survey and the grids' validation (A4 PDF)."""
    require(request.user, policy.DASHBOARD)
    start, end, _form = _period(request, tell=False)
    content = pdf.meeting_pack(
        selectors.figures(request.user, start, end),
        selectors.label_warnings(request.user),
        made_on=timezone.localdate(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="espap-reunion-{start:%Y-%m-%d}_{end:%Y-%m-%d}.pdf"'
    return response
