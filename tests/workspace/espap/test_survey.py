"""The satisfaction survey: when it is open, the anonymous public form, its guards (honeypot,
throttle, CSRF), who reads which answers, the figures and charts, the poster and the period."""

import datetime
import io
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from workspace.espap import survey
from workspace.espap.models import SurveyAnswer, SurveyPeriod
from workspace.espap.services import EspapError

GOOD = {
    "services": ["online_help", "visio"],
    "agency": "caf",
    "heard_from": "town_hall",
    "satisfaction": "4",
    "mediator_help": "3",
    "recommend": "yes",
    "come_back": "no",
    "age": "seniors",
    "comment": "Très bien reçue.",
}


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def form_url(site):
    return reverse("espap-public:survey", args=[site.pk])


def open_network(espap, start=-30, end=30):
    return survey.period_set(actor=espap.coordinator, opens_on=days(start), closes_on=days(end))


def answer(site, day=None, **values):
    cleaned = {
        "services": ["online_help"],
        "agency": "",
        "satisfaction": 4,
        "recommend": True,
        **values,
    }
    return survey.answer_submit(site=site, cleaned=cleaned, day=day or today())


def en(client):
    """The client reads the pages in English (the source strings)."""
    client.cookies["django_language"] = "en"
    return client


# --- When it is open ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_set_the_survey_is_closed_and_the_page_gives_the_sites_contact(client, espap):
    assert survey.period_for(espap.assier) is None
    assert not survey.is_open(espap.assier, today())
    response = en(client).get(form_url(espap.assier))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not open at the moment" in html
    assert "05 65 00 00 10" in html  # the site's phone
    assert 'name="satisfaction"' not in html
    response = client.post(form_url(espap.assier), GOOD)
    assert response.status_code == 200 and SurveyAnswer.objects.count() == 0


@pytest.mark.django_db
def test_the_network_period_opens_every_site_for_six_months_by_default(espap):
    period = survey.period_set(actor=espap.coordinator, opens_on=today())
    assert period.site is None and period.closes_on == today() + relativedelta(months=6)
    for site in (espap.assier, espap.gourdon):
        assert survey.is_open(site, today())
        assert survey.is_open(site, period.closes_on)
        assert not survey.is_open(site, days(-1))
        assert not survey.is_open(site, period.closes_on + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_a_site_period_overrides_the_network(client, espap):
    open_network(espap)
    survey.period_set(actor=espap.coordinator, site=espap.assier, opens_on=days(10), closes_on=days(40))
    assert not survey.is_open(espap.assier, today())
    assert survey.is_open(espap.gourdon, today())
    assert survey.is_open(espap.assier, days(35))  # after the network's end: the site's own period
    html = en(client).get(form_url(espap.assier)).content.decode()
    assert "It opens on" in html
    assert 'name="satisfaction"' in client.get(form_url(espap.gourdon)).content.decode()
    survey.period_clear(actor=espap.coordinator, site=espap.assier)
    assert survey.is_open(espap.assier, today())


@pytest.mark.django_db
def test_the_network_row_is_updated_in_place(espap):
    first = open_network(espap)
    second = survey.period_set(actor=espap.coordinator, opens_on=days(1), closes_on=days(90))
    assert first.pk == second.pk
    assert SurveyPeriod.objects.filter(site__isnull=True).count() == 1
    assert survey.network_period().closes_on == days(90)


@pytest.mark.django_db
def test_only_the_coordinator_sets_a_period_and_it_cannot_end_before_it_starts(espap):
    for someone in (espap.referent, espap.mediator, espap.advisor, espap.member):
        with pytest.raises(EspapError) as refused:
            survey.period_set(actor=someone, opens_on=today())
        assert refused.value.code == "forbidden"
    with pytest.raises(EspapError) as refused:
        survey.period_set(actor=espap.coordinator, opens_on=today(), closes_on=days(-1))
    assert refused.value.code == "dates"
    with pytest.raises(EspapError):
        survey.period_set(actor=espap.coordinator, site=espap.figeac, opens_on=today())
    assert not SurveyPeriod.objects.exists()


# --- The public form -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_states_its_real_number_of_questions(client, espap):
    open_network(espap)
    espap.assier.save(update_fields=["espap_agencies"])  # a ParentalManyToManyField is written on save
    response = en(client).get(form_url(espap.assier))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(survey.QUESTIONS)} questions" in html
    assert html.count('<li class="ep-question') == len(survey.QUESTIONS)
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Caisse d'allocations familiales" in html or "Caisse d&#x27;allocations familiales" in html
    assert "Caisse primaire" not in html  # not a partner of Assier
    # the public page of the site, not the workspace
    assert "ws-layout" not in html and "site-header" in html


@pytest.mark.django_db
def test_an_answer_is_stored_anonymously_with_its_typed_columns(client, espap):
    open_network(espap)
    response = client.post(form_url(espap.assier), GOOD, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Robot/1.0")
    assert response.status_code == 302 and response["Location"].endswith("?merci=1")
    stored = SurveyAnswer.objects.get()
    assert stored.site == espap.assier and stored.answered_on == today()
    assert stored.satisfaction == 4 and stored.would_recommend is True and stored.agency == espap.caf
    assert stored.comment == "Très bien reçue."
    assert stored.answers == {
        "services": ["online_help", "visio"],
        "agency": "caf",
        "heard_from": "town_hall",
        "satisfaction": 4,
        "mediator_help": 3,
        "recommend": True,
        "come_back": False,
        "age": "seniors",
    }
    # nothing that says who answered: no account, no address, no browser, no time of day
    fields = {field.name for field in SurveyAnswer._meta.get_fields()}
    assert fields == {"id", "site", "agency", "answered_on", "answers", "satisfaction", "would_recommend", "comment"}
    assert "203.0.113.7" not in json.dumps(stored.answers) and "Robot" not in json.dumps(stored.answers)
    assert en(client).get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_no_agency_and_no_optional_answers(client, espap):
    open_network(espap)
    data = {"services": ["scan_print_send"], "agency": "none", "satisfaction": "2", "recommend": "no"}
    assert client.post(form_url(espap.gourdon), data).status_code == 302
    stored = SurveyAnswer.objects.get()
    assert stored.agency is None and stored.would_recommend is False and stored.satisfaction == 2
    assert stored.answers == {"services": ["scan_print_send"], "agency": "none", "satisfaction": 2, "recommend": False}
    assert stored.comment == ""


@pytest.mark.django_db
def test_bad_answers_are_shown_again_with_messages_and_kept(client, espap):
    open_network(espap)
    data = {**GOOD, "satisfaction": "", "recommend": "", "comment": "Une remarque à garder"}
    response = en(client).post(form_url(espap.assier), data)
    assert response.status_code == 400 and not SurveyAnswer.objects.exists()
    html = response.content.decode()
    assert "Your answer was not sent" in html
    assert html.count("Please answer this question.") == 2
    assert "Une remarque à garder" in html
    form = response.context["form"]
    assert form["services"].value() == ["online_help", "visio"] and form["age"].value() == "seniors"
    # values that are not choices, an agency that does not exist, a comment too long
    for bad in (
        {"satisfaction": "7"},
        {"recommend": "maybe"},
        {"services": ["nothing"]},
        {"agency": "urssaf"},
        {"comment": "x" * 1001},
        {"services": []},
    ):
        response = client.post(form_url(espap.assier), {**GOOD, **bad})
        assert response.status_code == 400, bad
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_the_comment_is_plain_text_shown_escaped(client, espap):
    open_network(espap)
    client.post(form_url(espap.assier), {**GOOD, "comment": "<script>alert(1)</script> <b>bien</b>"})
    assert SurveyAnswer.objects.get().comment == "<script>alert(1)</script> <b>bien</b>"
    client.force_login(espap.coordinator)
    html = client.get(reverse("espap:survey")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bien&lt;/b&gt;" in html


@pytest.mark.django_db
def test_the_honeypot_silently_drops_the_answer(client, espap):
    open_network(espap)
    response = client.post(form_url(espap.assier), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("?merci=1")
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_a_connection_is_throttled_without_keeping_its_address(client, espap):
    from django.core.cache import cache

    open_network(espap)
    for _n in range(survey.THROTTLE_ANSWERS):
        assert client.post(form_url(espap.assier), GOOD, REMOTE_ADDR="198.51.100.4").status_code == 302
    response = client.post(form_url(espap.assier), GOOD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert SurveyAnswer.objects.count() == survey.THROTTLE_ANSWERS
    # another connection still answers
    assert client.post(form_url(espap.assier), GOOD, REMOTE_ADDR="198.51.100.5").status_code == 302
    from core import throttle

    key = throttle.key("espap-survey", "198.51.100.4")
    assert "198.51.100.4" not in key and cache.get(key) > survey.THROTTLE_ANSWERS


@pytest.mark.django_db
def test_the_form_is_protected_against_cross_site_posts(espap):
    open_network(espap)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(form_url(espap.assier), GOOD).status_code == 403
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_a_place_that_is_not_a_live_esp_at_p_site_has_no_survey(client, espap):
    open_network(espap)
    assert client.get(form_url(espap.figeac)).status_code == 404
    assert client.post(form_url(espap.figeac), GOOD).status_code == 404
    assert client.get(reverse("espap-public:survey", args=[999999])).status_code == 404
    espap.gourdon.unpublish()
    assert client.get(form_url(espap.gourdon)).status_code == 404
    with pytest.raises(EspapError):
        answer(espap.figeac)
    assert not SurveyAnswer.objects.exists()


# --- Who reads what ------------------------------------------------------------------------------


@pytest.fixture
def answered(espap):
    """Six answers: four at Assier (two naming the CAF, one ANPE, one no agency), two at Gourdon
    (CPAM, CAF)."""
    open_network(espap, start=-60, end=60)
    rows = [
        answer(espap.assier, agency="caf", satisfaction=4, recommend=True, come_back=True, comment="Parfait"),
        answer(espap.assier, agency="caf", satisfaction=3, recommend=True, come_back=False),
        answer(espap.assier, agency="anpe", satisfaction=2, recommend=False, day=days(-20), comment="Trop d'attente"),
        answer(espap.assier, agency="none", satisfaction=4, recommend=True, day=days(-40)),
        answer(espap.gourdon, agency="cpam", satisfaction=1, recommend=False, comment="Rien compris"),
        answer(espap.gourdon, agency="caf", satisfaction=3, recommend=True),
    ]
    return rows


def _results(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("espap:survey"), params)
    assert response.status_code == 200, user
    return response


def _by_label(rows):
    return {row["label"]: row for row in rows}


@pytest.mark.django_db
def test_the_coordinator_reads_every_answer_with_the_right_percentages(client, espap, answered):
    fig = _results(client, espap.coordinator).context["fig"]
    total = fig["total"]
    assert total["n"] == 6
    assert total["satisfied_pct"] == 67  # 4 of 6 (3 or 4)
    assert total["recommend_pct"] == 67  # 4 of 6
    assert total["come_back_pct"] == 50  # 1 of the 2 who answered it
    sites = _by_label(fig["sites"])
    assert sites["Cyber-base d'Assier"]["n"] == 4
    assert sites["Cyber-base d'Assier"]["satisfied_pct"] == 75
    assert sites["Cyber-base d'Assier"]["recommend_pct"] == 75
    assert sites["Cyber-base de Gourdon"]["n"] == 2
    assert sites["Cyber-base de Gourdon"]["satisfied_pct"] == 50
    agencies = {row["agency_id"]: row for row in fig["agencies"]}
    assert agencies[espap.caf.pk]["n"] == 3 and agencies[espap.caf.pk]["satisfied_pct"] == 100
    assert agencies[espap.cpam.pk]["satisfied_pct"] == 0 and agencies[espap.anpe.pk]["recommend_pct"] == 0
    assert agencies[None]["n"] == 1 and fig["agencies"][-1]["agency_id"] is None
    assert [(row["value"], row["n"]) for row in fig["levels"]] == [(4, 2), (3, 2), (2, 1), (1, 1)]
    assert [answer.comment for answer in fig["comments"]] == ["Rien compris", "Parfait", "Trop d'attente"]


@pytest.mark.django_db
def test_the_results_have_their_charts_with_a_table_beside_each(client, espap, answered):
    html = _results(client, espap.coordinator).content.decode()
    assert 'id="chart-survey-sites"' in html and 'id="chart-survey-levels"' in html
    assert html.count("data-chart>") == 2 and 'data-chart-type="bar"' in html and 'data-chart-type="doughnut"' in html
    fig = _results(client, espap.coordinator).context["fig"]
    bars = json.loads(fig["site_chart"]["datasets"])
    assert bars["data"] == [["Cyber-base d'Assier", "Cyber-base de Gourdon"], [75, 50], [75, 50]]
    doughnut = json.loads(fig["level_chart"]["datasets"])
    assert doughnut["data"] == [[""], [2], [2], [1], [1]]
    assert html.count("<table") >= 3  # per site, per level, per agency


@pytest.mark.django_db
def test_the_dates_filter_the_answers(client, espap, answered):
    fig = _results(client, espap.coordinator, du=days(-25).isoformat(), au=days(-10).isoformat()).context["fig"]
    assert fig["total"]["n"] == 1 and fig["total"]["satisfied_pct"] == 0
    fig = _results(client, espap.coordinator, du=days(-5).isoformat()).context["fig"]
    assert fig["total"]["n"] == 4
    response = _results(client, espap.coordinator, du=days(1).isoformat(), au=days(-1).isoformat())
    assert response.context["filters"].errors and response.context["fig"]["total"]["n"] == 6
    assert _results(client, espap.coordinator, du="n'importe quoi").context["fig"]["total"]["n"] == 6


@pytest.mark.django_db
def test_a_mediator_reads_their_site_only(client, espap, answered):
    response = _results(client, espap.mediator)
    fig = response.context["fig"]
    assert fig["total"]["n"] == 4 and [row["label"] for row in fig["sites"]] == ["Cyber-base d'Assier"]
    assert "Rien compris" not in response.content.decode()
    assert [row["site"] for row in response.context["sites"]] == [espap.assier]


@pytest.mark.django_db
def test_an_advisor_reads_the_answers_naming_their_agency_only(client, espap, answered):
    fig = _results(client, espap.advisor).context["fig"]
    assert fig["total"]["n"] == 3
    assert {row["agency_id"] for row in fig["agencies"]} == {espap.caf.pk}
    assert {row["label"]: row["n"] for row in fig["sites"]} == {"Cyber-base d'Assier": 2, "Cyber-base de Gourdon": 1}
    assert [answer.comment for answer in fig["comments"]] == ["Parfait"]
    assert _results(client, espap.other_advisor).context["fig"]["total"]["n"] == 1


@pytest.mark.django_db
def test_a_referent_reads_their_territory_only(client, espap, answered):
    fig = _results(client, espap.referent).context["fig"]
    assert fig["total"]["n"] == 4 and [row["label"] for row in fig["sites"]] == ["Cyber-base d'Assier"]
    fig = _results(client, espap.other_referent).context["fig"]
    assert fig["total"]["n"] == 2 and [row["label"] for row in fig["sites"]] == ["Cyber-base de Gourdon"]


@pytest.mark.django_db
def test_members_outside_the_scheme_find_no_results(client, espap, answered):
    for someone in (espap.member, espap.plain_animator):
        client.force_login(someone)
        assert client.get(reverse("espap:survey")).status_code == 404
        assert survey.answers_for(someone).count() == 0
    client.logout()
    assert client.get(reverse("espap:survey")).status_code == 302  # to the login page


@pytest.mark.django_db
def test_the_results_cost_the_same_queries_however_many_answers(client, espap, answered, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(espap.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("espap:survey"))
    for n in range(30):
        answer(espap.gourdon if n % 2 else espap.assier, agency=("caf", "cpam", "anpe", "none")[n % 4], comment=f"n{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("espap:survey"))
    assert response.context["fig"]["total"]["n"] == 36


# --- The poster -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_poster_is_a_pdf_with_the_site_and_its_survey_address(client, espap, settings):
    from pypdf import PdfReader

    settings.WAGTAILADMIN_BASE_URL = "https://maillage.example.org"
    open_network(espap)
    client.force_login(espap.mediator)
    response = client.get(reverse("espap:poster", args=[espap.assier.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Cyber-base d'Assier" in text or "Cyber-base d’Assier" in text
    assert f"maillage.example.org/espap/enquete/{espap.assier.pk}/" in text
    # any member who sees the site prints any site's poster; outsiders find nothing
    client.force_login(espap.advisor)
    assert client.get(reverse("espap:poster", args=[espap.gourdon.pk])).status_code == 200
    client.force_login(espap.member)
    assert client.get(reverse("espap:poster", args=[espap.assier.pk])).status_code == 404
    client.force_login(espap.coordinator)
    assert client.get(reverse("espap:poster", args=[espap.figeac.pk])).status_code == 404


# --- The period page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_period_page_defaults_to_six_months_from_today(client, espap):
    client.force_login(espap.coordinator)
    response = client.get(reverse("espap:survey-period"))
    assert response.status_code == 200
    form = response.context["network_form"]
    assert form["opens_on"].value() == today()
    assert form["closes_on"].value() == today() + relativedelta(months=6)


@pytest.mark.django_db
def test_the_coordinator_sets_the_network_and_a_site_period(client, espap):
    client.force_login(espap.coordinator)
    url = reverse("espap:survey-period")
    response = client.post(
        url,
        {"action": "network", "network-opens_on": today().isoformat(), "network-closes_on": days(60).isoformat()},
    )
    assert response.status_code == 302
    assert survey.network_period().closes_on == days(60)
    response = client.post(
        url,
        {
            "action": "site",
            "site-site": espap.gourdon.pk,
            "site-opens_on": days(5).isoformat(),
            "site-closes_on": days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    assert survey.period_for(espap.gourdon).site == espap.gourdon
    assert not survey.is_open(espap.gourdon, today()) and survey.is_open(espap.assier, today())
    assert client.post(url, {"action": "clear", "site": espap.gourdon.pk}).status_code == 302
    assert survey.is_open(espap.gourdon, today())
    assert client.post(url, {"action": "clear", "site": "abc"}).status_code == 302


@pytest.mark.django_db
def test_closing_before_opening_is_refused_with_a_message(client, espap):
    client.force_login(espap.coordinator)
    response = en(client).post(
        reverse("espap:survey-period"),
        {"action": "network", "network-opens_on": today().isoformat(), "network-closes_on": days(-3).isoformat()},
    )
    assert response.status_code == 400
    assert "cannot close before it opens" in response.content.decode()
    assert response.context["network_form"]["closes_on"].value() == days(-3).isoformat()
    assert not SurveyPeriod.objects.exists()
    response = client.post(reverse("espap:survey-period"), {"action": "network", "network-opens_on": "hier"})
    assert response.status_code == 400 and not SurveyPeriod.objects.exists()


@pytest.mark.django_db
def test_only_the_coordinator_opens_the_period_page(client, espap):
    url = reverse("espap:survey-period")
    for someone in (espap.referent, espap.mediator, espap.advisor):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        post = {"action": "network", "network-opens_on": today().isoformat(), "network-closes_on": days(9).isoformat()}
        assert client.post(url, post).status_code == 403
    for someone in (espap.member, espap.plain_animator):
        client.force_login(someone)
        assert client.get(url).status_code == 404
    assert not SurveyPeriod.objects.exists()
