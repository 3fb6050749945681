"""Open data: the CSV export validates against the national schema; import; round trip."""

import io
import json

import pytest
from django.core.management import call_command
from frictionless import Resource, Schema, validate

from directory import services, vocabularies
from directory.models import PlacePage
from tests.directory.helpers import complete_place
from tests.factories import TerritoryFactory, territory_page

pytestmark = pytest.mark.django_db


def schema_errors(csv_text: str) -> list[str]:
    schema = Schema.from_descriptor(json.loads(vocabularies.SCHEMA_FILE.read_text(encoding="utf-8")))
    report = validate(Resource(data=csv_text.encode("utf-8"), format="csv", schema=schema))
    return [error.message for task in report.tasks for error in task.errors] + [e.message for e in report.errors]


def test_csv_export_validates_against_the_national_schema(client):
    complete_place(
        title="EPM de Cahors",
        services=["Aide aux démarches administratives"],
        publics=["Seniors"],
        fees=["Gratuit"],
        espap=True,
    )
    complete_place(title="Médiathèque", kind="mediatheque", latitude=None, longitude=None, other_emails="b@epm.test")
    response = client.get("/annuaire/export.csv")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.splitlines()[0].split(",")[:3] == ["id", "pivot", "nom"]
    assert "+33565123456" in text and "Aide aux démarches administratives" in text
    assert schema_errors(text) == []


def test_geojson_and_json_exports(client):
    complete_place(title="EPM de Cahors")
    geo = client.get("/annuaire/export.geojson").json()
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["coordinates"] == [1.441, 44.4475]
    assert geo["features"][0]["properties"]["nom"] == "EPM de Cahors"
    assert client.get("/annuaire/export.json").json()[0]["code_postal"] == "46000"


def test_the_schemas_own_example_imports_and_a_second_import_changes_nothing():
    territory = TerritoryFactory(name="Hors Lot")
    territory_page(territory)
    text = vocabularies.EXAMPLE_FILE.read_text(encoding="utf-8-sig")
    report = services.places_import(text=text, default_territory=territory)
    assert (report.created, report.rejected) == (1, [])
    place = PlacePage.objects.get(schema_id="structure-1")
    assert place.title == "Anonymal" and place.territory == territory
    assert place.phone == "01 80 05 98 80"
    assert place.services == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    assert place.emails == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]
    again = services.places_import(text=text, default_territory=territory)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_rejected_lines_are_reported_and_the_others_kept():
    territory = TerritoryFactory(name="Grand Cahors")
    territory_page(territory)
    header = ",".join(vocabularies.COLUMNS)
    good = services.places_to_csv([]).splitlines()[0]
    assert good == header
    rows = [
        {
            "id": "a",
            "nom": "Bon lieu",
            "commune": "Cahors",
            "code_postal": "46000",
            "adresse": "1 rue",
            "date_maj": "2026-01-02",
            "pivot": "12345678901234",
        },
        {
            "id": "b",
            "nom": "Sans code postal",
            "commune": "Cahors",
            "code_postal": "",
            "adresse": "1 rue",
            "date_maj": "2026-01-02",
        },
        {
            "id": "c",
            "nom": "Service inconnu",
            "commune": "Cahors",
            "code_postal": "46000",
            "adresse": "1 rue",
            "date_maj": "2026-01-02",
            "services": "Cuisine",
        },
        {
            "id": "d",
            "nom": "Mauvaise latitude",
            "commune": "Cahors",
            "code_postal": "46000",
            "adresse": "1 rue",
            "date_maj": "hier",
            "latitude": "nord",
        },
    ]
    out = io.StringIO()
    import csv

    writer = csv.DictWriter(out, fieldnames=vocabularies.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    report = services.places_import(text=out.getvalue(), default_territory=territory)
    assert report.created == 1
    rejected = {identifier: (line, reason) for line, identifier, reason in report.rejected}
    assert set(rejected) == {"b", "c", "d"}
    assert rejected["b"][0] == 3 and "code_postal" in rejected["b"][1]
    assert "Cuisine" in rejected["c"][1]
    assert "latitude" in rejected["d"][1] and "date_maj" in rejected["d"][1]
    assert PlacePage.objects.filter(schema_id="a").exists()


def test_round_trip_export_import_export_is_identical(client, django_db_blocker):
    cahors = TerritoryFactory(name="Grand Cahors")
    complete_place(
        cahors,
        title="EPM de Cahors",
        services=["Aide aux démarches administratives"],
        fees=["Gratuit"],
        pivot="21460042000019",
        other_websites="https://facebook.com/epm",
    )
    complete_place(
        cahors,
        title="Médiathèque",
        kind="mediatheque",
        description="Longue\nprésentation",
        publics=["Jeunes", "Seniors"],
    )
    first = client.get("/annuaire/export.csv").content.decode()
    # Import into a directory where the places do not exist yet.
    ids = list(PlacePage.objects.values_list("pk", flat=True))
    for page in PlacePage.objects.filter(pk__in=ids):
        page.delete()
    report = services.places_import(text=first, default_territory=cahors)
    assert report.created == 2 and report.rejected == []
    second = client.get("/annuaire/export.csv").content.decode()
    assert second == first


def test_import_command_reports_rejected_lines(tmp_path, capsys):
    territory = TerritoryFactory(name="Grand Cahors")
    territory_page(territory)
    path = tmp_path / "lieux.csv"
    path.write_text(
        vocabularies.EXAMPLE_FILE.read_text(encoding="utf-8-sig").replace('"51100"', '"511"'), encoding="utf-8"
    )
    out = io.StringIO()
    call_command("import_places", str(path), "--territory", territory.slug, stdout=out)
    assert "ligne 2 (structure-1) rejetée" in out.getvalue() and "code_postal" in out.getvalue()
    assert "1 rejetées" in out.getvalue()


@pytest.mark.parametrize(
    "column, vocabulary",
    [
        ("itinerance", vocabularies.ITINERANCE),
        ("services", vocabularies.SERVICES),
        ("publics_specifiquement_adresses", vocabularies.PUBLICS),
        ("prise_en_charge_specifique", vocabularies.SPECIFIC_SUPPORT),
        ("frais_a_charge", vocabularies.FEES),
        ("dispositif_programmes_nationaux", vocabularies.NATIONAL_PROGRAMMES),
        ("formations_labels", vocabularies.LABELS),
        ("modalites_acces", vocabularies.ACCESS_MODES),
        ("modalites_accompagnement", vocabularies.SUPPORT_MODES),
    ],
)
def test_vocabularies_are_the_schemas_own_values(column, vocabulary):
    """The choices offered in the admin are exactly the values the national schema accepts."""
    import re

    field = next(f for f in vocabularies.schema()["fields"] if f["name"] == column)
    pattern = field["constraints"]["pattern"]
    alternatives = re.search(r"\(\?:\^\|\\\|\)\((.*)\)\)\+\$$", pattern).group(1)
    # Split the alternation on the top-level "|" (the values contain escaped parentheses only).
    values, depth, current = [], 0, ""
    for i, char in enumerate(alternatives):
        escaped = i > 0 and alternatives[i - 1] == "\\"
        if char == "(" and not escaped:
            depth += 1
        elif char == ")" and not escaped:
            depth -= 1
        if char == "|" and depth == 0 and not escaped:
            values.append(current)
            current = ""
        else:
            current += char
    values.append(current)
    assert [re.sub(r"\\(.)", r"\1", v) for v in values] == vocabulary
    assert [c["name"] for c in vocabularies.schema()["fields"]] == vocabularies.COLUMNS
