"""Who may manage whose account: roles × actions × targets, through the services and the console.

The referent of a territory manages the members of that territory, except a superuser placed
there; the coordinator manages everyone; the referent of another territory and a plain member
manage no one.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core import roles
from directory.services import territory_referent_assign
from tests import factories
from workspace.people import services
from workspace.people.models import AuditEntry

pytestmark = pytest.mark.django_db

ACTORS = ("coordinator", "referent_here", "referent_elsewhere", "animator")
TARGETS = ("member", "superuser")
ACTIONS = ("role", "deactivate", "activate", "password")

# (actor, target) → allowed
ALLOWED = {
    ("coordinator", "member"): True,
    ("coordinator", "superuser"): True,
    ("referent_here", "member"): True,
    ("referent_here", "superuser"): False,
    ("referent_elsewhere", "member"): False,
    ("referent_elsewhere", "superuser"): False,
    ("animator", "member"): False,
    ("animator", "superuser"): False,
}
# what the console answers a refusal with: the referent of the member's territory reaches the
# member (403); the others do not administer the territory at all (404, as for a stranger)
REFUSED_STATUS = {"coordinator": None, "referent_here": 403, "referent_elsewhere": 404, "animator": 404}


@pytest.fixture
def world(create_user):
    cahors = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    figeac = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    referent_here = create_user(email="ref.cahors@exemple.test")
    territory_referent_assign(user=referent_here, territory=cahors)
    referent_elsewhere = create_user(email="ref.figeac@exemple.test")
    territory_referent_assign(user=referent_elsewhere, territory=figeac)
    return {
        "territory": cahors,
        "coordinator": create_user(role=roles.COORDINATOR, email="coordination@exemple.test"),
        "referent_here": referent_here,
        "referent_elsewhere": referent_elsewhere,
        "animator": create_user(role=roles.ANIMATOR, territory=cahors, email="animatrice@exemple.test"),
        "member": create_user(role=roles.ANIMATOR, territory=cahors, email="membre@exemple.test"),
        "superuser": create_user(
            role=roles.COORDINATOR, territory=cahors, email="direction@exemple.test", first_name="Direction"
        ),
    }


def _state(member):
    """What an action changes: the account's state, its roles, the e-mails it received."""
    member.refresh_from_db()
    return (
        member.is_active,
        roles.has_role(member, roles.PRESCRIBER),
        sum(1 for m in mail.outbox if m.to == [member.email]),
    )


def _prepare(member, action):
    """Put the member in the state the action changes (an account to reactivate is inactive)."""
    if action == "activate":
        type(member).objects.filter(pk=member.pk).update(is_active=False)
        member.refresh_from_db()


def _call_service(action, actor, member):
    if action == "role":
        services.member_role_set(actor=actor, member=member, role=roles.PRESCRIBER, granted=True)
    elif action in ("activate", "deactivate"):
        services.member_set_active(actor=actor, member=member, active=action == "activate")
    else:
        services.member_password_reset_send(actor=actor, member=member, base_url="http://testserver")


def _changed(action, before, after):
    active, prescriber, mails = after
    return {
        "role": prescriber and not before[1],
        "activate": active and not before[0],
        "deactivate": before[0] and not active,
        "password": mails == before[2] + 1,
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor", ACTORS)
def test_services_matrix(world, actor, target, action):
    member, who = world[target], world[actor]
    _prepare(member, action)
    before = _state(member)
    if ALLOWED[(actor, target)]:
        _call_service(action, who, member)
        assert _changed(action, before, _state(member))
        assert AuditEntry.objects.filter(actor=who, territory=world["territory"]).exists()
    else:
        with pytest.raises(PermissionDenied):
            _call_service(action, who, member)
        assert _state(member) == before
        assert not AuditEntry.objects.filter(actor=who).exists()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor", ACTORS)
def test_console_actions_matrix(client, world, actor, target, action):
    member, who = world[target], world[actor]
    _prepare(member, action)
    before = _state(member)
    client.force_login(who)
    data = {"role": roles.PRESCRIBER, "granted": "1"} if action == "role" else {}
    response = client.post(f"/espace/territoires/grand-cahors/membres/{member.pk}/{action}/", data)
    if ALLOWED[(actor, target)]:
        assert response.status_code == 302
        assert _changed(action, before, _state(member))
    else:
        assert response.status_code == REFUSED_STATUS[actor]
        assert _state(member) == before
        assert not AuditEntry.objects.filter(actor=who).exists()


@pytest.mark.parametrize("actor", ["coordinator", "referent_here"])
def test_console_offers_only_the_actions_one_may_do(client, world, actor):
    client.force_login(world[actor])
    html = client.get("/espace/territoires/grand-cahors/").content.decode()
    for target in TARGETS:
        base = f"/espace/territoires/grand-cahors/membres/{world[target].pk}/"
        offered = [f"{base}{action}/" in html for action in ("deactivate", "password", "role")]
        assert offered == [ALLOWED[(actor, target)]] * 3, (target, offered)
    # the superuser's row is listed all the same: only the buttons differ
    assert "direction@exemple.test" in html
