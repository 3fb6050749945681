"""The referents' console: a referent acts on their territory only; the coordinator on all."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from core import roles
from directory.services import territory_referent_assign
from tests import factories
from workspace.people import services
from workspace.people.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(create_user):
    cahors = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    figeac = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    referent_a = create_user(email="ref.a@exemple.test")
    territory_referent_assign(user=referent_a, territory=cahors)
    referent_b = create_user(email="ref.b@exemple.test")
    territory_referent_assign(user=referent_b, territory=figeac)
    member_a = create_user(role=roles.ANIMATOR, territory=cahors)
    member_b = create_user(role=roles.ANIMATOR, territory=figeac)
    request_b = services.registration_submit(first_name="X", last_name="Y", email="x@exemple.test", territory=figeac)
    return {
        "cahors": cahors,
        "figeac": figeac,
        "referent_a": referent_a,
        "referent_b": referent_b,
        "member_a": member_a,
        "member_b": member_b,
        "request_b": request_b,
        "coordinator": create_user(role=roles.COORDINATOR),
        "animator": member_a,
    }


def test_referent_sees_their_console_with_figures_and_requests(client, world):
    client.force_login(world["referent_b"])
    response = client.get("/espace/territoires/")
    assert response.status_code == 302 and response["Location"] == "/espace/territoires/grand-figeac/"
    page = client.get("/espace/territoires/grand-figeac/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "X Y" in html
    assert page.context["figures"]["pending"] == 1
    assert world["member_b"] in page.context["members"]
    assert world["member_a"] not in page.context["members"]


@pytest.mark.parametrize(
    "who, console_a, console_b",
    [
        ("referent_a", 200, 404),
        ("referent_b", 404, 200),
        ("coordinator", 200, 200),
        ("animator", 404, 404),
    ],
)
def test_console_matrix(client, world, who, console_a, console_b):
    client.force_login(world[who])
    assert client.get("/espace/territoires/grand-cahors/").status_code == console_a
    assert client.get("/espace/territoires/grand-figeac/").status_code == console_b


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/espace/territoires/grand-cahors/").status_code == 302
    assert client.get("/espace/journal/").status_code == 302


def test_referent_of_a_cannot_act_on_territory_b_by_direct_url(client, world):
    client.force_login(world["referent_a"])
    request_b, member_b = world["request_b"], world["member_b"]
    # through their own territory's address with B's ids, or B's address: both refused
    assert client.post(f"/espace/territoires/grand-cahors/demandes/{request_b.pk}/approve/").status_code == 404
    assert client.post(f"/espace/territoires/grand-figeac/demandes/{request_b.pk}/approve/").status_code == 404
    assert client.post(f"/espace/territoires/grand-cahors/membres/{member_b.pk}/deactivate/").status_code == 404
    assert client.post(f"/espace/territoires/grand-figeac/membres/{member_b.pk}/deactivate/").status_code == 404
    member_b.refresh_from_db()
    request_b.refresh_from_db()
    assert member_b.is_active and request_b.status == "pending"
    assert not get_user_model().objects.filter(email="x@exemple.test").exists()


def test_deactivate_reactivate_and_audit(client, world):
    client.force_login(world["referent_a"])
    member = world["member_a"]
    client.post(f"/espace/territoires/grand-cahors/membres/{member.pk}/deactivate/")
    member.refresh_from_db()
    assert not member.is_active
    client.post(f"/espace/territoires/grand-cahors/membres/{member.pk}/activate/")
    member.refresh_from_db()
    assert member.is_active
    actions = list(AuditEntry.objects.filter(actor=world["referent_a"]).values_list("action", flat=True))
    assert actions == ["member.activate", "member.deactivate"]


def test_referent_grants_only_what_a_referent_may(client, world):
    client.force_login(world["referent_a"])
    member = world["member_a"]
    client.post(f"/espace/territoires/grand-cahors/membres/{member.pk}/role/", {"role": "prescriber", "granted": "1"})
    assert roles.has_role(member, roles.PRESCRIBER)
    response = client.post(
        f"/espace/territoires/grand-cahors/membres/{member.pk}/role/", {"role": "referent", "granted": "1"}
    )
    assert response.status_code == 403
    assert not roles.has_role(member, roles.REFERENT)


def test_password_link_is_sent_and_logged(client, world):
    client.force_login(world["referent_a"])
    member = world["member_a"]
    client.post(f"/espace/territoires/grand-cahors/membres/{member.pk}/password/")
    assert mail.outbox[-1].to == [member.email]
    assert "/compte/mot-de-passe/nouveau/" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="member.password_reset", territory=world["cahors"]).exists()


def test_only_the_coordinator_reads_and_filters_the_audit_log(client, world):
    client.force_login(world["referent_a"])
    client.post(f"/espace/territoires/grand-cahors/membres/{world['member_a'].pk}/deactivate/")
    assert client.get("/espace/journal/").status_code == 403
    client.force_login(world["coordinator"])
    page = client.get("/espace/journal/", {"territory": world["cahors"].pk, "action": "member.deactivate"})
    assert page.status_code == 200
    assert [e.action for e in page.context["page_obj"]] == ["member.deactivate"]
    empty = client.get("/espace/journal/", {"territory": world["figeac"].pk})
    assert list(empty.context["page_obj"]) == []
