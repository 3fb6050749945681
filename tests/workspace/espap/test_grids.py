"""The weekly counting grids: the list of the last weeks per site, one week's grid pre-filled from
the appointments seen, saving whole numbers only, validation that locks the week, unlocking with
a reason written in the audit log, and who may open which page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import place
from workspace.espap import services
from workspace.espap.models import WeeklyGrid
from workspace.people.models import AuditEntry


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def iso(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def this_monday() -> datetime.date:
    return services.monday(timezone.localdate())


def last_monday() -> datetime.date:
    """A week that is over: the only kind a referent may validate."""
    return this_monday() - datetime.timedelta(days=7)


def yesterdays_monday() -> datetime.date:
    """The week of the appointments ``make_appointment(past=True)`` moves to yesterday."""
    return services.monday(timezone.localdate() - datetime.timedelta(days=1))


def grid_url(site, monday: datetime.date) -> str:
    return reverse("espap:grid", args=[site.pk, iso(monday)])


def action_url(site, monday: datetime.date, action: str) -> str:
    return reverse("espap:grid-action", args=[site.pk, iso(monday), action])


def seen(espap, make_appointment, hour: int, status: str = "seen"):
    appointment = make_appointment(past=True, hour=hour)
    services.appointment_outcome(actor=espap.advisor, appointment=appointment, status=status)
    return appointment


def save(espap, site=None, monday=None, actor=None, **counts):
    return services.grid_save(
        actor=actor or espap.mediator,
        site=site or espap.assier,
        week=monday or this_monday(),
        services=counts.get("services", {"information": 4}),
        visio=counts.get("visio", {"caf": 2}),
        publics=counts.get("publics", {"adults": 3}),
        comment=counts.get("comment", ""),
    )


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match[0]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The grid of a week --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unsaved_week_is_prefilled_with_the_interviews_seen_that_week(client, espap, make_appointment):
    seen(espap, make_appointment, hour=9)
    seen(espap, make_appointment, hour=11)
    seen(espap, make_appointment, hour=14, status="no_show")  # not an interview
    client.force_login(espap.mediator)
    response = client.get(grid_url(espap.assier, yesterdays_monday()))
    assert response.status_code == 200
    html = response.content.decode()
    caf = input_tag(html, "visio_caf")
    assert 'value="2"' in caf
    for attribute in ('type="number"', 'min="0"', 'step="1"', 'inputmode="numeric"'):
        assert attribute in caf
    assert 'value="' not in input_tag(html, "visio_anpe")  # nothing seen for the ANPE
    assert "Pre-filled from the recorded appointments: 2 video interviews seen this week." in html
    assert response.context["totals"]["visio"] == 2
    assert not WeeklyGrid.objects.exists()  # looking at a week stores nothing


@pytest.mark.django_db
def test_the_week_before_does_not_prefill_with_these_interviews(client, espap, make_appointment):
    seen(espap, make_appointment, hour=9)
    client.force_login(espap.mediator)
    response = client.get(grid_url(espap.assier, yesterdays_monday() - datetime.timedelta(weeks=1)))
    assert 'value="' not in input_tag(response.content.decode(), "visio_caf")


@pytest.mark.django_db
def test_the_sites_own_agencies_come_first(client, espap):
    espap.gourdon.save()  # a ParentalManyToManyField's set() is stored when its page is saved
    client.force_login(espap.other_mediator)
    form = client.get(grid_url(espap.gourdon, this_monday())).context["form"]
    visio = [name for name in form.fields if name.startswith("visio_")]
    assert visio[:3] == ["visio_caf", "visio_cpam", "visio_anpe"]  # Gourdon: CAF, CPAM; then the others
    services_rows = [name for name in form.fields if name.startswith("service_")]
    assert len(services_rows) == 5


@pytest.mark.django_db
def test_the_mediator_saves_the_week(client, espap, make_appointment):
    seen(espap, make_appointment, hour=9)
    monday = yesterdays_monday()
    client.force_login(espap.mediator)
    response = client.post(
        grid_url(espap.assier, monday),
        {
            "service_information": "4",
            "service_online_help": "",
            "visio_caf": "3",
            "public_adults": "5",
            "public_jobseekers": "1",
            "comment": "Fermé mardi après-midi",
        },
    )
    assert response.status_code == 302
    assert response.url == grid_url(espap.assier, monday)
    grid = WeeklyGrid.objects.get(site=espap.assier, week=monday)
    assert grid.services == {"information": 4}
    assert grid.visio == {"caf": 3}
    assert grid.publics == {"adults": 5, "jobseekers": 1}
    assert grid.comment == "Fermé mardi après-midi"
    assert grid.updated_by == espap.mediator
    assert not grid.locked
    page = client.get(response.url)
    html = page.content.decode()
    assert "The counts of the week are saved." in messages_of(page)
    assert "waiting for validation" in html
    assert page.context["totals"] == {"services": 4, "visio": 3, "all": 7}
    assert "Pre-filled from the recorded appointments" not in html
    # the saved 3 differs from the 1 interview recorded: the page says so beside the CAF
    assert "Recorded appointments: 1" in html
    assert html.count("Recorded appointments:") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, message",
    [
        ("-1", "Enter a whole number, 0 or more"),
        ("2.5", "Enter a whole number, 0 or more"),
        ("abc", "Enter a whole number, 0 or more"),
        ("100001", "At most 100,000 a week."),
    ],
)
def test_a_count_that_is_not_a_whole_number_is_refused_and_nothing_typed_is_lost(client, espap, typed, message):
    client.force_login(espap.mediator)
    data = {"service_information": "4", "visio_caf": typed, "public_young": "7", "comment": "Gardé"}
    response = client.post(grid_url(espap.assier, this_monday()), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert list(response.context["form"].errors) == ["visio_caf"]
    caf = input_tag(html, "visio_caf")
    assert f'value="{typed}"' in caf and 'aria-invalid="true"' in caf
    assert 'value="4"' in input_tag(html, "service_information")
    assert 'value="7"' in input_tag(html, "public_young")
    assert "Gardé</textarea>" in html
    assert not WeeklyGrid.objects.exists()


@pytest.mark.django_db
def test_a_validated_week_is_read_only_and_refuses_a_save(client, espap):
    grid = save(espap, monday=last_monday())
    services.grid_validate(actor=espap.referent, grid=grid)
    client.force_login(espap.mediator)
    url = grid_url(espap.assier, last_monday())
    page = client.get(url)
    html = page.content.decode()
    assert 'name="service_information"' not in html  # no input: read only
    assert "Validated by Rémi Référent on" in html
    assert 'action="' + action_url(espap.assier, last_monday(), "deverrouiller") not in html  # not the mediator's
    response = client.post(url, {"service_information": "40", "visio_caf": "20"}, follow=True)
    assert "This week is validated: ask the referent to unlock it to change it." in messages_of(response)
    grid.refresh_from_db()
    assert grid.services == {"information": 4} and grid.visio == {"caf": 2} and grid.locked


@pytest.mark.django_db
def test_the_referent_validates_a_filled_week(client, espap):
    monday = last_monday()
    client.force_login(espap.referent)
    response = client.post(action_url(espap.assier, monday, "valider"), follow=True)
    assert "Nothing to validate: this week is not filled in yet." in messages_of(response)
    assert not WeeklyGrid.objects.exists()
    save(espap, monday=last_monday())
    html = client.get(grid_url(espap.assier, monday)).content.decode()
    assert 'action="' + action_url(espap.assier, monday, "valider") + '"' in html
    response = client.post(action_url(espap.assier, monday, "valider"), follow=True)
    assert response.redirect_chain[-1][0] == grid_url(espap.assier, monday)
    assert "The week is validated: it is locked until a referent unlocks it." in messages_of(response)
    grid = WeeklyGrid.objects.get()
    assert grid.validated_by == espap.referent and grid.locked
    response = client.post(action_url(espap.assier, monday, "valider"), follow=True)
    assert "This week is already validated." in messages_of(response)


@pytest.mark.django_db
def test_unlocking_needs_a_reason_and_is_written_in_the_audit_log(client, espap):
    grid = save(espap, monday=last_monday())
    services.grid_validate(actor=espap.referent, grid=grid)
    url = action_url(espap.assier, last_monday(), "deverrouiller")
    client.force_login(espap.referent)
    page = client.get(grid_url(espap.assier, last_monday())).content.decode()
    assert f'action="{url}"' in page and 'name="reason"' in page and "required" in input_tag(page, "reason")
    response = client.post(url, {"reason": "   "}, follow=True)
    assert "Say why the week is unlocked: it is written in the audit log." in messages_of(response)
    grid.refresh_from_db()
    assert grid.locked
    assert not AuditEntry.objects.filter(action="espap.grid_unlock").exists()
    response = client.post(url, {"reason": "Erreur de saisie sur la CAF"}, follow=True)
    assert "The week is unlocked: its counts can be changed again." in messages_of(response)
    grid.refresh_from_db()
    assert not grid.locked
    entry = AuditEntry.objects.get(action="espap.grid_unlock")
    assert entry.actor == espap.referent
    assert "Erreur de saisie sur la CAF" in entry.summary
    assert entry.territory == espap.north
    # and the mediator can change it again
    client.force_login(espap.mediator)
    client.post(grid_url(espap.assier, last_monday()), {"service_information": "6"})
    grid.refresh_from_db()
    assert grid.services == {"information": 6}


@pytest.mark.django_db
def test_an_action_is_posted_and_named(client, espap):
    save(espap)
    client.force_login(espap.referent)
    assert client.get(action_url(espap.assier, this_monday(), "valider")).status_code == 405
    assert client.post(action_url(espap.assier, this_monday(), "supprimer")).status_code == 404
    assert not WeeklyGrid.objects.get().locked


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["2026-W60", "abc", "2026-W49x", "2026-W00", "2025-W53", "1999-W10", "2026-w49"])
def test_a_week_that_is_not_an_iso_week_does_not_exist(client, espap, week):
    client.force_login(espap.mediator)
    assert client.get(reverse("espap:grid", args=[espap.assier.pk, week])).status_code == 404
    assert client.post(reverse("espap:grid-action", args=[espap.assier.pk, week, "valider"])).status_code == 404


@pytest.mark.django_db
def test_a_site_that_is_not_an_espap_site_has_no_grid(client, espap):
    client.force_login(espap.coordinator)
    for site in (espap.figeac.pk, 99_999_999, 10**30):
        assert client.get(f"/espace/espap/grilles/{site}/{iso(this_monday())}/").status_code == 404


@pytest.mark.django_db
def test_a_week_more_than_one_week_ahead_does_not_exist(client, espap):
    client.force_login(espap.mediator)
    monday = this_monday()
    page = client.get(grid_url(espap.assier, monday))
    assert page.status_code == 200
    assert page.context["previous_url"] == grid_url(espap.assier, monday - datetime.timedelta(weeks=1))
    next_week = client.get(grid_url(espap.assier, monday + datetime.timedelta(weeks=1)))
    assert next_week.status_code == 200
    assert next_week.context["next_url"] == ""
    assert client.get(grid_url(espap.assier, monday + datetime.timedelta(weeks=2))).status_code == 404


# --- Who may open what ---------------------------------------------------------------------------

LIST = {
    "mediator": 200,
    "other_mediator": 200,
    "referent": 200,
    "other_referent": 200,
    "coordinator": 200,
    "advisor": 403,  # in the scheme, but grids are not theirs
    "member": 404,
    "plain_animator": 404,
}
ASSIER_GRID = {
    "mediator": 200,
    "other_mediator": 404,
    "referent": 200,
    "other_referent": 404,
    "coordinator": 200,
    "advisor": 404,
    "member": 404,
    "plain_animator": 404,
}
ASSIER_VALIDATE = {
    "mediator": 403,  # sees the grid, does not validate it
    "other_mediator": 404,
    "referent": 302,
    "other_referent": 404,
    "coordinator": 302,
    "advisor": 404,
    "member": 404,
    "plain_animator": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(LIST))
def test_who_may_open_the_grids(client, espap, who):
    grid = save(espap, monday=last_monday())
    client.force_login(getattr(espap, who))
    monday = last_monday()
    assert client.get(reverse("espap:grids")).status_code == LIST[who]
    assert client.get(grid_url(espap.assier, monday)).status_code == ASSIER_GRID[who]
    posted = client.post(grid_url(espap.assier, monday), {"service_information": "99"})
    assert posted.status_code == (302 if ASSIER_GRID[who] == 200 else ASSIER_GRID[who])
    assert client.post(action_url(espap.assier, monday, "valider")).status_code == ASSIER_VALIDATE[who]
    grid.refresh_from_db()
    assert grid.locked == (ASSIER_VALIDATE[who] == 302)
    assert (grid.services == {"information": 99}) == (ASSIER_GRID[who] == 200)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client, espap):
    save(espap)
    login = reverse("login")
    monday = this_monday()
    for response in (
        client.get(reverse("espap:grids")),
        client.get(grid_url(espap.assier, monday)),
        client.post(grid_url(espap.assier, monday), {"service_information": "99"}),
        client.post(action_url(espap.assier, monday, "valider")),
    ):
        assert response.status_code == 302 and response.url.startswith(login)
    assert not WeeklyGrid.objects.get().locked


# --- The list ------------------------------------------------------------------------------------


def listed_sites(response) -> list[str]:
    return [row["site"].title for row in response.context["rows"]]


@pytest.mark.django_db
def test_each_member_lists_the_sites_of_their_grids(client, espap):
    expected = {
        "mediator": ["Cyber-base d'Assier"],
        "other_mediator": ["Cyber-base de Gourdon"],
        "referent": ["Cyber-base d'Assier"],
        "other_referent": ["Cyber-base de Gourdon"],
        "coordinator": ["Cyber-base d'Assier", "Cyber-base de Gourdon"],
    }
    for who, sites in expected.items():
        client.force_login(getattr(espap, who))
        assert listed_sites(client.get(reverse("espap:grids"))) == sites, who


@pytest.mark.django_db
def test_the_list_shows_each_weeks_state_and_the_grids_to_validate(client, espap):
    monday = this_monday()
    weeks_ago = [monday - datetime.timedelta(weeks=n) for n in range(3)]
    save(espap, monday=weeks_ago[0])
    save(espap, monday=weeks_ago[1], services={"information": 10}, visio={})
    services.grid_validate(actor=espap.referent, grid=save(espap, monday=weeks_ago[2]))
    save(espap, site=espap.gourdon, actor=espap.other_mediator)  # another territory's
    old = save(espap, monday=monday - datetime.timedelta(weeks=20))  # waits, out of the 8 weeks

    client.force_login(espap.referent)
    response = client.get(reverse("espap:grids"))
    html = response.content.decode()
    assert "3 grids waiting for validation" in html
    assert "To validate (3)" in html
    (row,) = response.context["rows"]
    states = [cell["state"] for cell in row["cells"]]
    assert states == ["waiting", "waiting", "validated"] + ["empty"] * 5
    assert [cell["grid"].total for cell in row["cells"][:3]] == [6, 10, 6]
    assert row["cells"][0]["url"] == grid_url(espap.assier, monday)

    waiting = client.get(reverse("espap:grids") + "?etat=a-valider")
    listed = [grid.pk for grid in waiting.context["page_obj"]]
    assert listed[0] == old.pk and len(listed) == 3  # oldest first, Gourdon's not here
    assert grid_url(espap.assier, old.week) in waiting.content.decode()

    client.force_login(espap.mediator)  # a mediator sees the count, without the filter
    html = client.get(reverse("espap:grids")).content.decode()
    assert "3 grids waiting for validation" in html
    assert "?etat=a-valider" not in html
    assert "rows" in client.get(reverse("espap:grids") + "?etat=a-valider").context  # the filter is ignored


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_more_sites_and_weeks(client, espap, django_assert_max_num_queries):
    monday = this_monday()

    def fill(site, actor):
        for n in range(8):
            grid = save(espap, site=site, monday=monday - datetime.timedelta(weeks=n), actor=actor)
            if n % 2:
                services.grid_validate(actor=espap.coordinator, grid=grid)

    fill(espap.assier, espap.mediator)
    fill(espap.gourdon, espap.other_mediator)
    readers = (espap.coordinator, espap.referent, espap.mediator)
    counts = {}
    for user in readers:
        client.force_login(user)
        client.get(reverse("espap:grids"))
        with django_assert_max_num_queries(60) as queries:  # mostly the policy and the menu
            assert client.get(reverse("espap:grids")).status_code == 200
        counts[user.pk] = len(queries)
    for n in range(4):
        site = place(espap.north if n % 2 else espap.south, title=f"Point esp@p {n}", espap=True)
        fill(site, espap.coordinator)
    for user in readers:
        client.force_login(user)
        client.get(reverse("espap:grids"))
        with django_assert_max_num_queries(counts[user.pk]):
            response = client.get(reverse("espap:grids"))
        assert response.status_code == 200
    client.force_login(espap.coordinator)
    response = client.get(reverse("espap:grids"))
    assert len(response.context["rows"]) == 6
    assert sum(cell["grid"] is not None for row in response.context["rows"] for cell in row["cells"]) == 48


@pytest.mark.django_db
def test_a_week_is_validated_once_it_is_over(client, espap):
    save(espap)
    client.force_login(espap.referent)
    response = client.post(action_url(espap.assier, this_monday(), "valider"), follow=True)
    assert "A week is validated once it is over." in messages_of(response)
    assert not WeeklyGrid.objects.get().locked
    with pytest.raises(services.EspapError):
        services.grid_save(
            actor=espap.mediator,
            site=espap.assier,
            week=this_monday() + datetime.timedelta(days=7),
            services={},
            visio={},
            publics={},
        )
