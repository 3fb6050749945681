"""Demo files of the groups and the network space, made here (small PDFs, a CSV, a poster).
Found by (space, name): a second run adds nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.demo import demo_email
from workspace.files import services
from workspace.files.models import Folder, StoredFile


def pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII-safe), written by hand to need no library."""
    safe = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 60 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def poster(text: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), (13, 92, 99))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 570, 370), outline=(255, 191, 71), width=6)
    draw.text((60, 180), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


FILES = {
    "evaluation-espap": [
        (
            "animateur1",
            "Outils",
            "Grille de comptage hebdomadaire.csv",
            b"semaine;esp@p;organisme;service;nombre\n2026-W45;Gourdon;CAF;visio-accueil;6\n",
        ),
        ("animateur2", "Outils", "Analyse de la charte qualité RSP.pdf", pdf("Analyse de la charte qualite RSP")),
        ("animateur3", None, "Enquête de satisfaction – questionnaire.pdf", pdf("Enquete de satisfaction des usagers")),
    ],
    "communication": [
        ("communication", None, "Maquette annuaire 2027.pdf", pdf("Annuaire des EPM du Lot 2027 - maquette")),
        ("animateur8", "Affiches", "Affiche Fête de l'Internet.png", poster("Fete de l'Internet - EPM du Lot")),
    ],
    "ticket-declic-modules": [
        (
            "animateur4",
            None,
            "Module démarches en ligne – déroulé.pdf",
            pdf("Ticket declic : module demarches en ligne"),
        ),
    ],
    "network": [
        ("coordinateur", None, "Guide de l'animateur EPM.pdf", pdf("Guide de l'animateur des EPM du Lot")),
        ("coordinateur", None, "Charte du réseau.txt", "Charte du réseau des EPM du Lot\n".encode()),
    ],
}


@transaction.atomic
def load(*, groups: dict, log=print) -> None:
    User = get_user_model()
    created = 0
    for slug, files in FILES.items():
        space = groups.get(slug)
        if space is None or space.is_archived:
            continue
        for local, folder_name, name, content in files:
            if StoredFile.objects.filter(space=space, name=name).exists():
                continue
            author = User.objects.filter(email=demo_email(local)).first()
            if author is None:
                continue
            folder = None
            if folder_name:
                folder = Folder.objects.filter(space=space, name=folder_name, parent=None).first()
                if folder is None:
                    folder = services.folder_create(space=space, actor=author, name=folder_name)
            services.file_upload(space=space, actor=author, upload=SimpleUploadedFile(name, content), folder=folder)
            created += 1
    log(f"  {created} fichiers ajoutés")
