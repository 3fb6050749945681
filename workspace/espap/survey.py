"""The satisfaction survey of the esp@p sites: its questions (as data), when it is open, storing
an answer, who reads which answers, the figures, and the poster that invites to it.

**Decision: a form of the module, not Wagtail's form builder.** The answers must be anonymous and
attached to a site and an agency, then aggregated into figures and charts per site and per
agency, over fixed, typed questions. Wagtail's ``FormSubmission`` stores free JSON per form
page: nine pages (one per site) would have to be kept identical, nothing is typed for the
aggregations, and an editor could reword or drop a question and silently break the series
from one year to the next. The opening period per site is also a rule of the module (the
coordinator's ``SurveyPeriod``). So the questions are the list ``QUESTIONS`` below: the public
form (``forms_survey``), the storage (``SurveyAnswer.answers`` plus the typed columns
``satisfaction``, ``would_recommend``, ``agency`` and ``comment``) and the results are all built
from it. Changing a question is a code change, reviewed, with its translation.

The network's seed: an online survey over the first six months, for the users of at least one
internet or video service (2009: 100 % satisfied, 95 % would recommend).

**Anonymous**: no account, no name, no e-mail, no address, no browser; the day only. The
throttle of a connection keeps a keyed hash of its address in the cache for an hour, never the
address, and never next to an answer.

**Open** during the site's own period if it has one, else the network's (the row without site,
one only: ``period_set`` updates it in place); when the coordinator sets a period without an end
it lasts six months; when nothing is set the survey is closed.
"""

import datetime
import io
import json
import unicodedata
from dataclasses import dataclass

import segno
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from fpdf import FPDF

from core import audit
from core.throttle import exceeded
from core.users import is_active_member
from workspace.espap import grids
from workspace.espap import permissions as policy
from workspace.espap.models import SurveyAnswer, SurveyPeriod
from workspace.espap.services import EspapError

DEFAULT_MONTHS = 6  # a period set without an end lasts this long
THROTTLE_ANSWERS = 20  # answers a connection may send …
THROTTLE_SECONDS = 3600  # … in this time
COMMENT_MAX = 1000
LATEST_COMMENTS = 10

# --- The questions ------------------------------------------------------------------------------

MULTIPLE = "multiple"  # checkboxes: a list of keys
CHOICE = "choice"  # one key among choices
SCALE = "scale"  # 4 (very satisfied) … 1 (not at all)
YESNO = "yesno"  # True / False
AGENCY = "agency"  # a PartnerAgency's code, or "none"
TEXT = "text"  # free text, kept as plain text

NO_AGENCY = "none"

SCALE_CHOICES = (
    (4, pgettext_lazy("espap survey", "Very satisfied")),
    (3, pgettext_lazy("espap survey", "Satisfied")),
    (2, pgettext_lazy("espap survey", "Not very satisfied")),
    (1, pgettext_lazy("espap survey", "Not at all satisfied")),
)
SATISFIED = 3  # this level and above count as satisfied
LEVEL_COLORS = {4: "#1e6b34", 3: "#0d5c63", 2: "#c2410c", 1: "#b91c1c"}

YESNO_CHOICES = ((True, pgettext_lazy("espap survey", "Yes")), (False, pgettext_lazy("espap survey", "No")))

HEARD_CHOICES = (
    ("agency", pgettext_lazy("espap survey", "A partner agency (CAF, CPAM, France Travail…)")),
    ("town_hall", pgettext_lazy("espap survey", "The town hall or a social worker")),
    ("word_of_mouth", pgettext_lazy("espap survey", "Family, friends or neighbours")),
    ("press", pgettext_lazy("espap survey", "Press, radio, poster or leaflet")),
    ("place", pgettext_lazy("espap survey", "I already knew this place")),
    ("internet", pgettext_lazy("espap survey", "The internet")),
    ("other", pgettext_lazy("espap survey", "Another way")),
)

SERVICE_CHOICES = tuple(grids.SERVICES.items()) + (
    ("visio", pgettext_lazy("espap survey", "Video interview with an agency advisor")),
)

AGE_CHOICES = tuple((key, grids.PUBLICS[key]) for key in ("young", "adults", "seniors"))


@dataclass(frozen=True)
class Question:
    """One question of the survey. ``column``: the typed column of ``SurveyAnswer`` it also
    fills (the figures read those); the others are kept in ``SurveyAnswer.answers`` only."""

    key: str
    label: str
    kind: str
    required: bool = False
    choices: tuple = ()
    widget: str = "radio"  # radio | select | checkboxes | textarea
    help_text: str = ""
    column: str = ""

    @property
    def values(self) -> tuple:
        return tuple(value for value, _label in self.choices)


QUESTIONS = (
    Question(
        "services",
        pgettext_lazy("espap survey", "Which services did you use today?"),
        MULTIPLE,
        required=True,
        choices=SERVICE_CHOICES,
        widget="checkboxes",
        help_text=pgettext_lazy("espap survey", "Tick all that apply."),
    ),
    Question(
        "agency",
        pgettext_lazy("espap survey", "Which agency did you meet by video?"),
        AGENCY,
        widget="select",
        help_text=pgettext_lazy("espap survey", "Only if you had a video interview."),
        column="agency",
    ),
    Question(
        "heard_from",
        pgettext_lazy("espap survey", "How did you hear of the esp@p?"),
        CHOICE,
        choices=HEARD_CHOICES,
        widget="select",
    ),
    Question(
        "satisfaction",
        pgettext_lazy("espap survey", "Overall, how satisfied are you with the esp@p?"),
        SCALE,
        required=True,
        choices=SCALE_CHOICES,
        column="satisfaction",
    ),
    Question(
        "mediator_help",
        pgettext_lazy("espap survey", "How satisfied are you with the help of the mediator?"),
        SCALE,
        choices=SCALE_CHOICES,
    ),
    Question(
        "recommend",
        pgettext_lazy("espap survey", "Would you recommend the esp@p to someone close to you?"),
        YESNO,
        required=True,
        choices=YESNO_CHOICES,
        column="would_recommend",
    ),
    Question(
        "come_back",
        pgettext_lazy("espap survey", "Would you come back to the esp@p?"),
        YESNO,
        choices=YESNO_CHOICES,
    ),
    Question("age", pgettext_lazy("espap survey", "Your age"), CHOICE, choices=AGE_CHOICES),
    Question(
        "comment",
        pgettext_lazy("espap survey", "Anything to add? A remark, an idea to improve the service"),
        TEXT,
        widget="textarea",
        help_text=pgettext_lazy(
            "espap survey", "Please do not write your name or contact details: the survey is anonymous."
        ),
        column="comment",
    ),
)
QUESTION_COUNT = len(QUESTIONS)
BY_KEY = {question.key: question for question in QUESTIONS}


def agencies_for(site):
    """The agencies the survey of ``site`` offers: its partner agencies, else every agency."""
    from directory.models import PartnerAgency

    offered = PartnerAgency.objects.filter(places=site) if site is not None else PartnerAgency.objects.none()
    agencies = list(offered.order_by("name"))
    return agencies or list(PartnerAgency.objects.order_by("name"))


# --- The period ---------------------------------------------------------------------------------


def network_period() -> SurveyPeriod | None:
    return SurveyPeriod.objects.filter(site__isnull=True).order_by("pk").first()


def period_for(site) -> SurveyPeriod | None:
    """The period that applies to ``site``: its own row, else the network's, else None."""
    network = None
    for row in SurveyPeriod.objects.filter(Q(site=site) | Q(site__isnull=True)).order_by("pk"):
        if row.site_id is not None:
            return row
        network = network or row
    return network


def periods_by_site(sites) -> dict[int, SurveyPeriod | None]:
    """{site pk: the period that applies} for many sites, in one query."""
    rows = list(SurveyPeriod.objects.filter(Q(site__in=sites) | Q(site__isnull=True)).order_by("pk"))
    network = next((row for row in rows if row.site_id is None), None)
    own = {row.site_id: row for row in rows if row.site_id is not None}
    return {site.pk: own.get(site.pk, network) for site in sites}


def is_open(site, day: datetime.date) -> bool:
    period = period_for(site)
    return period is not None and period.is_open(day)


def period_set(*, actor, site=None, opens_on: datetime.date, closes_on: datetime.date | None = None) -> SurveyPeriod:
    """Set the network's period (``site`` None) or a site's own. Without ``closes_on`` it lasts
    ``DEFAULT_MONTHS`` months. The network's row is updated in place: there is only one."""
    if not policy.can(actor, policy.SURVEY):
        raise EspapError("forbidden", _("Only the coordinator sets the survey period."))
    if site is not None and not policy.sites().filter(pk=site.pk).exists():
        raise EspapError("not_a_site", _("This place is not an esp@p site."))
    if opens_on is None:
        raise EspapError("dates", _("Give the day the survey opens."))
    if closes_on is None:
        closes_on = opens_on + relativedelta(months=DEFAULT_MONTHS)
    if closes_on < opens_on:
        raise EspapError("dates", _("The survey cannot close before it opens."))
    with transaction.atomic():
        rows = SurveyPeriod.objects.select_for_update().order_by("pk")
        rows = rows.filter(site__isnull=True) if site is None else rows.filter(site=site)
        row = rows.first()
        if row is None:
            row = SurveyPeriod(site=site)
        row.opens_on, row.closes_on, row.updated_by = opens_on, closes_on, actor
        row.save()
        if site is None:  # two first saves at once: the oldest row is the network's
            SurveyPeriod.objects.filter(site__isnull=True).exclude(pk=network_period().pk).delete()
        audit.record(
            actor=actor,
            action="espap.survey_period",
            summary=_("Satisfaction survey of %(where)s open from %(start)s to %(end)s")
            % {
                "where": site.title if site is not None else _("every esp@p site"),
                "start": opens_on.isoformat(),
                "end": closes_on.isoformat(),
            },
            territory=getattr(site, "territory", None),
            target=row,
        )
    return row


def period_clear(*, actor, site) -> None:
    """Remove ``site``'s own period: it follows the network's again."""
    if not policy.can(actor, policy.SURVEY):
        raise EspapError("forbidden", _("Only the coordinator sets the survey period."))
    with transaction.atomic():
        deleted, _rows = SurveyPeriod.objects.filter(site=site).delete()
        if deleted:
            audit.record(
                actor=actor,
                action="espap.survey_period",
                summary=_("Satisfaction survey of %(where)s: follows the network's period again")
                % {"where": site.title},
                territory=site.territory,
            )


# --- Answering ----------------------------------------------------------------------------------


def throttled(client_address: str) -> bool:
    """Count one answer of this connection; True when it already sent ``THROTTLE_ANSWERS`` in
    the last ``THROTTLE_SECONDS`` (the window starts at its first answer). Only a keyed hash
    of the address is kept, in the cache."""
    return exceeded("espap-survey", client_address, limit=THROTTLE_ANSWERS, seconds=THROTTLE_SECONDS)


def _invalid(question: Question):
    return EspapError("invalid", _("The answer to “%(question)s” is not valid.") % {"question": question.label})


def _clean_value(question: Question, value, agencies: dict):
    """The stored form of ``value`` (None when unanswered); EspapError when it is not valid."""
    if value in (None, "", [], ()):
        if question.required:
            raise EspapError("required", _("Please answer “%(question)s”.") % {"question": question.label})
        return None
    if question.kind == MULTIPLE:
        values = [value] if isinstance(value, str) else list(value)
        if any(item not in question.values for item in values):
            raise _invalid(question)
        return [key for key in question.values if key in values]  # the order of the question
    if question.kind == AGENCY:
        if value != NO_AGENCY and value not in agencies:
            raise _invalid(question)
        return value
    if question.kind == SCALE or question.kind == YESNO or question.kind == CHOICE:
        if question.kind == SCALE and (isinstance(value, bool) or not isinstance(value, int)):
            raise _invalid(question)
        if question.kind == YESNO and not isinstance(value, bool):
            raise _invalid(question)
        if value not in question.values:
            raise _invalid(question)
        return value
    if question.kind == TEXT:
        text = "".join(ch for ch in str(value) if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
        if len(text) > COMMENT_MAX:
            raise EspapError("too_long", _("The comment is limited to %(n)s characters.") % {"n": COMMENT_MAX})
        return text or None
    raise _invalid(question)


def answer_submit(*, site, cleaned: dict, day: datetime.date | None = None) -> SurveyAnswer:
    """Store one anonymous answer to the survey of ``site``, when it is open on ``day``.
    ``cleaned`` maps each question's key to its value as ``forms_survey.SurveyForm`` cleans it:
    a list of keys, a key, 1 to 4, True/False, an agency code or "none", a text."""
    from django.utils import timezone

    from directory.models import PartnerAgency

    day = day or timezone.localdate()
    if not policy.sites().filter(pk=site.pk).exists():
        raise EspapError("not_a_site", _("This place is not an esp@p site."))
    if not is_open(site, day):
        raise EspapError("closed", _("The survey of this site is closed."))
    agencies = {agency.code: agency for agency in PartnerAgency.objects.all()}
    answers, columns = {}, {}
    for question in QUESTIONS:
        value = _clean_value(question, cleaned.get(question.key), agencies)
        if question.column == "agency":
            columns["agency"] = agencies.get(value) if value else None
        elif question.column:
            columns[question.column] = value
        if value is not None and question.kind != TEXT:  # the comment lives in its column only
            answers[question.key] = value
    return SurveyAnswer.objects.create(
        site=site,
        answered_on=day,
        answers=answers,
        satisfaction=columns["satisfaction"],
        would_recommend=columns["would_recommend"],
        agency=columns["agency"],
        comment=columns["comment"] or "",
    )


# --- Reading ------------------------------------------------------------------------------------


def answers_for(user):
    """The answers ``user`` may read — the one place that decides it: the coordinator all of
    them; a referent their territory's sites'; a mediator their site's; an advisor those that
    name their agency (at any site). The same scopes as the appointments, from the policy."""
    if not is_active_member(user) or not policy.is_in_scheme(user):
        return SurveyAnswer.objects.none()
    return SurveyAnswer.objects.filter(policy.appointments_visible_q(user))


def sites_for(user):
    """The esp@p sites whose survey ``user`` follows (to list their period and poster)."""
    sites = policy.sites().select_related("territory").order_by("title")
    if policy.is_coordinator(user):
        return sites
    q = Q(pk__in=[])
    site_id = policy.mediator_site_id(user)
    if site_id:
        q |= Q(pk=site_id)
    territories = policy.referent_territory_ids(user)
    if territories:
        q |= Q(territory_id__in=territories)
    advisor = policy.advisor_of(user)
    if advisor is not None:
        q |= Q(espap_agencies=advisor.agency_id)
    return sites.filter(q).distinct()


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percents, halves rounded up; None of nothing."""
    return (200 * part + whole) // (2 * whole) if whole else None


def _rates(row: dict) -> dict:
    n = row["n"]
    return {
        **row,
        "satisfied_pct": percent(row["satisfied"], n),
        "recommend_pct": percent(row["recommend"], n),
        "come_back_pct": percent(row["come_back"], row["come_back_asked"]),
    }


_COUNTS = {
    "n": Count("pk"),
    "satisfied": Count("pk", filter=Q(satisfaction__gte=SATISFIED)),
    "recommend": Count("pk", filter=Q(would_recommend=True)),
    "come_back": Count("pk", filter=Q(answers__come_back=True)),
    "come_back_asked": Count("pk", filter=Q(answers__has_key="come_back")),
}


def results(answers, start: datetime.date | None = None, end: datetime.date | None = None) -> dict:
    """The figures of ``answers`` (a queryset, e.g. ``answers_for(user)``) answered between
    ``start`` and ``end`` included: overall, per site, per agency, by level of satisfaction, and
    the latest comments. A fixed number of queries, however many answers."""
    if start:
        answers = answers.filter(answered_on__gte=start)
    if end:
        answers = answers.filter(answered_on__lte=end)
    total = _rates(answers.aggregate(**_COUNTS))
    sites = [
        _rates({**row, "label": row["site__title"]})
        for row in answers.values("site_id", "site__title").annotate(**_COUNTS).order_by("site__title")
    ]
    agencies = [
        _rates({**row, "label": row["agency__name"] or _("No agency met by video")})
        for row in answers.values("agency_id", "agency__name").annotate(**_COUNTS).order_by("agency__name")
    ]
    agencies.sort(key=lambda row: (row["agency_id"] is None, row["label"]))
    counted = dict(answers.values_list("satisfaction").annotate(n=Count("pk")).values_list("satisfaction", "n"))
    levels = [
        {
            "value": value,
            "label": label,
            "n": counted.get(value, 0),
            "pct": percent(counted.get(value, 0), total["n"]),
            "color": LEVEL_COLORS[value],
        }
        for value, label in SCALE_CHOICES
    ]
    comments = list(
        answers.exclude(comment="")
        .select_related("site", "agency")
        .only("answered_on", "comment", "site__title", "agency__name")
        .order_by("-answered_on", "-pk")[:LATEST_COMMENTS]
    )
    figures = {"total": total, "sites": sites, "agencies": agencies, "levels": levels, "comments": comments}
    if total["n"]:
        figures["site_chart"] = chart(
            "bar",
            [row["label"] for row in sites],
            [
                (pgettext("espap survey share", "Satisfied"), [row["satisfied_pct"] for row in sites]),
                (pgettext("espap survey share", "Would recommend"), [row["recommend_pct"] for row in sites]),
            ],
            ["#0d5c63", "#c2410c"],
            y_left_max="100",
            y_left_step_size="",
            y_left_data_type="percentage",
            show_legend=True,
            show_values_on_chart=False,  # the table beside it gives the figures
        )
        figures["level_chart"] = chart(
            "doughnut",
            [row["label"] for row in levels],
            [(pgettext("espap survey", "Answers"), [row["n"] for row in levels])],
            [row["color"] for row in levels],
            show_values_on_chart=False,  # the table beside it, with the colours, is its legend
        )
    return figures


# --- Charts: wagtailcharts' format, drawn by Chart.js from our static files (home/js/charts.js,
# loaded by base.html, draws every canvas whose id starts with "chart-"), as the Ticket déclic
# dashboard does; each chart has its figures in a table beside it.

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
    """A chart for wagtailcharts: ``series`` is ``[(name, [value per label]), …]``; a pie,
    doughnut or horizontal bar chart takes one series and one colour per label."""
    labels = [str(label) for label in labels]
    if kind in SLICE_CHARTS:
        data = [[""]] + [[value] for value in series[0][1]]
        options = {"title": [""] + labels, "color": [""] + list(colors)}
    else:
        data = [labels] + [[0 if value is None else value for value in values] for _name, values in series]
        options = {"title": [""] + [str(name) for name, _values in series], "color": [""] + list(colors)}
    return {
        "type": kind,
        "datasets": json.dumps({"data": data, "options": options}),
        "config": json.dumps({**CHART_SETTINGS, **settings}),
    }


# --- The poster ---------------------------------------------------------------------------------
# fpdf2's built-in Helvetica in Windows-1252 (as the Ticket déclic's documents: French prints as
# it is), and a QR code made with segno; both pure Python, nothing downloaded.

PRIMARY = (8, 62, 67)
ACCENT = (179, 64, 10)
TEXT_COLOR = (25, 25, 25)
MUTED = (90, 90, 90)


def pdf_text(text) -> str:
    """``text`` as Helvetica in Windows-1252 prints it: other characters become their closest
    form without accent, or "?"."""
    text = str(text if text is not None else "").replace("\u202f", " ").replace("\u2009", " ")
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


def qr_png(payload: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def long_date(day) -> str:
    return date_format(day, "j F Y")


def poster_pdf(*, site, url: str, period: SurveyPeriod | None) -> bytes:
    """An A4 poster for the site's desk: "Your opinion counts", a big QR code to the survey's
    address ``url`` (absolute), the address in text and the period."""
    doc = FPDF(orientation="P", format="A4")
    doc.core_fonts_encoding = "windows-1252"
    doc.set_title(pdf_text(_("Satisfaction survey – %(site)s") % {"site": site.title}))
    doc.set_author("Maillage")
    doc.set_creator("Maillage")
    doc.set_auto_page_break(auto=False)
    doc.set_margins(18, 18, 18)
    doc.add_page()

    def line(text, *, size, style="", color=TEXT_COLOR, height=None, font="Helvetica"):
        doc.set_font(font, style, size)
        doc.set_text_color(*color)
        doc.multi_cell(0, height or size * 0.48, pdf_text(text), align="C", new_x="LMARGIN", new_y="NEXT")

    doc.set_fill_color(*PRIMARY)
    doc.rect(0, 0, doc.w, 42, style="F")
    doc.set_y(10)
    line(_("esp@p · public-service point"), size=13, style="B", color=(255, 214, 170))
    line(site.title, size=22, style="B", color=(255, 255, 255), height=10)
    doc.set_y(54)
    line(_("Your opinion counts"), size=40, style="B", color=PRIMARY, height=18)
    doc.ln(3)
    line(
        _(
            "You used the internet or met an advisor by video here? Tell us what you thought: "
            "%(n)s questions, anonymous, about three minutes."
        )
        % {"n": QUESTION_COUNT},
        size=14,
        height=7,
    )
    size = 105
    top = doc.get_y() + 6
    doc.image(io.BytesIO(qr_png(url)), x=(doc.w - size) / 2, y=top, w=size, h=size)
    doc.set_y(top + size + 4)
    line(_("Scan the code with your phone's camera, or type this address:"), size=12, color=MUTED, height=6)
    doc.ln(1)
    short = url.split("://", 1)[-1]
    line(short, size=15 if len(short) < 48 else 11, style="B", color=ACCENT, font="Courier", height=8)
    doc.ln(4)
    if period is not None:
        line(
            _("Survey open from %(start)s to %(end)s")
            % {"start": long_date(period.opens_on), "end": long_date(period.closes_on)},
            size=14,
            style="B",
            color=PRIMARY,
            height=7,
        )
    line(_("Ask the mediator if you would like some help to answer."), size=11, color=MUTED, height=6)
    doc.set_y(doc.h - 26)
    doc.set_draw_color(*ACCENT)
    doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
    doc.ln(3)
    where = ", ".join(part for part in (site.address, f"{site.postcode} {site.commune}".strip()) if part)
    contact = " · ".join(part for part in (where, site.phone) if part)
    line(contact, size=10, color=MUTED, height=5)
    return bytes(doc.output())
