"""Directory at national scale: 20,000 places. Prints import time, map API time and payload.

Run: MAILLAGE_VAR_DIR=/tmp/bench-dir .venv/bin/python bench/directory_scale.py [N]
(uses its own database under MAILLAGE_VAR_DIR; migrate first).
"""

import csv
import gzip
import io
import os
import random
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
os.environ.setdefault("MAILLAGE_VAR_DIR", "/tmp/bench-dir")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from directory import vocabularies as voc  # noqa: E402
from directory.models import PlacePage, Territory  # noqa: E402
from directory.services import places_import  # noqa: E402


def make_csv(n: int) -> str:
    rng = random.Random(46)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=voc.COLUMNS)
    writer.writeheader()
    for i in range(n):
        dept = rng.choice([f"{d:02d}" for d in range(1, 96) if d != 20])
        lat, lng = rng.uniform(42.5, 50.9), rng.uniform(-4.5, 7.8)
        if dept == "46":
            lat, lng = rng.uniform(44.25, 45.0), rng.uniform(1.0, 2.2)
        writer.writerow(
            {
                "id": f"bench-{i}",
                "pivot": f"{i:014d}",
                "nom": f"Lieu de médiation numérique {i}",
                "commune": f"Commune {dept}-{i % 300}",
                "code_postal": f"{dept}{i % 1000:03d}",
                "code_insee": f"{dept}{i % 1000:03d}",
                "adresse": f"{i % 90 + 1} rue de la République",
                "latitude": f"{lat:.5f}",
                "longitude": f"{lng:.5f}",
                "horaires": "Mo-Fr 09:00-12:00,14:00-18:00",
                "date_maj": "2026-11-01",
                "services": "|".join(rng.sample(voc.SERVICES, 3)),
            }
        )
    return out.getvalue()


def timed_get(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    body = response.content
    return elapsed, len(body), len(gzip.compress(body))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    call_command("migrate", verbosity=0)
    from directory import demo
    from home.demo import load_site

    demo.load(home=load_site(log=lambda *a: None), log=lambda *a: None)
    territory = Territory.objects.get(slug="grand-cahors")
    if PlacePage.objects.filter(schema_id__startswith="bench-").count() >= n:
        print(f"{n} bench places already imported (delete MAILLAGE_VAR_DIR to measure the import again)")
    else:
        text = make_csv(n)
        start = time.perf_counter()
        report = places_import(text=text, default_territory=territory)
        print(
            f"import of {n} lines: {time.perf_counter() - start:.1f} s "
            f"({report.created} created, {report.updated} updated, {len(report.rejected)} rejected)"
        )
    print(f"places in the directory: {PlacePage.objects.count()}")
    client = Client()
    for label, url in [
        ("map, whole of France (zoom 6)", "/annuaire/api/carte/?zoom=6&bbox=-5.5,41,10,51.5"),
        ("map, department 46 (zoom 9)", "/annuaire/api/carte/?zoom=9&bbox=0.9,44.2,2.3,45.1"),
        ("map, department filter", "/annuaire/api/carte/?departement=46"),
        ("list page (50 per page)", "/annuaire/"),
        ("list page, open now", "/annuaire/?ouvert=1"),
        ("list page, near a point", "/annuaire/?lat=44.6&lng=1.6"),
        ("API, first page", "/annuaire/api/lieux/"),
    ]:
        timed_get(client, url)
        elapsed, size, gz = timed_get(client, url)
        print(f"{label}: {elapsed * 1000:.0f} ms, {size / 1024:.0f} KiB, {gz / 1024:.0f} KiB gzip")


if __name__ == "__main__":
    main()
