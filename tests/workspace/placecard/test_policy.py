"""Who may see, change and moderate which card: role × page, by direct address and POST."""

import pytest
from django.urls import reverse

from directory.models import PlacePage
from tests.workspace.placecard.conftest import form_data
from workspace.placecard import permissions as policy
from workspace.placecard import services

pytestmark = pytest.mark.django_db

NEW_HOURS = "Mo-Fr 09:30-12:00"
LOGIN = "login"

# who: (index, card GET, edit GET, edit POST, moderate POST) on the card of the EPM de Figeac
MATRIX = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "member": (404, 404, 404, 404, 404),
    "animator": (302, 200, 200, 302, 403),
    "other_animator": (302, 404, 404, 404, 404),
    "referent": (200, 200, 200, 302, 302),
    "other_referent": (200, 404, 404, 404, 404),
    "officer": (404, 404, 404, 404, 404),
    "coordinator": (200, 200, 200, 302, 302),
}


def _status(response):
    if response.status_code == 302 and "/compte/connexion/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(cards, client, login, who):
    place = cards.figeac
    services.place_card_propose(user=cards.colleague, place=place, changes={"opening_hours": NEW_HOURS})
    if who != "anonymous":
        login(getattr(cards, who))
    card = reverse("placecard:card", args=[place.pk])
    edit = reverse("placecard:edit", args=[place.pk])
    moderate = reverse("placecard:moderate", args=[place.pk])
    got = (
        _status(client.get(reverse("placecard:index"))),
        _status(client.get(card)),
        _status(client.get(edit)),
        _status(client.post(edit, form_data())),
        _status(client.post(moderate, {"decision": "approve"})),
    )
    assert got == MATRIX[who]


def test_unknown_places_and_huge_ids_are_not_found(cards, client, login):
    login(cards.coordinator)
    assert client.get(reverse("placecard:card", args=[999999])).status_code == 404
    assert client.get(f"/espace/structure/lieux/{2**70}/").status_code == 404


@pytest.mark.parametrize("who", [w for w in MATRIX if w != "anonymous"])
def test_the_queryset_agrees_with_the_object_answer(cards, who):
    user = getattr(cards, who)
    for action in policy.ACTIONS:
        listed = set(policy.places_for(user, action).values_list("pk", flat=True))
        for place in PlacePage.objects.select_related("territory"):
            assert (place.pk in listed) == policy.can(user, action, place), (who, action, place.title)


def test_the_menu_lists_the_module_for_animators_and_referents_only(cards):
    assert policy.has_card(cards.animator) and policy.has_card(cards.referent) and policy.has_card(cards.coordinator)
    assert not policy.has_card(cards.member) and not policy.has_card(cards.officer)


def test_referents_see_the_pending_changes_of_their_territory(cards, client, login):
    services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
    services.place_card_propose(user=cards.other_animator, place=cards.gourdon, changes={"opening_hours": NEW_HOURS})
    login(cards.referent)
    page = client.get(reverse("placecard:index")).content.decode()
    assert "EPM de Figeac" in page and "Cyber-base de Gourdon" not in page
    assert reverse("wagtailadmin_pages:edit", args=[cards.figeac.pk]) in page


def test_the_pending_list_costs_the_same_queries_for_many_places(cards, client, login, django_assert_max_num_queries):
    services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
    login(cards.coordinator)
    client.get(reverse("placecard:index"))
    with django_assert_max_num_queries(25) as one:
        client.get(reverse("placecard:index"))
    services.place_card_propose(user=cards.coordinator, place=cards.capdenac, changes={"opening_hours": NEW_HOURS})
    services.place_card_propose(user=cards.coordinator, place=cards.gourdon, changes={"opening_hours": NEW_HOURS})
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("placecard:index"))
    assert response.content.decode().count("/admin/pages/") == 3
