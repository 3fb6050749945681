"""A tiny PDF writer for the demo documents: text pages in Helvetica, nothing downloaded.

It writes PDF 1.4 by hand (objects, cross-reference table, trailer), with the standard
Helvetica fonts in WinAnsiEncoding so that French accents print. Enough for study syntheses and
presentation handouts; not a general-purpose library.
"""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE = 15
WRAP = 88


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(title: str, paragraphs: list[str]):
    yield ("title", title)
    yield ("blank", "")
    for paragraph in paragraphs:
        if paragraph.startswith("# "):
            yield ("heading", paragraph[2:])
            continue
        for line in textwrap.wrap(paragraph, WRAP) or [""]:
            yield ("text", line)
        yield ("blank", "")


def make_pdf(title: str, paragraphs: list[str], *, footer: str = "") -> bytes:
    pages, current, y = [], [], PAGE_HEIGHT - MARGIN
    for kind, text in _lines(title, paragraphs):
        size = {"title": 18, "heading": 13}.get(kind, 11)
        font = "F2" if kind in {"title", "heading"} else "F1"
        step = LINE + (10 if kind == "title" else 4 if kind == "heading" else 0)
        if kind == "blank":
            y -= LINE // 2
            continue
        if y - step < MARGIN + 20:
            pages.append(current)
            current, y = [], PAGE_HEIGHT - MARGIN
        y -= step
        current.append(b"BT /%s %d Tf %d %d Td (%s) Tj ET" % (font.encode(), size, MARGIN, y, _escape(text)))
    pages.append(current)

    objects = []  # bodies of objects 1..n

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_id = add(b"")
    font_regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font_bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, commands in enumerate(pages, start=1):
        footer_line = f"{footer}   {number}/{len(pages)}" if footer else f"{number}/{len(pages)}"
        commands = commands + [b"BT /F1 9 Tf %d %d Td (%s) Tj ET" % (MARGIN, MARGIN - 20, _escape(footer_line))]
        stream = b"\n".join(commands)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id, PAGE_WIDTH, PAGE_HEIGHT, content, font_regular, font_bold)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title (%s) /Producer (Maillage) >>" % _escape(title))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
