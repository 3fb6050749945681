"""The paper directory: every place grouped by territory, as a PDF (fpdf2, pure Python).

fpdf2's built-in Helvetica covers Latin-1; the few French characters outside it (œ, typographic
quotes and dashes) are replaced by their closest Latin-1 form.
"""

from django.utils import timezone
from fpdf import FPDF

_REPLACE = str.maketrans(
    {"œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u202f": " "}
)


def _latin1(text) -> str:
    return str(text or "").translate(_REPLACE).encode("latin-1", "replace").decode("latin-1")


class _Directory(FPDF):
    title_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, _latin1(f"{self.title_text} - page {self.page_no()}/{{nb}}"), align="C")


def render(groups, *, title: str) -> bytearray:
    doc = _Directory(format="A4")
    doc.title_text = title
    doc.set_title(_latin1(title))
    doc.set_author("Maillage")
    doc.set_auto_page_break(auto=True, margin=16)
    doc.add_page()
    doc.set_font("Helvetica", "B", 22)
    doc.set_text_color(8, 62, 67)
    doc.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", size=10)
    doc.set_text_color(60, 60, 60)
    count = sum(len(places) for _t, places in groups)
    doc.multi_cell(
        0, 6, _latin1(f"{count} lieux - édition du {timezone.localdate():%d/%m/%Y}"), new_x="LMARGIN", new_y="NEXT"
    )
    for territory, places in groups:
        doc.ln(4)
        doc.set_font("Helvetica", "B", 15)
        doc.set_text_color(8, 62, 67)
        doc.multi_cell(0, 8, _latin1(territory.name), new_x="LMARGIN", new_y="NEXT")
        doc.set_draw_color(179, 64, 10)
        doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
        doc.ln(2)
        for place in places:
            if doc.get_y() > doc.h - 50:
                doc.add_page()
            doc.set_font("Helvetica", "B", 11)
            doc.set_text_color(20, 20, 20)
            badges = " ".join(b for b, on in (("[esp@p]", place.espap), ("[Ticket déclic]", place.ticket_declic)) if on)
            doc.multi_cell(0, 6, _latin1(f"{place.title} {badges}".strip()), new_x="LMARGIN", new_y="NEXT")
            doc.set_font("Helvetica", size=9)
            doc.set_text_color(50, 50, 50)
            address = ", ".join(p for p in (place.address, f"{place.postcode} {place.commune}".strip()) if p)
            lines = [address]
            contact = " - ".join(p for p in (place.phone, place.email) if p)
            if contact:
                lines.append(contact)
            if place.opening_hours:
                lines.append("Horaires : " + place.hours_summary)
            if place.services:
                lines.append("Services : " + ", ".join(place.services))
            doc.multi_cell(0, 4.6, _latin1("\n".join(lines)), new_x="LMARGIN", new_y="NEXT")
            doc.ln(2.5)
    return doc.output()
