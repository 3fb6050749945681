"""The dashboard: each role sees the figures of the tickets it may see, computed in the database
in a number of queries that does not grow with the tickets; and the scheme's anonymous figures on
the public statistics page, through core.figures (the public site never imports the workspace)."""

import json

import pytest
from django.utils import timezone

from core import figures as public_registry
from tests.workspace.tickets.conftest import beneficiary
from workspace.tickets import figures, services
from workspace.tickets.models import Attendance, Enrolment, PartnerPlace, Public, Ticket

URL = "/espace/tickets/tableau/"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def network(scheme, make_ticket):
    """Five tickets: three of the Conseil départemental (completed and paid, in progress at
    Gramat; issued), two of the CAF (registered at Cahors; cancelled)."""
    completed = make_ticket("completed")
    claim = completed.claim
    services.claim_validate(actor=scheme.manager, claim=claim)
    services.claim_pay(actor=scheme.manager, claim=claim, paid_on=timezone.localdate(), payment_reference="VIR-1")
    in_progress = make_ticket("in_progress", first_name="Marc", public=Public.RSA)
    issued = make_ticket("issued", first_name="Inès", public=Public.YOUTH)
    caf = services.ticket_issue(
        actor=scheme.other_prescriber,
        organisation=scheme.other_organisation,
        beneficiary=beneficiary(first_name="Paul", public=Public.PARENT_ALONE),
    )
    services.ticket_register(actor=scheme.other_animator, typed=caf.reference)
    cancelled = services.ticket_issue(
        actor=scheme.other_prescriber, organisation=scheme.other_organisation, beneficiary=beneficiary()
    )
    services.ticket_cancel(actor=scheme.other_prescriber, ticket=cancelled, reason="Retiré")
    return {"completed": completed, "in_progress": in_progress, "issued": issued, "caf": caf, "cancelled": cancelled}


def _get(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200, user
    return response


@pytest.mark.django_db
def test_the_manager_sees_the_whole_network(client, network, scheme):
    fig = _get(client, scheme.manager).context["fig"]
    assert fig["total"] == 5
    assert fig["counts"] == {
        "issued": 1,
        "registered": 1,
        "in_progress": 1,
        "completed": 1,
        "closed": 0,
        "expired": 0,
        "cancelled": 1,
    }
    assert {row["label"]: row["value"] for row in fig["organisations"]} == {
        "Conseil départemental du Lot": 3,
        "CAF du Lot": 2,
    }
    places = {row["label"]: row["value"] for row in fig["places"]}
    assert places["Cyber-base de Gramat"] == 2 and places["EPM de Cahors"] == 1
    assert fig["places"][-1]["none"] and fig["places"][-1]["value"] == 2  # not registered yet, last
    publics = {row["label"]: row["value"] for row in fig["publics"]}
    assert publics[Public.SENIOR.label] == 2 and publics[Public.RSA.label] == 1 and publics[Public.EMPLOYEE.label] == 0
    assert fig["months"][-1]["value"] == 5 and len(fig["months"]) == 12
    assert fig["avg_completed"] == 10.0
    assert fig["hours"] == 20
    assert fig["money"]["paid"] == 150 and fig["money"]["per_completed"] == 150.0
    assert {row["label"]: row["value"] for row in fig["load"]} == {"Cyber-base de Gramat": 2, "EPM de Cahors": 1}


@pytest.mark.django_db
def test_the_manager_sees_the_yearly_target_and_the_split_of_the_200_euros(client, network, scheme):
    fig = _get(client, scheme.manager).context["fig"]
    facts = figures.facts()
    assert fig["network"]["target"] == facts["yearly_target_beneficiaries"] == 500
    assert fig["network"]["value"] == 4  # the cancelled ticket is left out
    split = fig["split"]
    assert [row["per_ticket"] for row in split["lines"]] == [150, 14, 14, 22]
    assert [row["budget"] for row in split["lines"]] == [75000, 7000, 7000, 11000]
    assert [row["committed"] for row in split["lines"]] == [600, 56, 56, 88]
    assert split["lines"][0]["paid"] == 150
    assert split["per_ticket"] == 200 and split["budget"] == 100000 and split["committed"] == 800
    page = _get(client, scheme.manager).content.decode()
    assert "The network against its target" in page and "against the budget of" in page


@pytest.mark.django_db
def test_the_coordinator_sees_the_network_too(client, network, scheme):
    fig = _get(client, scheme.coordinator).context["fig"]
    assert fig["total"] == 5 and "network" in fig


@pytest.mark.django_db
def test_a_prescriber_sees_the_tickets_of_their_organisation_only(client, network, scheme):
    response = _get(client, scheme.prescriber)
    fig = response.context["fig"]
    assert fig["total"] == 3
    assert [row["label"] for row in fig["organisations"]] == ["Conseil départemental du Lot"]
    assert "network" not in fig and "split" not in fig and fig["load"] == []
    page = response.content.decode()
    assert "The network against its target" not in page and "against the budget of" not in page
    assert "CAF du Lot" not in page and "EPM de Cahors" not in page
    assert _get(client, scheme.other_prescriber).context["fig"]["total"] == 2


@pytest.mark.django_db
def test_an_animator_sees_their_place_and_its_load(client, network, scheme):
    fig = _get(client, scheme.animator).context["fig"]
    assert fig["total"] == 2 and fig["completed"] == 1
    assert [(row["label"], row["value"], row["low"], row["high"]) for row in fig["load"]] == [
        ("Cyber-base de Gramat", 2, 30, 45)
    ]
    assert "network" not in fig
    assert _get(client, scheme.other_animator).context["fig"]["total"] == 1


@pytest.mark.django_db
def test_a_referent_sees_the_places_of_their_territory(client, network, scheme):
    fig = _get(client, scheme.referent).context["fig"]
    assert fig["total"] == 2
    assert [row["label"] for row in fig["load"]] == ["Cyber-base de Gramat"]


@pytest.mark.django_db
def test_the_dashboard_does_not_exist_outside_the_scheme(client, scheme):
    assert client.get(URL).status_code == 302
    for user in (scheme.member, scheme.plain_animator):
        client.force_login(user)
        assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_a_place_behind_its_range_is_said_so(scheme):
    partner = PartnerPlace.objects.get(pk=scheme.partner.pk)
    late = timezone.localdate().replace(month=12, day=1)
    rows = figures.dashboard(scheme.animator, today=late)["load"]
    assert rows[0]["state"] == "behind" and rows[0]["value"] == 0
    partner.yearly_low = 0
    partner.save()
    assert figures.dashboard(scheme.animator, today=late)["load"][0]["state"] == "within"


@pytest.mark.django_db
def test_each_chart_has_its_data_and_a_table_beside_it(client, network, scheme):
    response = _get(client, scheme.manager)
    page = response.content.decode()
    fig = response.context["fig"]
    for name in ("status_chart", "month_chart", "split_chart"):
        data = json.loads(fig[name]["datasets"])
        assert data["data"] and data["options"]["title"]
        assert json.loads(fig[name]["config"])["y_left_min"] == "0"
    assert json.loads(fig["status_chart"]["datasets"])["data"][4] == [1]  # completed
    for canvas in ("chart-ticket-status", "chart-ticket-months", "chart-ticket-split"):
        assert f'id="{canvas}"' in page
    assert page.count("<table") == 7  # status, months, load, prescribers, places, publics, split
    assert "home/js/charts.js" in page  # Chart.js from our static files, loaded only where a chart is


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_for_5_or_25_tickets(
    client, network, scheme, django_assert_max_num_queries
):
    """About a dozen queries for the figures; the rest is the policy's and the page's (menu,
    notifications): none grows with the tickets."""
    readers = (scheme.manager, scheme.prescriber, scheme.animator, scheme.referent)
    counts = {}
    for user in readers:
        client.force_login(user)
        client.get(URL)
        with django_assert_max_num_queries(40) as few:
            assert client.get(URL).status_code == 200
        counts[user.pk] = len(few)
    for n in range(20):
        ticket = services.ticket_issue(
            actor=scheme.prescriber,
            organisation=scheme.organisation,
            beneficiary=beneficiary(first_name=f"P{n}", public=list(Public.values)[n % 8]),
        )
        if n % 2:
            services.ticket_register(actor=scheme.other_animator if n % 3 else scheme.animator, typed=ticket.reference)
    for user in readers:
        client.force_login(user)
        client.get(URL)
        with django_assert_max_num_queries(counts[user.pk]):
            response = client.get(URL)
        assert response.status_code == 200
    client.force_login(scheme.manager)
    assert client.get(URL).context["fig"]["total"] == 25


# --- The public statistics page --------------------------------------------------------------


@pytest.fixture
def provider():
    """The scheme's provider registered as apps.py does (and left as it was found)."""
    registered = "tickets" in dict(public_registry._PROVIDERS)
    public_registry.register(figures.PUBLIC_FIGURES)
    public_registry.register(figures.PUBLIC_FIGURES)  # twice, as ready() may run twice: harmless
    yield figures.PUBLIC_FIGURES
    if not registered:
        public_registry.unregister("tickets")


@pytest.mark.django_db
def test_the_public_figures_count_the_year_and_nothing_personal(network, provider):
    year = timezone.localdate().year
    present = Enrolment.objects.filter(attendance=Attendance.PRESENT, session__starts_at__year=year).count()
    groups = {group["slug"]: group for group in public_registry.public_figures()}
    values = [figure["value"] for figure in groups["tickets"]["figures"]]
    completed = 1 if network["completed"].ended_at.year == year else 0
    assert values == [4, completed, present * 2, PartnerPlace.objects.count()]
    for figure in groups["tickets"]["figures"]:
        assert set(figure) == {"value", "label"}


@pytest.mark.django_db
def test_the_statistics_page_shows_the_scheme_figures(client, network, provider):
    from home.models import StatisticsPage
    from tests.home import builders

    page = builders.child(builders.home(), StatisticsPage, title="Statistiques")
    html = client.get(page.url).content.decode()
    assert 'id="figures-tickets"' in html
    assert "partner places welcoming learners" in html
    assert "Bessières" not in html


@pytest.mark.django_db
def test_the_registry_refuses_two_providers_under_one_name():
    other = public_registry.FigureProvider(slug="tickets-test", title="A", load=list)
    public_registry.register(other)
    try:
        with pytest.raises(ValueError):
            public_registry.register(public_registry.FigureProvider(slug="tickets-test", title="B", load=list))
        assert {"slug": "tickets-test", "title": "A", "figures": []} in public_registry.public_figures()
    finally:
        public_registry.unregister("tickets-test")


def test_no_ticket_means_no_chart_but_a_word(db, client, scheme):
    client.force_login(scheme.manager)
    response = client.get(URL)
    assert response.context["fig"]["total"] == 0
    page = response.content.decode()
    assert "No ticket yet" in page and 'id="chart-ticket-status"' not in page
    assert Ticket.objects.count() == 0
