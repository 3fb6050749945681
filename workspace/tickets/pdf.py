"""The printed documents of the Ticket déclic scheme (fpdf2, pure Python, nothing downloaded): the
ticket with its QR code, the certificate of attendance and the payment statement.

Like the paper directory (``directory/pdf.py``) they use fpdf2's built-in Helvetica, here in
Windows-1252 (the PDF's WinAnsiEncoding) rather than Latin-1, so that the euro sign, « œ » and
the typographic quotes and dashes of French print as they are; the few characters outside it
(the narrow no-break space of French numbers…) are replaced by their closest form.

The QR code of a ticket is made with segno, written as a PNG in memory and embedded; it holds the
address of the registration page with the reference filled in, so the animator's phone opens it.
"""

import functools
import io
import unicodedata

import segno
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.text import fold
from workspace.tickets.models import FACE_VALUE, SESSION_HOURS, SESSIONS, Ticket

PRIMARY = (8, 62, 67)
ACCENT = (179, 64, 10)
DANGER = (190, 20, 20)
TEXT = (25, 25, 25)
MUTED = (90, 90, 90)
LIGHT = (230, 240, 240)
ZEBRA = (245, 248, 248)

QR_ERROR = "m"  # 15 % of the symbol may be smudged or folded and still read
QR_BORDER = 4  # the quiet zone the standard asks for, in modules
NEARBY_LIMIT = 6
PAGE_FORMATS = {"A4": (210, 297), "A5": (148, 210)}  # mm (fpdf2 warns when A5 is asked by name)

_REPLACE = str.maketrans({"\u202f": " ", "\u2009": " ", "\u2011": "-", "\u2212": "-", "≈": "~", "→": "->"})


def clean(text) -> str:
    """``text`` as Helvetica in Windows-1252 can print it: other characters become their closest
    form (accents dropped) or "?"."""
    text = str(text if text is not None else "").translate(_REPLACE)
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def long_date(day) -> str:
    """« 3 mars 2027 » in French (the active language's month names)."""
    return date_format(day, "j F Y") if day else ""


def short_date(day) -> str:
    """« 03/03/2027 »: for tables."""
    return day.strftime("%d/%m/%Y") if day else ""


class Document(FPDF):
    """A page of the scheme: Helvetica in Windows-1252, a footer with the page number."""

    def __init__(self, *, title: str, page_format: str = "A4", orientation: str = "P", footer: str = ""):
        super().__init__(orientation=orientation, format=PAGE_FORMATS[page_format])
        self.core_fonts_encoding = "windows-1252"
        self.footer_text = footer
        self.numbered = True
        self.set_title(title)
        self.set_author("Maillage")
        self.set_creator("Maillage")
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(14, 14, 14)

    def footer(self):
        if not self.numbered:
            return
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 6, clean(f"{self.footer_text} – {page}" if self.footer_text else page), align="C")

    # --- Writing helpers ---------------------------------------------------------------------

    def write_line(self, text, *, size=10, style="", color=TEXT, height=None, align="L"):
        self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.multi_cell(0, height or size * 0.5, clean(text), align=align, new_x="LMARGIN", new_y="NEXT")

    def band(self, title: str, subtitle: str = "", *, scale: float = 1.0):
        """The coloured band at the top of a document."""
        height = (30 if subtitle else 22) * scale
        self.set_fill_color(*PRIMARY)
        self.rect(0, 0, self.w, height, style="F")
        self.set_xy(self.l_margin, 6 * scale)
        self.set_font("Helvetica", "B", 24 * scale)
        self.set_text_color(255, 255, 255)
        self.cell(0, 11 * scale, clean(title), new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font("Helvetica", "B", 13 * scale)
            self.set_text_color(255, 214, 170)
            self.cell(0, 8 * scale, clean(subtitle), new_x="LMARGIN", new_y="NEXT")
        self.set_y(height + 6 * scale)

    def heading(self, text: str, *, size=13):
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(2)
        self.write_line(text, size=size, style="B", color=PRIMARY)
        self.set_draw_color(*ACCENT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def facts(self, rows, *, label_width=42, size=10):
        """Label: value lines."""
        for label, value in rows:
            self.set_font("Helvetica", "B", size)
            self.set_text_color(*MUTED)
            self.cell(label_width, size * 0.55, clean(label))
            self.set_font("Helvetica", "", size)
            self.set_text_color(*TEXT)
            self.multi_cell(0, size * 0.55, clean(value), new_x="LMARGIN", new_y="NEXT")

    def table_font(self, size=9.5):
        """The body of the next table: a table takes the font and colours current at its first
        row, fill included (the band left it dark)."""
        self.set_font("Helvetica", size=size)
        self.set_text_color(*TEXT)
        self.set_fill_color(255, 255, 255)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


# --- The ticket -------------------------------------------------------------------------------


def register_url(base_url: str, ticket) -> str:
    """What the QR code of ``ticket`` holds: the registration page with the reference filled in.
    ``base_url`` is the absolute address of ``tickets:register``."""
    return f"{base_url}?reference={ticket.reference}"


def qr_png(payload: str) -> bytes:
    """The QR code of ``payload``, as a black-and-white PNG."""
    buffer = io.BytesIO()
    segno.make(payload, error=QR_ERROR, micro=False).save(buffer, kind="png", scale=8, border=QR_BORDER)
    return buffer.getvalue()


def void_reason(ticket, today=None):
    """(stamp, sentence) when ``ticket`` can no longer be used, else None."""
    today = today or timezone.localdate()
    if ticket.status == Ticket.Status.CANCELLED:
        return _("CANCELLED"), _("This ticket was cancelled: it can no longer be used.")
    if ticket.status == Ticket.Status.EXPIRED or (ticket.is_open and ticket.expires_on < today):
        return _("EXPIRED"), _("This ticket expired on %(date)s: it can no longer be used.") % {
            "date": long_date(ticket.expires_on)
        }
    return None


@functools.cache
def _demo_communes() -> dict[str, tuple[float, float]]:
    from core.demo import network_data

    return {fold(c["commune"]): (c["lat"], c["lng"]) for c in network_data().get("demo_communes", [])}


class NearbyPlaces:
    """The partner places that take new learners, nearest first from a commune: its point is
    the network's list of communes (core/data/lot-network.yaml) or a place of the directory in
    it (same name, else same postcode). Loads the places once for a batch of tickets."""

    def __init__(self):
        from workspace.tickets.models import PartnerPlace

        self.partners = list(PartnerPlace.objects.filter(active=True, place__live=True).select_related("place"))
        self._points: dict[tuple[str, str], tuple[float, float] | None] = {}

    def point(self, commune: str, postcode: str = ""):
        commune, postcode = (commune or "").strip(), (postcode or "").strip()
        key = (fold(commune), postcode)
        if key not in self._points:
            self._points[key] = self._find(commune, postcode)
        return self._points[key]

    @staticmethod
    def _find(commune: str, postcode: str):
        from directory.models import PlacePage

        if not commune and not postcode:
            return None
        if commune and fold(commune) in _demo_communes():
            return _demo_communes()[fold(commune)]
        located = PlacePage.objects.filter(latitude__isnull=False, longitude__isnull=False)
        for lookup in ({"commune__iexact": commune} if commune else None, {"postcode": postcode} if postcode else None):
            if lookup:
                found = located.filter(**lookup).values_list("latitude", "longitude").first()
                if found:
                    return found
        return None

    def _partner_point(self, partner):
        place = partner.place
        if place.latitude is not None and place.longitude is not None:
            return (place.latitude, place.longitude)
        return self.point(place.commune, place.postcode)

    def near(self, commune: str = "", postcode: str = "", limit: int = NEARBY_LIMIT):
        """[(partner place, distance in km or None)], at most ``limit``: nearest first when the
        commune is located, else by name."""
        from directory.selectors import distance_km

        origin = self.point(commune, postcode)
        rows = []
        for partner in self.partners:
            where = self._partner_point(partner) if origin else None
            rows.append((partner, distance_km(origin, where) if origin and where else None))
        rows.sort(key=lambda row: (row[1] is None, row[1] or 0, fold(row[0].place.title)))
        return rows[:limit]


def _place_block(doc: Document, place, km, *, width: float, k: float):
    lines = [", ".join(p for p in (place.address, f"{place.postcode} {place.commune}".strip()) if p)]
    if place.phone:
        lines.append(_("Phone: %(phone)s") % {"phone": place.phone})
    if km is not None:
        lines.append(_("%(km)s km away") % {"km": f"{km:.0f}" if km >= 1 else "< 1"})
    doc.set_font("Helvetica", "B", 10 * k)
    doc.set_text_color(*TEXT)
    doc.multi_cell(width, 5 * k, clean(place.title), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 8.5 * k)
    doc.set_text_color(*MUTED)
    doc.multi_cell(width, 4 * k, clean("\n".join(lines)), new_x="LEFT", new_y="NEXT")


def _ticket_page(doc: Document, ticket, *, base_url: str, nearby: NearbyPlaces, today):
    small = doc.w < 200  # A5
    k = 0.78 if small else 1.0
    doc.add_page()
    doc.band(
        _("Ticket déclic"),
        _("%(value)s € – %(sessions)s sessions of %(hours)s hours")
        % {"value": FACE_VALUE, "sessions": SESSIONS, "hours": SESSION_HOURS},
        scale=k,
    )
    void = void_reason(ticket, today)
    top = doc.get_y()
    qr_size = (36 if small else 50) if not void else 0
    text_width = doc.epw - qr_size - (4 if qr_size else 0)

    doc.set_font("Helvetica", "B", 9 * k)
    doc.set_text_color(*MUTED)
    doc.cell(text_width, 5 * k, clean(_("Reference")), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Courier", "B", 30 * k)
    doc.set_text_color(*(DANGER if void else PRIMARY))
    doc.cell(text_width, 14 * k, clean(ticket.display_reference), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2 * k)
    person = ticket.beneficiary
    rows = [
        (_("Beneficiary"), person.full_name),
        (_("Issued on"), long_date(ticket.issued_on)),
        (_("Valid until"), long_date(ticket.expires_on)),
        (_("Prescriber"), ticket.organisation.name),
    ]
    for label, value in rows:
        doc.set_font("Helvetica", "B", 9 * k)
        doc.set_text_color(*MUTED)
        doc.cell(34 * k, 7 * k, clean(label))
        doc.set_font("Helvetica", "B", 13 * k)
        doc.set_text_color(*TEXT)
        doc.multi_cell(text_width - 34 * k, 7 * k, clean(value), new_x="LMARGIN", new_y="NEXT")
    if qr_size:
        x = doc.w - doc.r_margin - qr_size
        doc.image(io.BytesIO(qr_png(register_url(base_url, ticket))), x=x, y=top, w=qr_size, h=qr_size)
        doc.set_xy(x, top + qr_size)
        doc.set_font("Helvetica", "", 7 * k)
        doc.set_text_color(*MUTED)
        doc.multi_cell(
            qr_size,
            3.2 * k,
            clean(_("For the place: scan this code or type the reference to register the ticket.")),
            align="C",
        )
        doc.set_x(doc.l_margin)
    doc.set_y(max(doc.get_y(), top + qr_size + 14 * k) + 3 * k)

    if void:
        stamp, sentence = void
        doc.write_line(sentence, size=12 * k, style="B", color=DANGER)
        with doc.rotation(18, x=doc.w / 2, y=doc.h * 0.42), doc.local_context(fill_opacity=0.55):
            doc.set_font("Helvetica", "B", 80 * k)
            doc.set_text_color(*DANGER)
            width = doc.get_string_width(clean(stamp))
            doc.text(doc.w / 2 - width / 2, doc.h * 0.42, clean(stamp))
        return  # no places to go to with it
    doc.write_line(
        _(
            "Personal ticket, valid until %(date)s: bring it to one of the partner places below to start "
            "your workshops (a positioning interview, then %(sessions)s sessions of %(hours)s hours in small "
            "groups)."
        )
        % {"date": long_date(ticket.expires_on), "sessions": SESSIONS, "hours": SESSION_HOURS},
        size=10 * k,
    )
    places = nearby.near(person.commune, person.postcode)
    if not places:
        return
    located = any(km is not None for _partner, km in places)
    doc.ln(2 * k)
    doc.write_line(
        _("Partner places near you") if located else _("Partner places"), size=12 * k, style="B", color=PRIMARY
    )
    doc.set_draw_color(*ACCENT)
    doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
    doc.ln(1.5 * k)
    column = (doc.epw - 6) / 2
    for start in range(0, len(places), 2):
        y, bottom = doc.get_y(), doc.get_y()
        for offset, (partner, km) in enumerate(places[start : start + 2]):
            doc.set_xy(doc.l_margin + offset * (column + 6), y)
            _place_block(doc, partner.place, km, width=column, k=k)
            bottom = max(bottom, doc.get_y())
        doc.set_y(bottom + 2 * k)
    doc.set_x(doc.l_margin)


def render_tickets(tickets, *, base_url: str, page_format: str = "A4") -> bytes:
    """One page per ticket, in A4 or A5. ``base_url``: the absolute address of the registration
    page, that the QR codes hold with each reference."""
    tickets = list(tickets)
    title = _("Ticket déclic")
    if len(tickets) == 1:
        title = f"{title} {tickets[0].display_reference}"
    doc = Document(title=title, page_format=page_format)
    doc.numbered = False
    doc.set_auto_page_break(auto=False)
    doc.set_margins(14 if page_format == "A4" else 10, 14, 14 if page_format == "A4" else 10)
    nearby, today = NearbyPlaces(), timezone.localdate()
    for ticket in tickets:
        _ticket_page(doc, ticket, base_url=base_url, nearby=nearby, today=today)
    return doc.output_bytes()


# --- The certificate of attendance ------------------------------------------------------------


def _course_sentence(ticket, course) -> str:
    if ticket.status == Ticket.Status.COMPLETED:
        return _("Course completed on %(date)s.") % {"date": long_date(timezone.localdate(ticket.ended_at))}
    if ticket.status == Ticket.Status.CLOSED:
        return _("Course closed early on %(date)s.") % {"date": long_date(timezone.localdate(ticket.ended_at))}
    return _("Course in progress: %(n)s of %(total)s sessions attended.") % {
        "n": len(course["attended"]),
        "total": SESSIONS,
    }


def render_certificate(ticket, course: dict) -> bytes:
    """The certificate of attendance of ``ticket``: ``course`` is ``selectors.course_of(ticket)``."""
    title = _("Certificate of attendance")
    doc = Document(title=f"{title} {ticket.display_reference}", footer=f"{title} – {ticket.display_reference}")
    doc.add_page()
    doc.band(title, _("Ticket déclic"))
    place = ticket.place.place if ticket.place_id else None
    doc.facts(
        [
            (_("Beneficiary"), ticket.beneficiary.full_name),
            (_("Reference"), ticket.display_reference),
            (
                _("Place"),
                f"{place.title}, {place.commune}" if place else _("(not yet registered at a place)"),
            ),
            (_("Prescriber"), ticket.organisation.name),
            (_("Framework"), str(ticket.framework)),
        ]
    )
    doc.ln(2)
    doc.write_line(_course_sentence(ticket, course), size=11, style="B", color=PRIMARY)

    doc.heading(_("Sessions attended"))
    attended = course["attended"]
    if attended:
        doc.table_font(9.5)
        with doc.table(
            col_widths=(26, 154),
            text_align=("LEFT", "LEFT"),
            line_height=5.5,
            headings_style=FontFace(emphasis="BOLD", color=PRIMARY, fill_color=LIGHT),
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=ZEBRA,
            cell_fill_mode="ROWS",
        ) as table:
            heading = table.row()
            heading.cell(clean(_("Date")))
            heading.cell(clean(_("Module")))
            for enrolment in attended:
                row = table.row()
                row.cell(short_date(timezone.localtime(enrolment.session.starts_at)))
                row.cell(clean(str(enrolment.session.module)))
        doc.ln(2)
        doc.write_line(
            ngettext(
                "Total: %(hours)s hours of workshop (%(n)s session).",
                "Total: %(hours)s hours of workshops (%(n)s sessions).",
                len(attended),
            )
            % {"hours": course["hours"], "n": len(attended)},
            size=11,
            style="B",
        )
    else:
        doc.write_line(_("No session attended yet."), color=MUTED)

    doc.heading(_("Competences acquired"))
    acquired = course["acquired"]
    if not acquired:
        doc.write_line(_("No competence recorded as acquired yet."), color=MUTED)
    domain = None
    for row in acquired:
        if row["domain"] != domain:
            domain = row["domain"]
            doc.ln(1)
            doc.write_line(
                _("Domain %(code)s – %(title)s") % {"code": domain.code, "title": domain.title},
                size=10.5,
                style="B",
                color=PRIMARY,
            )
        when = row["acquired_on"]
        text = f"{row['competence'].code} {row['competence'].title} : {row['item'].text}"
        if when:
            text += " (" + _("acquired on %(date)s") % {"date": short_date(timezone.localtime(when))} + ")"
        doc.set_x(doc.l_margin + 4)
        doc.set_font("Helvetica", size=9.5)
        doc.set_text_color(*TEXT)
        doc.multi_cell(doc.epw - 4, 4.8, clean(f"• {text}"), align="L", new_x="LMARGIN", new_y="NEXT")
    doc.ln(6)
    doc.write_line(
        _("Issued by Maillage on %(date)s for the Ticket déclic scheme.") % {"date": long_date(timezone.localdate())},
        size=9,
        color=MUTED,
    )
    return doc.output_bytes()


# --- The payment statement --------------------------------------------------------------------


def render_statement(groups, *, total: int, count: int, period: str, place: str = "") -> bytes:
    """``groups``: [(place title, [line dicts], subtotal)], each line with the keys of
    ``views_documents.STATEMENT_COLUMNS``."""
    title = _("Payment statement")
    doc = Document(title=title, orientation="L", footer=f"{_('Ticket déclic')} – {title}")
    doc.add_page()
    doc.band(title, _("Ticket déclic"))
    lines = [period]
    if place:
        lines.append(place)
    lines.append(
        ngettext("%(n)s claim paid, %(total)s €", "%(n)s claims paid, %(total)s €", count)
        % {"n": count, "total": total}
    )
    for line in lines:
        doc.write_line(line, size=11, style="B", color=TEXT)
    doc.ln(3)
    if not groups:
        doc.write_line(_("No claim paid in this period."), color=MUTED)
        return doc.output_bytes()
    bold = FontFace(emphasis="BOLD", fill_color=LIGHT)
    doc.table_font(9)
    with doc.table(
        col_widths=(56, 28, 50, 26, 22, 26, 61),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"),
        line_height=5.5,
        headings_style=FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY),
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=ZEBRA,
        cell_fill_mode="ROWS",
    ) as table:
        heading = table.row()
        for label in (
            _("Place"),
            _("Ticket"),
            _("Beneficiary"),
            _("Completed on"),
            _("Amount (€)"),
            _("Paid on"),
            _("Payment reference"),
        ):
            heading.cell(clean(label))
        for place_title, rows, subtotal in groups:
            for line in rows:
                row = table.row()
                row.cell(clean(place_title))
                row.cell(clean(line["reference"]))
                row.cell(clean(line["beneficiary"]))
                row.cell(short_date(line["completed_on"]))
                row.cell(str(line["amount"]))
                row.cell(short_date(line["paid_on"]))
                row.cell(clean(line["payment_reference"]))
            row = table.row()
            row.cell(clean(_("Total %(place)s") % {"place": place_title}), colspan=4, style=bold)
            row.cell(str(subtotal), style=bold)
            row.cell("", colspan=2, style=bold)
        row = table.row()
        grand = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=ACCENT)
        row.cell(clean(_("Grand total")), colspan=4, style=grand)
        row.cell(str(total), style=grand)
        row.cell("", colspan=2, style=grand)
    return doc.output_bytes()
