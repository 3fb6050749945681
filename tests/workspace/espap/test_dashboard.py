"""esp@p's dashboard, its CSV exports and the meeting pack: who gets them, what each role sees
(a referent their territory, an advisor their agency), that nothing about an inhabitant leaves,
the label follow-up, and a page whose queries do not grow with the data."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from tests.workspace.espap.conftest import INHABITANT
from tests.workspace.espap.test_figures import build_dataset, save_partners
from workspace.espap import selectors, services

URL = "/espace/espap/tableau/"
PACK = "/espace/espap/tableau/reunion.pdf"
KINDS = ("rendez-vous", "grilles", "enquete", "sites")


def export_url(kind):
    return f"/espace/espap/tableau/export-{kind}.csv"


GOURDON_SHORTFALL = "15 h over 4 days: 9 h short"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def dataset(espap, make_appointment, make_slot):
    return build_dataset(espap, make_appointment, make_slot)


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- Who gets them -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [URL, export_url("rendez-vous"), PACK])
def test_the_three_views_by_role(client, espap, url):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert "/compte/connexion/" in client.get(url)["Location"]
    for user in (espap.coordinator, espap.referent, espap.other_referent, espap.advisor, espap.other_advisor):
        assert get(client, user, url).status_code == 200, user
    assert get(client, espap.member, url).status_code == 404  # outside the scheme: nothing here
    assert get(client, espap.plain_animator, url).status_code == 404
    assert get(client, espap.mediator, url).status_code == 403  # in the scheme, not the figures


@pytest.mark.django_db
def test_an_unknown_export_does_not_exist(client, espap):
    assert get(client, espap.coordinator, export_url("habitants")).status_code == 404
    assert get(client, espap.member, export_url("habitants")).status_code == 404


# --- What each role sees ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_sees_every_site_the_charts_and_the_label_warnings(client, espap, dataset):
    response = get(client, espap.coordinator)
    fig = response.context["fig"]
    assert fig["totals"]["total"] == 7 and fig["totals"]["seen"] == 2
    html = response.content.decode()
    assert "Cyber-base d&#x27;Assier" in html and "Cyber-base de Gourdon" in html
    for chart in ("chart-espap-months", "chart-espap-status", "chart-espap-satisfaction"):
        assert f'id="{chart}"' in html
    assert "25 %" in html  # the no-show rate
    assert GOURDON_SHORTFALL in html and "no employment-training partner" in html
    assert "compliant" in html  # Assier meets the 2008 rules
    for kind in KINDS:
        assert export_url(kind) in html
    assert PACK in html
    assert "Jeanne Vidal" not in html and INHABITANT["phone"] not in html


@pytest.mark.django_db
def test_a_referent_sees_their_territory_only(client, espap, dataset):
    html = get(client, espap.referent).content.decode()
    assert "Cyber-base d&#x27;Assier" in html
    assert "Cyber-base de Gourdon" not in html and GOURDON_SHORTFALL not in html
    assert "Caisse primaire" not in html  # the CPAM was met at Gourdon only
    other = get(client, espap.other_referent)
    html = other.content.decode()
    assert "Cyber-base de Gourdon" in html and GOURDON_SHORTFALL in html
    assert "Cyber-base d&#x27;Assier" not in html
    assert other.context["fig"]["totals"]["total"] == 2


@pytest.mark.django_db
def test_an_advisor_sees_their_agency_only_and_no_grid_or_label(client, espap, dataset):
    response = get(client, espap.other_advisor)  # the CPAM's
    fig = response.context["fig"]
    assert [row["code"] for row in fig["agencies"]] == ["cpam"] and fig["totals"]["total"] == 1
    html = response.content.decode()
    assert "Caisse d&#x27;allocations familiales" not in html
    assert "Label follow-up" not in html and "Weekly counting grids" not in html
    assert export_url("grilles") not in html and export_url("rendez-vous") in html
    rows = rows_of(get(client, espap.other_advisor, export_url("rendez-vous")))
    assert [row[4] for row in rows[1:]] == ["Caisse primaire d'assurance maladie"]
    assert rows_of(get(client, espap.other_advisor, export_url("grilles")))[1:] == []
    assert rows_of(get(client, espap.other_advisor, export_url("sites")))[1:] == []
    caf = get(client, espap.advisor).context["fig"]
    assert [row["code"] for row in caf["agencies"]] == ["caf"] and caf["totals"]["total"] == 6


# --- The period ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_period_defaults_to_the_last_two_months_and_can_be_chosen(client, espap, dataset):
    response = get(client, espap.coordinator)
    start, end = selectors.default_period()
    assert (response.context["fig"]["start"], response.context["fig"]["end"]) == (start, end)
    html = response.content.decode()
    assert "Last 2 months" in html and "This year" in html
    old = get(client, espap.coordinator, du="2020-01-01", au="2020-03-31")
    assert old.context["fig"]["totals"]["total"] == 0
    assert "No appointment in this period." in old.content.decode()
    assert 'id="chart-espap-status"' not in old.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"du": "demain", "au": "2026-01-01"},
        {"du": "2026-03-01", "au": "2026-01-01"},
        {"du": "0001-01-01", "au": "0001-02-01"},
        {"du": "2001-01-01", "au": "2099-01-01"},
        {"du": "2026-01-01"},
    ],
)
def test_a_wrong_period_is_said_and_the_last_two_months_shown(client, espap, params):
    response = get(client, espap.coordinator, **params)
    assert response.status_code == 200
    assert (response.context["fig"]["start"], response.context["fig"]["end"]) == selectors.default_period()
    messages = [str(m) for m in response.context["messages"]]
    assert "This period cannot be shown: the figures below cover the last two months." in messages
    client.force_login(espap.coordinator)
    assert client.get(export_url("rendez-vous"), params).status_code == 200
    assert client.get(PACK, params).status_code == 200


# --- The exports ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_exports_hold_nothing_about_an_inhabitant(client, espap, dataset):
    for kind in KINDS:
        response = get(client, espap.coordinator, export_url(kind))
        rows = rows_of(response)
        start, end = selectors.default_period()
        assert f"espap-{kind}-{start:%Y-%m-%d}_{end:%Y-%m-%d}.csv" in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        for value in INHABITANT.values():
            assert value not in text, (kind, value)
        assert len(rows) > 1, kind


@pytest.mark.django_db
def test_the_appointments_export_has_one_row_per_appointment(client, espap, dataset):
    rows = rows_of(get(client, espap.coordinator, export_url("rendez-vous")))
    header, body = rows[0], rows[1:]
    assert header == [
        "Date",
        "Time",
        "Site",
        "Territory",
        "Agency",
        "Advisor",
        "Status",
        "Subject category",
        "Call minutes",
    ]
    assert len(body) == 7
    seen = next(row for row in body if row[8])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert seen[:3] == [yesterday.strftime("%d/%m/%Y"), "08:00", "Cyber-base d'Assier"]
    assert seen[3:] == ["Grand-Figeac", "Caisse d'allocations familiales", "Isabelle Roques", "Seen", "Benefits", "12"]
    referent = rows_of(get(client, espap.referent, export_url("rendez-vous")))
    assert {row[2] for row in referent[1:]} == {"Cyber-base d'Assier"}


@pytest.mark.django_db
def test_an_export_cell_is_never_read_as_a_formula(client, espap, dataset):
    type(espap.advisor).objects.filter(pk=espap.advisor.pk).update(display_name='=HYPERLINK("http://x.example")')
    rows = rows_of(get(client, espap.coordinator, export_url("rendez-vous")))
    assert {row[5] for row in rows[1:] if "HYPERLINK" in row[5]} == {'\'=HYPERLINK("http://x.example")'}


@pytest.mark.django_db
def test_the_survey_export_leaves_the_comments_out(client, espap, dataset):
    rows = rows_of(get(client, espap.coordinator, export_url("enquete")))
    assert len(rows) == 6
    assert "Merci" not in "".join(";".join(row) for row in rows)
    assert rows[0] == [
        "Site",
        "Date",
        "Agency met by video",
        "Satisfaction (1 to 4)",
        "Would recommend",
        "Services used",
    ]
    assert rows[1] == [
        "Cyber-base d'Assier",
        timezone.localdate().strftime("%d/%m/%Y"),
        "Caisse d'allocations familiales",
        "4",
        "yes",
        "Help with online public services",
    ]


@pytest.mark.django_db
def test_the_grids_and_sites_exports(client, espap, dataset):
    grids = rows_of(get(client, espap.coordinator, export_url("grilles")))
    assert len(grids) == 4
    assier = [row for row in grids[1:] if row[0] == "Cyber-base d'Assier"]
    week = services.monday(timezone.localdate())
    this_week = next(row for row in assier if row[2] == week.strftime("%G-W%V"))
    assert this_week[4] == "3" and this_week[-2] == "yes"
    sites = rows_of(get(client, espap.coordinator, export_url("sites")))
    gourdon = next(row for row in sites[1:] if row[0] == "Cyber-base de Gourdon")
    assert gourdon[3:7] == ["15 h", "4", "CAF, CPAM", "1"]
    assert any(GOURDON_SHORTFALL in cell for cell in gourdon[7:])
    other = rows_of(get(client, espap.other_referent, export_url("sites")))
    assert [row[0] for row in other[1:]] == ["Cyber-base de Gourdon"]


# --- The meeting pack -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_pack_holds_the_figures_and_the_label_warnings(client, espap, dataset):
    text = pdf_text(get(client, espap.coordinator, PACK))
    assert "esp@p departmental follow-up meeting" in text
    assert "Cyber-base de Gourdon" in text and "Caisse primaire" in text
    assert GOURDON_SHORTFALL in text
    assert "Satisfaction survey" in text and "Weekly counting grids" in text
    assert "Jeanne Vidal" not in text


@pytest.mark.django_db
def test_the_meeting_pack_with_no_data(client, espap):
    save_partners(espap)
    text = pdf_text(get(client, espap.referent, PACK, du="2020-01-01", au="2020-02-29"))
    assert "No appointment in this period." in text
    assert "Cyber-base d'Assier" in text  # its label follow-up
    assert "Cyber-base de Gourdon" not in text
    advisor = pdf_text(get(client, espap.advisor, PACK))
    assert "Label follow-up" not in advisor


@pytest.mark.django_db
def test_the_meeting_pack_prints_french_as_it_is(client, espap, dataset):
    from django.utils import translation
    from django.utils.formats import date_format

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    text = pdf_text(get(client, espap.coordinator, PACK))
    with translation.override("fr"):
        today = date_format(timezone.localdate(), "j F Y")  # « 4 décembre 2026 », accents kept
    assert today in text and "Cyber-base d'Assier" in text


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_whatever_the_data(client, espap, dataset, make_appointment):
    def count(user, url=URL):
        client.force_login(user)
        client.get(url)  # warm the process-wide caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {user.pk: count(user) for user in (espap.coordinator, espap.referent, espap.advisor)}
    for hour in range(6, 20):
        appointment = make_appointment(past=3, days=2, hour=hour)
        services.appointment_outcome(actor=espap.advisor, appointment=appointment, status="no_show")
    for user in (espap.coordinator, espap.referent, espap.advisor):
        assert count(user) == before[user.pk], user
        assert before[user.pk] <= 36, before  # a dozen are the workspace frame (session, menu, bell)
    assert count(espap.coordinator, PACK) <= 20
