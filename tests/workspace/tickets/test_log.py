"""The learner's log: opened without an account by its personal link, never indexed nor leaked
as a referrer, gone once the person is erased; the same log in the workspace for whoever sees the
ticket, with the personal link for the place and the prescriber and the erasure for the manager."""

import pytest
from django.test import Client
from django.urls import reverse

from workspace.tickets import services
from workspace.tickets.models import ErasureRequest, Item, Mastery, Ticket


@pytest.fixture(autouse=True)
def _english(client):
    """The pages in English, the language of the msgids, whatever the French catalogue holds."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def english_client(**options):
    return Client(HTTP_ACCEPT_LANGUAGE="en", **options)


def _url(ticket):
    return reverse("tickets:log", args=[ticket.log_token])


def _sheet(scheme, ticket, session_index, levels):
    enrolment = ticket.enrolments.select_related("session").order_by("session__starts_at")[session_index]
    services.sheet_record(actor=scheme.animator, enrolment=enrolment, levels=levels)
    return enrolment


@pytest.fixture
def followed(scheme, make_ticket):
    """A completed course with sheets: two items acquired, one acquired then lost, one in progress."""
    ticket = make_ticket("completed", email="lucie@exemple.test")
    items = list(Item.objects.filter(competence__domain__framework=ticket.framework))
    first, second, lost, going = items[0], items[-1], items[1], items[2]
    _sheet(scheme, ticket, 1, {first.pk: Mastery.IN_PROGRESS})
    _sheet(scheme, ticket, 3, {first.pk: Mastery.ACQUIRED, lost.pk: Mastery.ACQUIRED})
    _sheet(
        scheme, ticket, 6, {second.pk: Mastery.ACQUIRED, lost.pk: Mastery.IN_PROGRESS, going.pk: Mastery.IN_PROGRESS}
    )
    ticket.refresh_from_db()
    return ticket, {"first": first, "second": second, "lost": lost, "going": going}


@pytest.mark.django_db
def test_the_log_opens_by_its_link_alone_and_is_never_indexed_nor_leaked(client, followed, scheme):
    ticket, _items = followed
    response = client.get(_url(ticket))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Lucie" in page and "Bessières" not in page  # the first name only: the link may be shared
    assert "lucie@exemple.test" not in page
    assert ticket.display_reference in page
    assert "20 h" in page and "of 20 hours of workshops" in page
    assert scheme.partner.place.title in page
    assert reverse("tickets:log-pdf", args=[ticket.log_token]) in page


@pytest.mark.django_db
def test_the_log_lists_the_sessions_the_modules_and_the_validity(client, followed, scheme):
    ticket, _items = followed
    page = client.get(_url(ticket)).content.decode()
    for module in scheme.modules[:10]:
        assert module.title in page
    assert page.count('class="log-session is-present') == 10
    assert "10 sessions attended out of 10" in page
    assert "Valid until" in page
    assert ticket.get_status_display() in page


@pytest.mark.django_db
def test_the_competences_are_grouped_by_domain_with_the_date_first_acquired(client, followed):
    ticket, items = followed
    response = client.get(_url(ticket))
    domains = {group["domain"].pk: group for group in response.context["domains"]}
    first_group = domains[items["first"].competence.domain_id]
    acquired = [row["item"] for row in first_group["acquired"]]
    assert items["first"] in acquired and items["lost"] not in acquired
    in_progress = [row["item"] for group in domains.values() for row in group["in_progress"]]
    assert items["lost"] in in_progress and items["going"] in in_progress
    enrolments = list(ticket.enrolments.select_related("session").order_by("session__starts_at"))
    row = next(row for row in first_group["acquired"] if row["item"] == items["first"])
    assert row["acquired_on"] == enrolments[3].session.starts_at  # the first session it was acquired at
    assert response.context["acquired_count"] == 2
    page = response.content.decode()
    assert items["first"].text in page and items["going"].text in page
    assert "acquired on" in page


@pytest.mark.django_db
def test_a_fresh_ticket_has_an_empty_log_that_says_what_comes_next(client, make_ticket):
    ticket = make_ticket("issued")
    page = client.get(_url(ticket)).content.decode()
    assert "No workshop yet" in page
    assert "Take your ticket to a partner place" in page


@pytest.mark.django_db
def test_an_unknown_token_or_an_erased_person_answers_404(client, followed, scheme):
    ticket, _items = followed
    assert client.get(reverse("tickets:log", args=["not-a-token"])).status_code == 404
    services.beneficiary_erase(actor=scheme.manager, ticket=ticket)
    assert client.get(_url(ticket)).status_code == 404
    ticket.refresh_from_db()
    assert client.get(_url(ticket)).status_code == 404  # erased-<pk> is not a way in either
    assert client.post(reverse("tickets:log-erasure", args=[ticket.log_token])).status_code == 404


@pytest.mark.django_db
def test_the_log_costs_the_same_few_queries_however_long_the_course(
    client, followed, make_ticket, django_assert_max_num_queries
):
    ticket, _items = followed
    fresh = make_ticket("issued", first_name="Jean")
    client.get(_url(fresh))  # the site's settings are created on the first page
    with django_assert_max_num_queries(12) as short:  # 5 for the log, the rest for the site's header and footer
        assert client.get(_url(fresh)).status_code == 200
    with django_assert_max_num_queries(12) as long:
        assert client.get(_url(ticket)).status_code == 200
    assert len(long) - len(short) <= 1, [q["sql"][:80] for q in long.captured_queries]


# --- Erasure asked from the log --------------------------------------------------------------


@pytest.mark.django_db
def test_asking_for_erasure_reaches_the_manager_once(client, followed, scheme, django_capture_on_commit_callbacks):
    ticket, _items = followed
    url = reverse("tickets:log-erasure", args=[ticket.log_token])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(_url(ticket))
        assert response["Referrer-Policy"] == "no-referrer"
        client.post(url)
    assert ErasureRequest.objects.filter(ticket=ticket, done_at__isnull=True).count() == 1
    page = client.get(_url(ticket)).content.decode()
    assert "reached the manager of the scheme" in page
    assert "Ask for my personal data to be erased" not in page
    assert scheme.manager.notifications.filter(text__contains=ticket.display_reference).count() == 1
    ticket.beneficiary.refresh_from_db()
    assert ticket.beneficiary.erased_at is None  # nothing erased until the manager confirms


@pytest.mark.django_db
def test_asking_for_erasure_needs_the_form_token(followed):
    ticket, _items = followed
    strict = english_client(enforce_csrf_checks=True)
    assert strict.post(reverse("tickets:log-erasure", args=[ticket.log_token])).status_code == 403
    page = strict.get(_url(ticket))
    token = page.cookies["csrftoken"].value
    response = strict.post(reverse("tickets:log-erasure", args=[ticket.log_token]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ErasureRequest.objects.filter(ticket=ticket).count() == 1


# --- The log inside the workspace ------------------------------------------------------------


@pytest.mark.django_db
def test_the_place_and_the_prescriber_get_the_personal_link_to_give(client, followed, scheme):
    ticket, _items = followed
    url = reverse("tickets:log-internal", args=[ticket.reference])
    absolute = "http://testserver" + _url(ticket)
    for user in (scheme.animator, scheme.prescriber):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert absolute in page and "tickets/copy.js" in page
        assert "Bessières" in page  # members who follow the ticket see the full name
        assert "Ask for my personal data to be erased" not in page
    client.force_login(scheme.referent)  # reads the ticket of their territory's place, no link to give
    response = client.get(url)
    assert response.status_code == 200 and absolute not in response.content.decode()


@pytest.mark.django_db
def test_the_internal_log_is_for_those_who_see_the_ticket(client, followed, scheme):
    ticket, _items = followed
    url = reverse("tickets:log-internal", args=[ticket.reference])
    assert client.get(url).status_code == 302  # log in first
    for user in (scheme.other_prescriber, scheme.other_animator, scheme.other_referent, scheme.member):
        client.force_login(user)
        assert client.get(url).status_code == 404, user


@pytest.mark.django_db
def test_the_manager_sees_the_request_and_erases(client, followed, scheme):
    ticket, _items = followed
    english_client().post(reverse("tickets:log-erasure", args=[ticket.log_token]))
    url = reverse("tickets:log-internal", args=[ticket.reference])
    client.force_login(scheme.animator)
    page = client.get(url).content.decode()
    assert "Erasure of personal data requested" in page
    assert reverse("tickets:erase", args=[ticket.reference]) not in page
    client.force_login(scheme.manager)
    page = client.get(url).content.decode()
    assert "Erasure of personal data requested" in page
    assert f'action="{reverse("tickets:erase", args=[ticket.reference])}"' in page
    token = ticket.log_token
    client.post(reverse("tickets:erase", args=[ticket.reference]))
    ticket.refresh_from_db()
    assert ticket.beneficiary.erased_at is not None
    assert not ErasureRequest.objects.filter(ticket=ticket, done_at__isnull=True).exists()
    assert english_client().get(reverse("tickets:log", args=[token])).status_code == 404
    page = client.get(url).content.decode()  # the course stays, anonymous
    assert "was erased on" in page and "Erasure of personal data requested" not in page
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.COMPLETED
