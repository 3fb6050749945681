"""Who sees and does what in esp@p: each role against each page of the appointments, by direct
address; the policy's queryset and per-object answers agree; the inhabitant's details reach the
appointment's participants only."""

import pytest
from django.urls import reverse

from workspace.espap import permissions as policy
from workspace.espap.models import Appointment

ROLES = [
    "advisor",
    "colleague",
    "other_advisor",
    "mediator",
    "other_mediator",
    "plain_animator",
    "referent",
    "other_referent",
    "coordinator",
    "member",
]
IN_SCHEME = {
    "advisor",
    "colleague",
    "other_advisor",
    "mediator",
    "other_mediator",
    "referent",
    "other_referent",
    "coordinator",
}
ADVISORS = {"advisor", "colleague", "other_advisor"}
MEDIATORS = {"mediator", "other_mediator"}
SEES_APPOINTMENT = {"advisor", "colleague", "mediator", "referent", "coordinator"}
PARTICIPANTS = {"advisor", "mediator"}


def expected(page: str, role: str) -> int:
    if page in ("index", "agenda", "sites", "site"):
        return 200 if role in IN_SCHEME else 404
    if page == "slots":
        return 200 if role in ADVISORS else (403 if role in IN_SCHEME else 404)
    if page == "book":
        return 200 if role in MEDIATORS else (403 if role in IN_SCHEME else 404)
    if page == "appointment":
        return 200 if role in SEES_APPOINTMENT else 404
    if page == "ics":
        return 200 if role in PARTICIPANTS else (403 if role in SEES_APPOINTMENT else 404)
    raise AssertionError(page)


@pytest.fixture
def booked(espap, make_appointment):
    return make_appointment()


def _url(page, espap, a):
    return {
        "index": reverse("espap:index"),
        "agenda": reverse("espap:agenda"),
        "sites": reverse("espap:sites"),
        "site": reverse("espap:site", args=[espap.assier.pk]),
        "slots": reverse("espap:slots"),
        "book": reverse("espap:book"),
        "appointment": reverse("espap:appointment", args=[a.pk]),
        "ics": reverse("espap:appointment-ics", args=[a.pk]),
    }[page]


@pytest.mark.parametrize("page", ["index", "agenda", "sites", "site", "slots", "book", "appointment", "ics"])
def test_each_role_against_each_page(client, espap, booked, page):
    url = _url(page, espap, booked)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for role in ROLES:
        client.force_login(getattr(espap, role))
        status = client.get(url).status_code
        assert status == expected(page, role), (role, page, status)


def test_the_inhabitant_is_shown_to_the_participants_only(client, espap, booked):
    for role in SEES_APPOINTMENT:
        client.force_login(getattr(espap, role))
        page = client.get(reverse("espap:appointment", args=[booked.pk])).content.decode()
        assert ("Jeanne Vidal" in page) == (role in PARTICIPANTS), role
        assert ("05 65 00 00 01" in page) == (role in PARTICIPANTS), role
        agenda = client.get(reverse("espap:agenda")).content.decode()
        assert ("Jeanne Vidal" in agenda) == (role in PARTICIPANTS), role


def test_actions_by_direct_address_are_refused_to_who_may_not(client, espap, booked):
    url = reverse("espap:appointment-action", args=[booked.pk, "annuler"])
    for role, status in [("other_mediator", 404), ("referent", 403), ("coordinator", 403), ("member", 404)]:
        client.force_login(getattr(espap, role))
        assert client.post(url, {"cancel-reason": "test"}).status_code == status, role
    outcome = reverse("espap:appointment-action", args=[booked.pk, "issue"])
    client.force_login(espap.mediator)
    assert client.post(outcome, {"outcome-status": "seen"}).status_code == 403
    client.force_login(espap.colleague)
    assert client.post(outcome, {"outcome-status": "seen"}).status_code == 403
    booked.refresh_from_db()
    assert booked.status == "confirmed"
    client.force_login(espap.advisor)
    assert client.post(reverse("espap:appointment-action", args=[booked.pk, "n-importe"])).status_code == 404


def test_the_queryset_and_the_per_object_answers_agree(espap, make_appointment, make_slot):
    make_appointment()
    make_appointment(site=espap.gourdon, mediator=espap.other_mediator, days=2)
    make_appointment(slot=make_slot(espap.other_advisor, days=3), site=espap.gourdon, mediator=espap.other_mediator)
    everything = list(Appointment.objects.select_related("slot", "site"))
    for role in ROLES:
        user = getattr(espap, role)
        listed = set(policy.appointments_for(user))
        allowed = {a for a in everything if policy.can(user, policy.VIEW, a)}
        assert listed == allowed, role
        participating = set(Appointment.objects.filter(policy.participant_q(user)))
        assert participating == {a for a in everything if policy.is_participant(user, a)}, role
        assert participating <= allowed, role


def test_losing_the_role_loses_the_appointments_at_once(client, espap, booked):
    from core import roles

    client.force_login(espap.advisor)
    url = reverse("espap:appointment", args=[booked.pk])
    assert client.get(url).status_code == 200
    roles.revoke(espap.advisor, roles.AGENCY_ADVISOR)
    assert client.get(url).status_code == 404
    espap.mediator.place = espap.figeac
    espap.mediator.save()
    client.force_login(espap.mediator)
    assert client.get(url).status_code == 404


def test_the_standing_agrees_with_the_per_role_answers_and_reuses_what_the_request_read(
    espap, django_assert_max_num_queries, django_assert_num_queries
):
    from core import roles
    from directory.permissions import administrable_territory_ids

    for role in ROLES:
        user = getattr(espap, role)
        roles.role_names(user), administrable_territory_ids(user)  # read by every page anyway
        # an advisor's row or a mediator's site is what a role adds; the others cost nothing
        with django_assert_max_num_queries(0 if role == "member" else 1):
            where = policy.standing(user)
        with django_assert_num_queries(0):
            assert policy.standing(user) is where  # kept on the user object of the request
        assert where["advisor"] == (policy.advisor_of(user) is not None), role
        assert where["mediator"] == (policy.mediator_site_id(user) is not None), role
        assert where["referent"] == bool(policy.referent_territory_ids(user)), role
        assert policy.is_in_scheme(user) == (role in IN_SCHEME), role
