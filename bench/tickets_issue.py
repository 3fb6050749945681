"""Issuing a prescriber's batch of tickets from a spreadsheet: 500 lines (the network's yearly
target) through the import code, then through the import page, then the PDF of the batch.
Prints time and queries per ticket beside two references made in the same run and database: the
same 500 beneficiaries written with one bulk_create (the floor of writing the rows), and 500
bare ``Beneficiary`` + ``Ticket`` creates in autocommit (the floor of one transaction per ticket,
without the scheme's checks). Prints figures; not a test.

    .venv/bin/python bench/tickets_issue.py [N]

Uses a throw-away SQLite file (WAL, as ``make run`` serves it) in a temporary MAILLAGE_VAR_DIR,
migrated from scratch and deleted at the end; DATABASE_URL is ignored so no real database is
touched.
"""

import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ.pop("DATABASE_URL", None)
VAR_DIR = tempfile.mkdtemp(prefix="bench-tickets-")
os.environ["MAILLAGE_VAR_DIR"] = VAR_DIR

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

FIRST = ["Lucie", "Marc", "Inès", "Paul", "Élodie", "Hugo", "Zoé", "Rémi", "Chloé", "Noé", "Léa", "Jérôme"]
LAST = ["Bessières", "Delmas", "Garcia", "Martin", "Couderc", "Lacoste", "Roques", "Vidal", "Lafon", "Cayrou"]
COMMUNES = [("Cahors", "46000"), ("Figeac", "46100"), ("Gramat", "46500"), ("Souillac", "46200"), ("Martel", "46600")]


class QueryLog:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def make_rows(n: int, seed: int) -> list[dict]:
    from workspace.tickets.models import Public

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        commune, postcode = rng.choice(COMMUNES)
        rows.append(
            {
                "prenom": rng.choice(FIRST),
                "nom": f"{rng.choice(LAST)}-{seed}-{i}",  # no two alike: none is refused as a double
                "public": rng.choice(Public.values),
                "commune": commune,
                "code_postal": postcode,
                "courriel": f"personne{seed}.{i}@exemple.test" if i % 3 else "",
                "telephone": f"05 65 {i % 100:02d} {seed % 100:02d} {i // 100:02d}",
                "consentement": "oui",
            }
        )
    return rows


def make_csv(rows: list[dict]) -> bytes:
    """As Excel saves it in France: Windows-1252, semicolons."""
    from workspace.tickets.imports import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("cp1252")


def timed(label, n, run):
    queries = QueryLog()
    with connection.execute_wrapper(queries):
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
    print(
        f"{label:<58} {elapsed:>6.2f} s {elapsed * 1000 / n:>7.2f} ms/ticket "
        f"{queries.count:>6} queries ({queries.count / n:.2f}/ticket)"
    )
    return result


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    setup_test_environment()
    try:
        call_command("migrate", verbosity=0)
        run(n)
    finally:
        connection.close()
        shutil.rmtree(VAR_DIR, ignore_errors=True)


def run(n: int):
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone
    from pypdf import PdfReader

    from core import roles
    from workspace.people import services as people_services
    from workspace.tickets import imports
    from workspace.tickets.models import CONSENT_WORDING, Beneficiary, Framework, Organisation, Ticket

    prescriber = people_services.user_create(
        email="prescriptrice@exemple.test", password="x-bench-123", first_name="Paule", last_name="Prescriptrice"
    )
    roles.grant(prescriber, roles.PRESCRIBER)
    organisation = Organisation.objects.create(name="Conseil départemental du Lot")
    organisation.members.add(prescriber)
    framework = Framework.objects.get(is_default=True)
    print(f"{n} beneficiaries per batch, SQLite file in WAL mode ({connection.settings_dict['NAME']})")

    # References: the rows alone.
    def bulk():
        now = timezone.now()
        with transaction.atomic():
            return Beneficiary.objects.bulk_create(
                [
                    Beneficiary(
                        first_name=r["prenom"],
                        last_name=r["nom"],
                        public=r["public"],
                        commune=r["commune"],
                        postcode=r["code_postal"],
                        email=r["courriel"],
                        phone=r["telephone"],
                        consent_at=now,
                        consent_text=str(CONSENT_WORDING),
                    )
                    for r in make_rows(n, seed=1)
                ]
            )

    people = timed("reference: Beneficiary.bulk_create (1 transaction)", n, bulk)
    assert Beneficiary.objects.count() == n == len(people)

    def bare():
        today = timezone.localdate()
        for r in make_rows(n, seed=2):
            person = Beneficiary.objects.create(
                first_name=r["prenom"],
                last_name=r["nom"],
                public=r["public"],
                consent_at=timezone.now(),
                consent_text=str(CONSENT_WORDING),
            )
            Ticket.objects.create(
                organisation=organisation,
                issued_by=prescriber,
                beneficiary=person,
                issued_on=today,
                expires_on=today + relativedelta(months=12),
                framework=framework,
            )

    timed("reference: bare Beneficiary + Ticket creates (autocommit)", n, bare)
    assert Ticket.objects.count() == n

    # The import code.
    data = make_csv(make_rows(n, seed=3))
    report = timed(
        "imports.import_file (checks, 1 transaction per ticket)",
        n,
        lambda: imports.import_file(actor=prescriber, organisation=organisation, name="liste.csv", data=data),
    )
    assert len(report.issued) == n and not report.rejected, (len(report.issued), report.rejected[:3])
    assert Ticket.objects.count() == 2 * n

    # The page, as the prescriber uses it: upload, then the report page.
    client = Client()
    client.force_login(prescriber)
    upload = io.BytesIO(make_csv(make_rows(n, seed=4)))
    upload.name = "liste.csv"

    def page():
        response = client.post("/espace/tickets/emettre/fichier/", {"file": upload}, follow=True)
        assert response.status_code == 200, response.status_code
        return response

    response = timed("POST /espace/tickets/emettre/fichier/ (+ report page)", n, page)
    assert len(response.context["report"]["tickets"]) == n and not response.context["report"]["rejected"]
    assert Ticket.objects.count() == 3 * n
    print(f"{'':<58} report page: {len(response.content) / 1024:.0f} KiB")

    def batch_pdf():
        response = client.get("/espace/tickets/emettre/fichier/?pdf=1")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return response

    response = timed("GET ?pdf=1: the PDF of the batch (1 A4 page per ticket)", n, batch_pdf)
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == n
    last = Ticket.objects.filter(issued_by=prescriber).order_by("-pk").first()
    assert any(last.display_reference in page.extract_text() for page in pages[-3:])
    print(f"{'':<58} PDF: {len(response.content) / 1024:.0f} KiB, {len(pages)} pages")


if __name__ == "__main__":
    main()
