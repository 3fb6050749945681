"""Documents of the scheme: the ticket's PDF (A4/A5, QR code), the certificate of attendance,
the batch issue from a spreadsheet, the payment statement (CSV/PDF).

Who may have each is the policy's answer through ``shortcuts``, as for the pages: a ticket one
may not see is a 404, one they see but may not print a 403."""

import csv
import datetime
import io
import itertools
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workspace.tickets import imports, pdf, selectors
from workspace.tickets import permissions as policy
from workspace.tickets.models import CONSENT_WORDING, Claim, Organisation, PartnerPlace, Public, Ticket
from workspace.tickets.shortcuts import require, ticket_or_404

IMPORT_SESSION_KEY = "tickets_import_report"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # names of people: kept by no shared cache
    return response


def _register_base(request) -> str:
    return request.build_absolute_uri(reverse("tickets:register"))


def _page_format(request) -> str:
    return "A5" if request.GET.get("format", "").strip().lower() == "a5" else "A4"


# --- The ticket, the certificate -------------------------------------------------------------


@login_required
def ticket_pdf(request, reference):
    """The printable ticket, for its prescriber (and the manager): ?format=a5 for A5."""
    ticket = ticket_or_404(request.user, reference, policy.ISSUE)
    content = pdf.render_tickets([ticket], base_url=_register_base(request), page_format=_page_format(request))
    return _pdf_response(content, f"ticket-{ticket.display_reference}.pdf")


def _certificate(ticket) -> HttpResponse:
    content = pdf.render_certificate(ticket, selectors.course_of(ticket))
    return _pdf_response(content, f"attestation-{ticket.display_reference}.pdf")


@login_required
def certificate_pdf(request, reference):
    return _certificate(ticket_or_404(request.user, reference))


def log_pdf(request, token):
    """The certificate from the learner's log: no account, its personal link is the key. An
    erased beneficiary's link answers nothing."""
    ticket = (
        Ticket.objects.select_related("beneficiary", "organisation", "place__place", "framework")
        .filter(log_token=token, beneficiary__erased_at__isnull=True)
        .first()
    )
    if ticket is None or token.startswith("erased-"):
        raise Http404
    response = _certificate(ticket)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Issue from a spreadsheet ----------------------------------------------------------------


def _model_response() -> HttpResponse:
    response = HttpResponse(imports.model_file(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-tickets-declic.csv"'
    return response


def _last_import(request, user):
    """The tickets and rejected lines of the user's last import (kept in their session)."""
    saved = request.session.get(IMPORT_SESSION_KEY)
    if not saved:
        return None
    found = {
        t.reference: t
        for t in policy.tickets_for(user)
        .filter(reference__in=saved.get("issued", []))
        .select_related("beneficiary", "organisation")
    }
    return {
        "tickets": [found[ref] for ref in saved.get("issued", []) if ref in found],
        "rejected": [
            {"line": line, "name": name, "reason": reason} for line, name, reason in saved.get("rejected", [])
        ],
    }


@login_required
def issue_import(request):
    """A prescriber issues the tickets of a file of beneficiaries; the page then reports what
    was issued (with the PDFs) and every rejected line with its reason. ?modele=1: the model
    file; ?pdf=1: one PDF of the tickets of the last import."""
    user = request.user
    require(user, policy.ISSUE)
    if request.GET.get("modele"):
        return _model_response()
    if request.GET.get("pdf"):
        last = _last_import(request, user)
        # The tickets of one import share their organisation, on which ISSUE depends: the
        # policy is asked once per organisation, not once per page.
        allowed = {}
        tickets = []
        for ticket in (last or {}).get("tickets", []):
            if ticket.organisation_id not in allowed:
                allowed[ticket.organisation_id] = policy.can(user, policy.ISSUE, ticket)
            if allowed[ticket.organisation_id]:
                tickets.append(ticket)
        if not tickets:
            raise Http404
        content = pdf.render_tickets(tickets, base_url=_register_base(request), page_format=_page_format(request))
        return _pdf_response(content, "tickets-declic.pdf")
    organisations = Organisation.objects.filter(pk__in=policy.organisation_ids(user))
    form = imports.ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.import_file(
                actor=user, organisation=form.cleaned_data["organisation"], name=upload.name, data=upload.read()
            )
        except imports.FileRefused as error:
            form.add_error("file", str(error))
        else:
            request.session[IMPORT_SESSION_KEY] = report.as_session()
            if report.issued:
                n = len(report.issued)
                messages.success(request, ngettext("%(n)s ticket issued.", "%(n)s tickets issued.", n) % {"n": n})
            if report.rejected:
                n = len(report.rejected)
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s line rejected: see the reason below.", "%(n)s lines rejected: see the reasons below.", n
                    )
                    % {"n": n},
                )
            if not report.issued and not report.rejected:
                messages.warning(request, _("The file holds no beneficiary under its first line."))
            return redirect(reverse("tickets:import") + "?rapport=1")
    report = _last_import(request, user) if request.GET.get("rapport") else None
    return render(
        request,
        "tickets/import.html",
        {
            "section": "tickets",
            "form": form,
            "report": report,
            "publics": Public.choices,
            "consent_wording": CONSENT_WORDING,
            "max_lines": imports.MAX_LINES,
        },
    )


# --- The payment statement -------------------------------------------------------------------


class _Refused(Exception):
    pass


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FRENCH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _day(typed: str | None):
    typed = (typed or "").strip()
    if not typed:
        return None
    try:
        if _ISO_DAY.match(typed):
            return datetime.date.fromisoformat(typed)
        french = _FRENCH_DAY.match(typed)
        if french:
            day, month, year = map(int, french.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise _Refused(_("Invalid date “%(value)s”: use the format YYYY-MM-DD, e.g. 2026-03-31.") % {"value": typed[:30]})


def _period_label(start, end) -> str:
    if start and end:
        return _("From %(start)s to %(end)s") % {"start": pdf.long_date(start), "end": pdf.long_date(end)}
    if start:
        return _("Since %(start)s") % {"start": pdf.long_date(start)}
    if end:
        return _("Until %(end)s") % {"end": pdf.long_date(end)}
    return _("All periods")


def _statement(request) -> dict:
    """The PAID claims of the period (?du, ?au on paid_on) and place (?lieu), grouped by place."""
    require(request.user, policy.PAY)
    start, end = _day(request.GET.get("du")), _day(request.GET.get("au"))
    if start and end and start > end:
        raise _Refused(_("The start date is after the end date."))
    claims = Claim.objects.filter(status=Claim.Status.PAID).select_related("ticket__beneficiary", "place__place")
    place = None
    typed_place = (request.GET.get("lieu") or "").strip()
    if typed_place:
        if typed_place.isascii() and typed_place.isdigit() and len(typed_place) < 12:
            place = PartnerPlace.objects.select_related("place").filter(pk=int(typed_place)).first()
        if place is None:
            raise _Refused(_("Unknown place “%(value)s”.") % {"value": typed_place[:30]})
        claims = claims.filter(place=place)
    if start:
        claims = claims.filter(paid_on__gte=start)
    if end:
        claims = claims.filter(paid_on__lte=end)
    claims = claims.order_by("place__place__title", "place_id", "paid_on", "ticket__reference")
    groups, total, count = [], 0, 0
    for _place_id, items in itertools.groupby(claims, key=lambda c: c.place_id):
        lines = []
        for claim in items:
            ended = claim.ticket.ended_at or claim.opened_at
            lines.append(
                {
                    "reference": claim.ticket.display_reference,
                    "beneficiary": claim.ticket.beneficiary.full_name,
                    "completed_on": timezone.localdate(ended) if ended else None,
                    "amount": claim.amount,
                    "paid_on": claim.paid_on,
                    "payment_reference": claim.payment_reference,
                }
            )
        subtotal = sum(line["amount"] for line in lines)
        groups.append((claim.place.place.title, lines, subtotal))
        total += subtotal
        count += len(lines)
    return {
        "groups": groups,
        "total": total,
        "count": count,
        "period": _period_label(start, end),
        "place": place.place.title if place else "",
        "filename": "releve-paiements"
        + (f"-{start:%Y%m%d}" if start else "")
        + (f"-{end:%Y%m%d}" if end else "")
        + (f"-lieu{place.pk}" if place else ""),
    }


def _refused(error) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _spreadsheet_safe(value) -> str:
    """A text cell Excel will not read as a formula (a name typed as "=HYPERLINK(…)")."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def statement_csv(request):
    """The statement for Excel in France: UTF-8 with a BOM, semicolons, one line per claim, a
    total line per place and a grand total."""
    try:
        data = _statement(request)
    except _Refused as error:
        return _refused(error)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Place"),
            _("Ticket"),
            _("Beneficiary"),
            _("Completed on"),
            _("Amount (€)"),
            _("Paid on"),
            _("Payment reference"),
        ]
    )
    for title, lines, subtotal in data["groups"]:
        for line in lines:
            writer.writerow(
                [
                    _spreadsheet_safe(title),
                    line["reference"],
                    _spreadsheet_safe(line["beneficiary"]),
                    pdf.short_date(line["completed_on"]),
                    line["amount"],
                    pdf.short_date(line["paid_on"]),
                    _spreadsheet_safe(line["payment_reference"]),
                ]
            )
        writer.writerow([_spreadsheet_safe(_("Total %(place)s") % {"place": title}), "", "", "", subtotal, "", ""])
    writer.writerow([_("Grand total"), "", "", "", data["total"], "", ""])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{data["filename"]}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statement_pdf(request):
    try:
        data = _statement(request)
    except _Refused as error:
        return _refused(error)
    content = pdf.render_statement(
        data["groups"], total=data["total"], count=data["count"], period=data["period"], place=data["place"]
    )
    return _pdf_response(content, f"{data['filename']}.pdf")
