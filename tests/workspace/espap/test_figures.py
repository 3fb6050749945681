"""esp@p's figures (``selectors``): on a known set of appointments, answers and grids, each role
reads the counts the policy lets it see, computed in a number of queries that does not grow with
the data; the label follow-up of the sites; and the anonymous figures of the public statistics
page (``core.figures``)."""

import datetime

import pytest
from django.utils import timezone, translation

from core import figures as public_registry
from tests.workspace.espap.conftest import at
from workspace.espap import figures as espap_figures
from workspace.espap import permissions as policy
from workspace.espap import selectors, services
from workspace.espap.models import Appointment, Slot, SurveyAnswer, WeeklyGrid


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def save_partners(espap):
    """The fixture sets the sites' partner agencies on the pages in memory (a parental
    many-to-many): saving the pages writes them."""
    espap.assier.save()
    espap.gourdon.save()


def build_dataset(espap, make_appointment, make_slot):
    """Yesterday's appointments (each at its own hour):

    - Assier (Grand-Figeac), CAF: seen with a 12-minute call, no-show, still confirmed (pending),
      cancelled, rescheduled;
    - Gourdon (Quercy-Bouriane): CPAM seen, CAF excused;
    - and tomorrow, a CAF appointment at Assier, outside the period.

    Survey answers of today: Assier 4/yes, 3/yes, 1/no (CAF, one with a comment naming the
    inhabitant); Gourdon 2/no, 4/yes (CPAM). Grids: Assier this week (validated) and the week
    before (not validated); Gourdon this week (not validated)."""
    save_partners(espap)
    seen = make_appointment(past=True, hour=8)
    services.call_mark(actor=espap.advisor, appointment=seen, event="started", now=at(-1, 8, 1))
    services.call_mark(actor=espap.advisor, appointment=seen, event="ended", now=at(-1, 8, 13))
    services.appointment_outcome(actor=espap.advisor, appointment=seen, status="seen", category="benefits")
    no_show = make_appointment(past=True, hour=9)
    services.appointment_outcome(actor=espap.advisor, appointment=no_show, status="no_show")
    make_appointment(past=True, hour=10)  # confirmed, no outcome yet: pending
    cancelled = make_appointment(hour=11)
    services.appointment_cancel(actor=espap.mediator, appointment=cancelled, reason="Malade")
    moved = make_appointment(hour=12)
    services.appointment_reschedule(
        actor=espap.mediator, appointment=moved, slot=make_slot(days=3, hour=12), reason="Empêchement"
    )
    Slot.objects.filter(pk__in=[cancelled.slot_id, moved.slot_id]).update(starts_at=at(-1, 11))
    Slot.objects.filter(pk=moved.slot_id).update(starts_at=at(-1, 12))
    cpam = make_appointment(
        slot=make_slot(espap.other_advisor, hour=14),
        site=espap.gourdon,
        mediator=espap.other_mediator,
        past=True,
        hour=14,
    )
    services.appointment_outcome(actor=espap.other_advisor, appointment=cpam, status="seen")
    excused = make_appointment(site=espap.gourdon, mediator=espap.other_mediator, past=True, hour=15)
    services.appointment_outcome(actor=espap.advisor, appointment=excused, status="excused")
    future = make_appointment(days=1, hour=16)
    today = timezone.localdate()
    for site, agency, satisfaction, recommend, comment in (
        (espap.assier, espap.caf, 4, True, ""),
        (espap.assier, espap.caf, 3, True, "Merci à Jeanne Vidal"),
        (espap.assier, espap.caf, 1, False, ""),
        (espap.gourdon, espap.cpam, 2, False, ""),
        (espap.gourdon, espap.cpam, 4, True, ""),
    ):
        SurveyAnswer.objects.create(
            site=site,
            agency=agency,
            answered_on=today,
            satisfaction=satisfaction,
            would_recommend=recommend,
            comment=comment,
            answers={"services": ["online_help"]},
        )
    week = services.monday(today)
    WeeklyGrid.objects.create(
        site=espap.assier, week=week, services={"information": 3, "online_help": 2}, validated_at=timezone.now()
    )
    WeeklyGrid.objects.create(
        site=espap.assier, week=week - datetime.timedelta(days=7), services={"information": 1}, visio={"caf": 1}
    )
    WeeklyGrid.objects.create(site=espap.gourdon, week=week, services={"documents": 4})
    return {"seen": seen, "cpam": cpam, "future": future}


@pytest.fixture
def dataset(espap, make_appointment, make_slot):
    return build_dataset(espap, make_appointment, make_slot)


def period():
    return selectors.default_period()


def counts(row) -> dict:
    return {code: row[code] for code in ("seen", "no_show", "excused", "cancelled", "rescheduled", "pending")}


def by_label(rows) -> dict:
    return {row["label"]: row for row in rows}


@pytest.mark.django_db
def test_the_coordinator_reads_every_site_agency_and_status(espap, dataset):
    fig = selectors.figures(espap.coordinator, *period())
    assert counts(fig["totals"]) == {
        "seen": 2,
        "no_show": 1,
        "excused": 1,
        "cancelled": 1,
        "rescheduled": 1,
        "pending": 1,
    }
    assert fig["totals"]["total"] == 7  # tomorrow's is outside the period
    assert fig["totals"]["no_show_rate"] == 25.0  # 1 no-show among 4 outcomes
    assert fig["totals"]["minutes"] == 12
    sites = by_label(fig["sites"])
    assert list(sites) == ["Cyber-base d'Assier", "Cyber-base de Gourdon"]
    assert counts(sites["Cyber-base d'Assier"]) == {
        "seen": 1,
        "no_show": 1,
        "excused": 0,
        "cancelled": 1,
        "rescheduled": 1,
        "pending": 1,
    }
    assert sites["Cyber-base d'Assier"]["territory"] == "Grand-Figeac"
    assert sites["Cyber-base d'Assier"]["no_show_rate"] == 50.0
    assert counts(sites["Cyber-base de Gourdon"])["seen"] == 1
    agencies = {row["code"]: row for row in fig["agencies"]}
    assert set(agencies) == {"caf", "cpam"}
    assert agencies["caf"]["total"] == 6 and agencies["caf"]["excused"] == 1 and agencies["caf"]["minutes"] == 12
    assert agencies["cpam"]["seen"] == 1 and agencies["cpam"]["no_show_rate"] == 0.0
    # the interviews held per agency and month: yesterday's month holds them all
    month = (timezone.localdate() - datetime.timedelta(days=1)).replace(day=1)
    held = {row["month"]: row for row in fig["months"]}
    assert [a["code"] for a in fig["month_agencies"]] == ["caf", "cpam"]
    assert held[month]["total"] == 2 and held[month]["by_agency"] == [1, 1]
    assert sum(row["total"] for row in fig["months"]) == 2


@pytest.mark.django_db
def test_the_survey_counts_satisfied_from_3_and_the_recommendations(espap, dataset):
    fig = selectors.figures(espap.coordinator, *period())
    assert fig["survey"]["count"] == 5
    assert fig["survey"]["satisfied_pct"] == 60  # 4, 3, 4 out of 5
    assert fig["survey"]["recommend_pct"] == 60
    assert [row["value"] for row in fig["satisfaction"]] == [2, 1, 1, 1]  # very … not at all
    sites = by_label(fig["sites"])
    assert sites["Cyber-base d'Assier"]["survey"]["satisfied_pct"] == 67
    assert sites["Cyber-base de Gourdon"]["survey"]["recommend_pct"] == 50
    assert {row["code"]: row["survey"]["count"] for row in fig["agencies"]} == {"caf": 3, "cpam": 2}


@pytest.mark.django_db
def test_the_grids_are_summed_by_service_and_validation(espap, dataset):
    fig = selectors.figures(espap.coordinator, *period())
    services_ = {row["key"]: row for row in fig["grids"]["services"]}
    assert (services_["information"]["validated"], services_["information"]["open"]) == (3, 1)
    assert (services_["online_help"]["validated"], services_["online_help"]["open"]) == (2, 0)
    assert services_["documents"]["open"] == 4 and services_["documents"]["total"] == 4
    sites = by_label(fig["grids"]["sites"])
    assert (sites["Cyber-base d'Assier"]["filled"], sites["Cyber-base d'Assier"]["validated"]) == (2, 1)
    assert sites["Cyber-base de Gourdon"]["to_validate"] == 1
    assert sites["Cyber-base de Gourdon"]["missing"] == fig["grids"]["weeks"] - 1


@pytest.mark.django_db
def test_a_referent_reads_their_territory_only(espap, dataset):
    fig = selectors.figures(espap.referent, *period())
    assert [row["label"] for row in fig["sites"]] == ["Cyber-base d'Assier"]
    assert fig["totals"]["total"] == 5 and fig["totals"]["seen"] == 1
    assert [row["code"] for row in fig["agencies"]] == ["caf"]  # the CPAM was met at Gourdon only
    assert fig["survey"]["count"] == 3
    assert [row["label"] for row in fig["grids"]["sites"]] == ["Cyber-base d'Assier"]
    other = selectors.figures(espap.other_referent, *period())
    assert [row["label"] for row in other["sites"]] == ["Cyber-base de Gourdon"]
    assert other["totals"]["total"] == 2


@pytest.mark.django_db
def test_an_advisor_reads_their_agency_only_and_no_grid(espap, dataset):
    fig = selectors.figures(espap.advisor, *period())
    assert [row["code"] for row in fig["agencies"]] == ["caf"]
    assert fig["totals"]["total"] == 6 and fig["totals"]["seen"] == 1  # not the CPAM's interview
    assert {row["label"]: row["total"] for row in fig["sites"]} == {
        "Cyber-base d'Assier": 5,
        "Cyber-base de Gourdon": 1,
    }
    assert fig["survey"]["count"] == 3  # the answers about the CAF
    assert fig["grids"]["sites"] == [] and not fig["follows_sites"]
    assert selectors.label_warnings(espap.advisor) == []
    other = selectors.figures(espap.other_advisor, *period())
    assert other["totals"]["total"] == 1 and [row["code"] for row in other["agencies"]] == ["cpam"]


@pytest.mark.django_db
def test_nobody_outside_reads_anything(espap, dataset):
    for user in (espap.member, espap.plain_animator):
        fig = selectors.figures(user, *period())
        assert fig["totals"]["total"] == 0 and fig["sites"] == [] and fig["survey"]["count"] == 0
        assert selectors.label_warnings(user) == []


@pytest.mark.django_db
def test_a_period_without_data_gives_zeros(espap, dataset):
    fig = selectors.figures(espap.coordinator, datetime.date(2020, 1, 1), datetime.date(2020, 2, 29))
    assert fig["totals"]["total"] == 0 and fig["totals"]["no_show_rate"] is None
    assert fig["survey"]["satisfied_pct"] is None
    assert [row["total"] for row in fig["months"]] == [0, 0]
    assert [row["filled"] for row in fig["grids"]["sites"]] == [0, 0]  # both sites, no grid


@pytest.mark.django_db
def test_the_label_follow_up_names_the_shortfalls(espap, dataset):
    warnings = {w["site"].title: w for w in selectors.label_warnings(espap.coordinator)}
    assert list(warnings) == ["Cyber-base d'Assier", "Cyber-base de Gourdon"]
    gourdon = warnings["Cyber-base de Gourdon"]
    assert gourdon["agents"] == 1 and not gourdon["ok"]
    messages = [message for _rules, message in gourdon["shortfalls"]]
    assert "15 h over 4 days: 9 h short" in messages
    assert "no employment-training partner" in messages
    rsp = next(v for v in gourdon["verdicts"] if v.ruleset.slug == "rsp-2008")
    assert not rsp.ok
    assert next(v for v in warnings["Cyber-base d'Assier"]["verdicts"] if v.ruleset.slug == "rsp-2008").ok
    assert [w["site"].title for w in selectors.label_warnings(espap.other_referent)] == ["Cyber-base de Gourdon"]
    assert [w["site"].title for w in selectors.label_warnings(espap.mediator)] == ["Cyber-base d'Assier"]


@pytest.mark.django_db
def test_the_mediators_are_counted_per_site(espap, create_user):
    from core import roles

    create_user(role=roles.ANIMATOR, place=espap.assier)
    create_user(role=roles.ANIMATOR, place=espap.assier, is_active=False)  # gone: not counted
    create_user(place=espap.assier)  # not an animator
    agents = {w["site"].title: w["agents"] for w in selectors.label_warnings(espap.coordinator)}
    assert agents == {"Cyber-base d'Assier": 2, "Cyber-base de Gourdon": 1}
    france = {
        w["site"].title: next(v for v in w["verdicts"] if v.ruleset.slug == "france-services")
        for w in selectors.label_warnings(espap.coordinator)
    }
    assert "agents" not in [s.rule for s in france["Cyber-base d'Assier"].shortfalls]
    assert "agents" in [s.rule for s in france["Cyber-base de Gourdon"].shortfalls]


@pytest.mark.django_db
def test_the_sites_followed_agree_with_the_policy(espap):
    everyone = [v for v in vars(espap).values() if hasattr(v, "is_authenticated")]
    for user in everyone:
        expected = {site.pk for site in policy.sites() if policy.can_see_site_grids(user, site)}
        assert set(selectors.followed_sites(user).values_list("pk", flat=True)) == expected, user


def _queries(user, function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function(type(user).objects.get(pk=user.pk))  # warm the process-wide caches (content types)
    user = type(user).objects.get(pk=user.pk)  # the roles not loaded yet, as in a request
    with CaptureQueriesContext(connection) as queries:
        function(user)
    return len(queries)


@pytest.mark.django_db
def test_the_figures_cost_a_bounded_number_of_queries(
    espap, dataset, make_appointment, make_slot, django_assert_max_num_queries
):
    people = (espap.coordinator, espap.referent, espap.advisor, espap.other_referent)

    def read(user):
        return selectors.figures(user, *period())

    before = {user.pk: (_queries(user, read), _queries(user, selectors.label_warnings)) for user in people}
    for hour in range(6, 20):  # more appointments, answers and grids: the same queries
        appointment = make_appointment(past=3, days=2, hour=hour, site=espap.gourdon, mediator=espap.other_mediator)
        services.appointment_outcome(actor=espap.advisor, appointment=appointment, status="seen")
        SurveyAnswer.objects.create(
            site=espap.gourdon, agency=espap.caf, answered_on=timezone.localdate(), satisfaction=3, would_recommend=True
        )
    WeeklyGrid.objects.create(
        site=espap.gourdon, week=services.monday(timezone.localdate()) - datetime.timedelta(days=7)
    )
    for user in people:
        assert (_queries(user, read), _queries(user, selectors.label_warnings)) == before[user.pk], user
        user = type(user).objects.get(pk=user.pk)
        with django_assert_max_num_queries(12):
            read(user)
        with django_assert_max_num_queries(5):
            selectors.label_warnings(user)
    assert selectors.figures(espap.coordinator, *period())["totals"]["seen"] == 16


# --- The public statistics page ------------------------------------------------------------------


@pytest.fixture
def provider():
    """The provider registered as apps.py does (and left as it was found)."""
    registered = "espap" in dict(public_registry._PROVIDERS)
    public_registry.register(espap_figures.PUBLIC_FIGURES)
    yield espap_figures.PUBLIC_FIGURES
    if not registered:
        public_registry.unregister("espap")


def _values(group) -> dict:
    return {figure["label"]: figure["value"] for figure in group["figures"]}


@pytest.mark.django_db
def test_the_public_figures_count_the_year_and_nothing_personal(espap, dataset, provider):
    year = timezone.localdate().year
    groups = {group["slug"]: group for group in public_registry.public_figures()}
    values = _values(groups["espap"])
    held = Appointment.objects.filter(status="seen", slot__starts_at__year=year).count()
    assert values[f"video interviews held in {year}"] == held
    assert values[f"% of the people who answered the survey in {year} were satisfied"] == 60
    assert values[f"% would recommend esp@p to someone close (survey {year})"] == 60
    assert values["esp@p public-service points"] == 2
    for figure in groups["espap"]["figures"]:
        assert set(figure) == {"value", "label"}


@pytest.mark.django_db
def test_the_shares_wait_for_five_answers(espap, provider):
    SurveyAnswer.objects.create(
        site=espap.assier, answered_on=timezone.localdate(), satisfaction=4, would_recommend=True
    )
    labels = [figure["label"] for figure in espap_figures.public_figures()]
    assert len(labels) == 2 and not any("%" in label for label in labels)


@pytest.mark.django_db
def test_the_statistics_page_shows_the_espap_figures(client, espap, dataset, provider):
    from home.models import StatisticsPage
    from tests.home import builders

    page = builders.child(builders.home(), StatisticsPage, title="Statistiques")
    html = client.get(page.url).content.decode()
    assert 'id="figures-espap"' in html
    assert "video interviews held in" in html and "esp@p public-service points" in html
    assert "Jeanne Vidal" not in html
