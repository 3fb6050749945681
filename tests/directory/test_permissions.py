"""Who administers which territory: the referent helpers of directory.permissions."""

import pytest

from core import roles
from directory import permissions
from directory.services import territory_referent_assign, territory_referent_remove, territory_referents
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territories():
    return TerritoryFactory(name="Grand Cahors"), TerritoryFactory(name="Grand-Figeac")


@pytest.mark.parametrize(
    "role, own, other",
    [
        ("referent", True, False),
        ("coordinator", True, True),
        ("animator", False, False),
        ("communication", False, False),
        ("anonymous", False, False),
    ],
)
def test_matrix_of_roles_against_two_territories(create_user, territories, role, own, other):
    from django.contrib.auth.models import AnonymousUser

    cahors, figeac = territories
    if role == "anonymous":
        user = AnonymousUser()
    elif role == "referent":
        user = create_user()
        territory_referent_assign(user=user, territory=cahors)
    else:
        user = create_user(role=role)
    assert permissions.is_referent_of(user, cahors) is own
    assert permissions.is_referent_of(user, figeac) is other
    expected = {t for t, allowed in ((cahors, own), (figeac, other)) if allowed}
    assert set(permissions.administrable_territories(user)) == expected


def test_assigning_a_referent_gives_the_role_and_replaces_the_previous_one(create_user, territories):
    cahors, _ = territories
    first, second = create_user(), create_user()
    territory_referent_assign(user=first, territory=cahors)
    assert roles.has_role(first, roles.REFERENT)
    assert first.territory == cahors
    territory_referent_assign(user=second, territory=cahors)
    assert list(territory_referents(cahors)) == [second]
    first = type(first).objects.get(pk=first.pk)
    assert not permissions.is_referent_of(first, cahors)
    assert not roles.has_role(first, roles.REFERENT)


def test_inactive_referent_administers_nothing(create_user, territories):
    cahors, _ = territories
    user = create_user()
    territory_referent_assign(user=user, territory=cahors)
    user.is_active = False
    assert not permissions.is_referent_of(user, cahors)
    assert not permissions.administrable_territories(user).exists()


def test_removing_the_referent(create_user, territories):
    cahors, _ = territories
    user = create_user()
    territory_referent_assign(user=user, territory=cahors)
    territory_referent_remove(user=user, territory=cahors)
    user = type(user).objects.get(pk=user.pk)
    assert not permissions.is_referent_of(user, cahors)
