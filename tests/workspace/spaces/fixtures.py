"""Fixtures shared by the workspace module tests: members with their spaces, and a group
holding one person of every role (plus people outside it) for the permission matrices."""

from types import SimpleNamespace

import pytest

from core import roles
from tests.factories import TerritoryFactory
from workspace.spaces import services
from workspace.spaces.models import Membership, Space

ROLES = ["owner", "admin", "member", "guest", "outsider", "anonymous", "referent", "coordinator"]


@pytest.fixture
def member(create_user):
    """member(role=roles.ANIMATOR, **fields): a user with their desk and the network space."""

    def make(role=roles.ANIMATOR, **fields):
        user = create_user(role=role, **fields)
        services.member_spaces_ensure(user=user)
        return user

    return make


@pytest.fixture
def cast(member):
    """A working group and one person for each row of the permission matrix."""
    from directory.services import territory_referent_assign

    people = SimpleNamespace(
        owner=member(first_name="Olivia", last_name="Owner"),
        admin=member(first_name="Adam", last_name="Admin"),
        member=member(first_name="Maud", last_name="Member"),
        guest=member(first_name="Gaston", last_name="Guest"),
        outsider=member(first_name="Oscar", last_name="Outsider"),
        referent=member(role=roles.REFERENT, first_name="Rémi", last_name="Referent"),
        coordinator=member(role=roles.COORDINATOR, first_name="Cora", last_name="Coordinator"),
        anonymous=None,
    )
    territory_referent_assign(user=people.referent, territory=TerritoryFactory())
    group = services.group_create(creator=people.owner, name="Évaluation esp@p", purpose="Évaluer le dispositif.")
    for who, role in ((people.admin, "admin"), (people.member, "member"), (people.guest, "guest")):
        invitation = services.member_invite(space=group, actor=people.owner, who=who.email, role=role)
        services.invitation_answer(invitation=invitation, user=who, accept=True)
    secret = services.group_create(creator=people.owner, name="Groupe secret", visibility=Space.Visibility.SECRET)
    for who, role in ((people.admin, "admin"), (people.member, "member"), (people.guest, "guest")):
        invitation = services.member_invite(space=secret, actor=people.owner, who=who.email, role=role)
        services.invitation_answer(invitation=invitation, user=who, accept=True)
    other = services.group_create(creator=people.outsider, name="Autre groupe", visibility=Space.Visibility.SECRET)
    return SimpleNamespace(
        people=people,
        group=group,
        secret=secret,
        other=other,
        network=services.network_space_ensure(),
        Membership=Membership,
    )
