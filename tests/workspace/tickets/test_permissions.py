"""The permission matrix of the scheme: each role against each page, with direct ids of
tickets, sessions and claims that are not theirs. 404 where the thing must not be known to
exist, 403 where the member sees it but may not act, 302 to the login page for visitors."""

import pytest
from django.urls import reverse

from workspace.tickets import permissions as policy
from workspace.tickets.models import Ticket

ROLES = [
    "prescriber",
    "other_prescriber",
    "animator",
    "other_animator",
    "plain_animator",
    "referent",
    "other_referent",
    "manager",
    "coordinator",
    "member",
    "anonymous",
]

# page -> expected status per role, in the order of ROLES
MATRIX = {
    "index": [200, 200, 200, 200, 404, 200, 200, 200, 200, 404, 302],
    "list": [200, 200, 200, 200, 404, 200, 200, 200, 200, 404, 302],
    "issue": [200, 200, 403, 403, 404, 403, 403, 403, 403, 404, 302],
    "register": [403, 403, 200, 200, 404, 403, 403, 403, 403, 404, 302],
    "sessions": [403, 403, 200, 200, 404, 403, 403, 403, 403, 404, 302],
    "claims": [200, 200, 200, 200, 404, 200, 200, 200, 200, 404, 302],
    "catalogue": [200, 200, 200, 200, 404, 200, 200, 200, 200, 404, 302],
    "detail": [200, 404, 200, 404, 404, 200, 404, 200, 200, 404, 302],
    "interview": [403, 404, 200, 404, 404, 403, 404, 403, 403, 404, 302],
    "session": [404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 302],
    "sheet": [404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 302],
    "offer": [403, 403, 403, 403, 404, 200, 403, 200, 200, 404, 302],
    "validate": [403, 403, 403, 403, 404, 403, 403, 302, 302, 404, 302],
    "close": [403, 404, 302, 404, 404, 403, 404, 403, 403, 404, 302],
}


@pytest.fixture
def world(scheme, make_ticket):
    completed = make_ticket("completed")
    followed = make_ticket("in_progress", first_name="Jean")
    enrolment = completed.enrolments.first()
    return {
        "index": ("get", reverse("tickets:index")),
        "list": ("get", reverse("tickets:list")),
        "issue": ("get", reverse("tickets:issue")),
        "register": ("get", reverse("tickets:register")),
        "sessions": ("get", reverse("tickets:sessions")),
        "claims": ("get", reverse("tickets:claims")),
        "catalogue": ("get", reverse("tickets:catalogue")),
        "detail": ("get", completed.get_absolute_url()),
        "interview": ("get", reverse("tickets:interview", args=[followed.reference])),
        "session": ("get", enrolment.session.get_absolute_url()),
        "sheet": ("get", reverse("tickets:sheet", args=[enrolment.session_id, enrolment.pk])),
        "offer": ("get", reverse("tickets:offer", args=[scheme.partner.pk])),
        "validate": ("post", reverse("tickets:claim-action", args=[completed.claim.pk, "valider"])),
        "close": ("post", reverse("tickets:close", args=[followed.reference])),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_page(role, scheme, world, client):
    user = getattr(scheme, role, None)
    if user is not None:
        client.force_login(user)
    got = {}
    for page, (method, url) in world.items():
        data = {"reason": "Déménagement"} if page == "close" else {}
        got[page] = getattr(client, method)(url, data).status_code
    expected = {page: row[ROLES.index(role)] for page, row in MATRIX.items()}
    assert got == expected


@pytest.mark.django_db
def test_the_queryset_and_the_per_object_answers_agree(scheme, make_ticket):
    tickets = [make_ticket("completed"), make_ticket("in_progress"), make_ticket()]
    other = make_ticket()
    Ticket.objects.filter(pk=other.pk).update(organisation=scheme.other_organisation)
    elsewhere = make_ticket()
    from workspace.tickets import services

    services.ticket_register(actor=scheme.other_animator, typed=elsewhere.reference)
    everything = [*tickets, other, elsewhere]
    for role in ROLES[:-1]:
        user = getattr(scheme, role)
        listed = set(policy.tickets_for(user).values_list("pk", flat=True))
        allowed = {
            t.pk for t in Ticket.objects.filter(pk__in=[x.pk for x in everything]) if policy.can(user, "view", t)
        }
        assert listed == allowed, role


@pytest.mark.django_db
def test_a_deactivated_manager_loses_everything_at_once(scheme, make_ticket, client):
    ticket = make_ticket("completed")
    client.force_login(scheme.manager)
    assert client.get(ticket.get_absolute_url()).status_code == 200
    scheme.manager.is_active = False
    scheme.manager.save()
    assert client.get(ticket.get_absolute_url()).status_code in (302, 404)
    assert not policy.can(scheme.manager, policy.PAY)
