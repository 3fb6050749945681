import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from core import roles
from directory import permissions
from directory.models import PlacePage, Territory
from home.models import HomePage
from workspace.espap.models import Appointment, Slot, SurveyAnswer, WeeklyGrid

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": get_user_model().objects.count(),
        "territories": Territory.objects.count(),
        "places": PlacePage.objects.count(),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
        "espap": tuple(m.objects.count() for m in (Slot, Appointment, WeeklyGrid, SurveyAnswer)),
    }


def test_load_demo_twice_gives_the_same_network(settings):
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert first["territories"] == 9
    assert first["places"] == 100  # lot-network.yaml: about a hundred places
    slots, appointments, grids, answers = first["espap"]
    assert appointments > 100 and grids == 9 * 10 and answers > 100
    assert Appointment.objects.filter(status="confirmed", slot__starts_at__date=timezone.localdate()).exists()
    # coordinator, officer, 9 referents, 150 animators, 6 agency advisors, prescriber, manager
    assert first["users"] == 1 + 1 + 9 + 150 + 6 + 1 + 1


def test_demo_accounts_have_their_roles_and_the_demo_password(settings):
    call_command("load_demo", verbosity=0)
    User = get_user_model()
    coordinator = User.objects.get(email="coordinateur@demo.maillage.test")
    assert coordinator.is_superuser
    assert coordinator.check_password(settings.DEMO_PASSWORD)
    referent = User.objects.get(email="referent.grand-figeac@demo.maillage.test")
    assert [t.slug for t in permissions.administrable_territories(referent)] == ["grand-figeac"]
    assert roles.has_role(User.objects.get(email="animateur12@demo.maillage.test"), roles.ANIMATOR)
    assert roles.has_role(User.objects.get(email="conseiller.caf@demo.maillage.test"), roles.AGENCY_ADVISOR)
    assert roles.has_role(User.objects.get(email="gestionnaire.ticket@demo.maillage.test"), roles.TICKET_MANAGER)
    animators = User.objects.filter(groups__name=roles.GROUP_NAMES[roles.ANIMATOR])
    assert animators.filter(place__isnull=False).count() == 150
    # animators are spread over all the places, each in the territory of its place
    assert animators.values("place").distinct().count() == 100
    assert all(a.territory_id == a.place.territory_id for a in animators.select_related("place"))
    # each has their desk and their place in the network space, as an account made one by one
    from workspace.spaces.models import Membership, Space

    animator = animators.get(email="animateur140@demo.maillage.test")
    assert Space.objects.filter(kind=Space.Kind.PERSONAL, owner=animator).exists()
    assert Membership.objects.filter(user=animator, space__kind=Space.Kind.NETWORK).exists()
    assert animator.check_password(settings.DEMO_PASSWORD)
    assert all(a.territory_id == a.place.territory_id for a in animators.select_related("place"))


def test_the_home_page_is_the_site_root(client, settings):
    call_command("load_demo", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].specific_class is HomePage


def test_demo_accounts_are_printed(capsys, settings):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "coordinateur@demo.maillage.test" in out
    assert "referent.cauvaldor@demo.maillage.test" in out
    assert settings.DEMO_PASSWORD in out
