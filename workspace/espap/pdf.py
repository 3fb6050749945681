"""The pack of esp@p's bi-monthly departmental follow-up meeting (A4, fpdf2): the period, the
figures per site, per agency and per month, the satisfaction survey, the label follow-up of the
sites and the weekly grids' validation. It is made from ``selectors.figures`` and
``selectors.label_warnings``, so it holds what the dashboard shows the same member and nothing
about an inhabitant.

The page and its text helpers (Helvetica in Windows-1252, the band, headings, tables) are the
Ticket déclic documents' generic ones (``workspace.tickets.pdf``)."""

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from fpdf.fonts import FontFace

from workspace.espap.label import format_hours
from workspace.tickets.pdf import DANGER, LIGHT, MUTED, PRIMARY, TEXT, ZEBRA, Document, clean, long_date

HEADINGS = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY)
BOLD = FontFace(emphasis="BOLD", fill_color=LIGHT)
OK = (30, 107, 52)


def period_label(start: datetime.date, end: datetime.date) -> str:
    return _("From %(start)s to %(end)s") % {"start": long_date(start), "end": long_date(end)}


def _number(value) -> str:
    """French style (in French): "1 234", "12,5"; a dash for nothing."""
    if value is None:
        return "–"
    return number_format(value, decimal_pos=0 if value == int(value) else 1, force_grouping=True)


def _pct(value) -> str:
    return "–" if value is None else f"{_number(value)} %"


def _table(doc: Document, headings, rows, *, widths, total=None, size=8.5):
    """A table whose first column is text and the others figures; ``total`` is a last row in
    bold. fpdf2 repeats the headings on a new page."""
    doc.table_font(size)
    with doc.table(
        col_widths=widths,
        text_align=("LEFT",) + ("RIGHT",) * (len(widths) - 1),
        line_height=size * 0.55,
        headings_style=HEADINGS,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=ZEBRA,
        cell_fill_mode="ROWS",
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(clean(text))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(clean(value))
        if total is not None:
            row = table.row()
            for value in total:
                row.cell(clean(value), style=BOLD)
    doc.ln(3)


def _nothing(doc: Document, text: str):
    doc.write_line(text, size=10, color=MUTED)
    doc.ln(2)


STATUS_COLUMNS = ("seen", "no_show", "excused", "cancelled", "rescheduled", "pending")


def _status_headings(first: str) -> list[str]:
    return [
        first,
        pgettext("espap figures", "Held"),
        pgettext("espap figures", "No-show"),
        pgettext("espap figures", "Excused"),
        pgettext("espap figures", "Cancelled"),
        pgettext("espap figures", "Rescheduled"),
        pgettext("espap figures", "Pending"),
        pgettext("espap figures", "No-show rate"),
        pgettext("espap figures", "Call minutes"),
    ]


def _status_values(first: str, row: dict) -> list[str]:
    return [first, *[_number(row[code]) for code in STATUS_COLUMNS], _pct(row["no_show_rate"]), _number(row["minutes"])]


STATUS_WIDTHS = (42, 16, 17, 16, 17, 21, 16, 19, 18)


def _appointments(doc: Document, fig: dict):
    doc.heading(_("Video interviews per site"))
    rows = [row for row in fig["sites"] if row["total"]]
    if not fig["totals"]["total"]:
        _nothing(doc, _("No appointment in this period."))
        return
    _table(
        doc,
        _status_headings(pgettext("espap", "Site")),
        [_status_values(row["label"], row) for row in rows],
        widths=STATUS_WIDTHS,
        total=_status_values(_("Total"), fig["totals"]),
    )
    doc.heading(_("Video interviews per agency"))
    _table(
        doc,
        _status_headings(_("Agency")),
        [_status_values(row["label"], row) for row in fig["agencies"] if row["total"]],
        widths=STATUS_WIDTHS,
        total=_status_values(_("Total"), fig["totals"]),
    )
    doc.heading(_("Interviews held, month by month"))
    agencies = fig["month_agencies"]
    if not agencies:
        _nothing(doc, _("No interview held in this period."))
        return
    _table(
        doc,
        [_("Month"), *[agency["code"].upper() for agency in agencies], _("Total")],
        [
            [month["label"], *[_number(n) for n in month["by_agency"]], _number(month["total"])]
            for month in fig["months"]
        ],
        widths=(40, *[20] * len(agencies), 20),
    )


def _survey(doc: Document, fig: dict):
    doc.heading(_("Satisfaction survey"))
    survey = fig["survey"]
    if not survey["count"]:
        _nothing(doc, _("No answer to the survey in this period."))
        return
    doc.facts(
        [
            (_("Answers"), _number(survey["count"])),
            (_("Satisfied"), _pct(survey["satisfied_pct"])),
            (_("Would recommend"), _pct(survey["recommend_pct"])),
        ],
        label_width=50,
    )
    doc.ln(2)
    headings = [_("Answers"), _("Satisfied"), _("Would recommend")]
    _table(
        doc,
        [pgettext("espap", "Site"), *headings],
        [
            [row["label"], _number(s["count"]), _pct(s["satisfied_pct"]), _pct(s["recommend_pct"])]
            for row in fig["sites"]
            if (s := row["survey"])["count"]
        ],
        widths=(82, 30, 35, 35),
    )
    agencies = [row for row in fig["agencies"] if row["survey"]["count"]]
    if agencies:
        _table(
            doc,
            [_("Agency met by video"), *headings],
            [
                [row["label"], _number(s["count"]), _pct(s["satisfied_pct"]), _pct(s["recommend_pct"])]
                for row in agencies
                if (s := row["survey"])
            ],
            widths=(82, 30, 35, 35),
        )


def _label(doc: Document, warnings: list[dict]):
    doc.heading(_("Label follow-up"))
    if not warnings:
        _nothing(doc, _("No esp@p site to follow."))
        return
    for warning in warnings:
        if doc.get_y() > doc.h - 45:
            doc.add_page()
        site = warning["site"]
        doc.write_line(site.title, size=10.5, style="B", color=PRIMARY)
        week = warning["verdicts"][0].week if warning["verdicts"] else None
        facts = []
        if week is not None and week.known:
            facts.append(
                ngettext(
                    "%(hours)s over %(days)s day in a typical week",
                    "%(hours)s over %(days)s days in a typical week",
                    week.days,
                )
                % {"hours": format_hours(week.hours), "days": week.days}
            )
        facts.append(
            _("partners: %(partners)s")
            % {"partners": ", ".join(agency.code.upper() for agency in warning["agencies"]) or "–"}
        )
        facts.append(ngettext("%(n)s mediator", "%(n)s mediators", warning["agents"]) % {"n": warning["agents"]})
        doc.write_line(" · ".join(facts), size=8.5, color=MUTED)
        for verdict in warning["verdicts"]:
            if verdict.ok:
                doc.write_line(f"{verdict.ruleset.label} : {pgettext('espap label', 'compliant')}", size=9.5, color=OK)
                continue
            doc.write_line(verdict.ruleset.label, size=9.5, style="B", color=DANGER)
            for shortfall in verdict.shortfalls:
                doc.set_x(doc.l_margin + 4)
                doc.set_font("Helvetica", size=9.5)
                doc.set_text_color(*TEXT)
                doc.multi_cell(doc.epw - 4, 4.8, clean(f"• {shortfall.message}"), new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)


def _grids(doc: Document, fig: dict):
    doc.heading(_("Weekly counting grids"))
    info = fig["grids"]
    if not info["sites"]:
        _nothing(doc, _("No grid to follow."))
        return
    doc.write_line(
        ngettext("%(weeks)s week in the period.", "%(weeks)s weeks in the period.", info["weeks"])
        % {"weeks": info["weeks"]},
        size=9.5,
        color=MUTED,
    )
    doc.ln(1)
    _table(
        doc,
        [
            pgettext("espap", "Site"),
            _("Grids filled"),
            pgettext("espap grids", "Validated"),
            _("To validate"),
            _("Missing"),
        ],
        [
            [
                row["label"],
                _number(row["filled"]),
                _number(row["validated"]),
                _number(row["to_validate"]),
                _number(row["missing"]),
            ]
            for row in info["sites"]
        ],
        widths=(82, 25, 25, 25, 25),
    )
    _table(
        doc,
        [_("Service"), _("In validated grids"), _("In grids to validate"), _("Total")],
        [
            [str(row["label"]), _number(row["validated"]), _number(row["open"]), _number(row["total"])]
            for row in info["services"]
        ],
        widths=(82, 33, 34, 33),
    )


def meeting_pack(fig: dict, warnings: list[dict], *, made_on: datetime.date) -> bytes:
    """The pack, from ``selectors.figures`` and ``selectors.label_warnings`` of one member."""
    title = _("esp@p departmental follow-up meeting")
    doc = Document(title=title, footer=title)
    doc.add_page()
    doc.band(title, period_label(fig["start"], fig["end"]), scale=0.8)
    for line in fig["scope"]:
        doc.write_line(line, size=9.5, color=MUTED)
    doc.ln(2)
    totals, survey = fig["totals"], fig["survey"]
    doc.facts(
        [
            (_("Appointments"), _number(totals["total"])),
            (_("Interviews held"), _number(totals["seen"])),
            (pgettext("espap figures", "No-show rate"), _pct(totals["no_show_rate"])),
            (pgettext("espap figures", "Call minutes"), _number(totals["minutes"])),
            (_("Survey answers"), _number(survey["count"])),
        ],
        label_width=50,
    )
    _appointments(doc, fig)
    _survey(doc, fig)
    if fig["follows_sites"] or warnings:
        _label(doc, warnings)
        _grids(doc, fig)
    doc.ln(4)
    doc.write_line(_("Made by Maillage on %(date)s.") % {"date": long_date(made_on)}, size=8.5, color=MUTED)
    return doc.output_bytes()
