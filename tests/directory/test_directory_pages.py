"""The public directory: list and filters, map API, place page, printable directory."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import selectors
from tests.directory.helpers import complete_place
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    cahors, figeac = TerritoryFactory(name="Grand Cahors"), TerritoryFactory(name="Grand-Figeac")
    return {
        "cahors": complete_place(
            cahors, title="EPM de Cahors", services=["Aide aux démarches administratives"], espap=True
        ),
        "pradines": complete_place(
            cahors,
            title="EPM de Pradines",
            commune="Pradines",
            services=["Loisirs et créations numériques"],
            publics=["Seniors"],
        ),
        "figeac": complete_place(
            figeac,
            title="EPM de Figeac",
            commune="Figeac",
            postcode="46100",
            latitude=44.6086,
            longitude=2.0317,
            services=["Aide aux démarches administratives"],
            ticket_declic=True,
            opening_hours="Sa 09:00-12:00",
        ),
    }


def titles(response):
    return [p.title for p in response.context["places"]]


def test_list_shows_every_place_without_javascript(client, places):
    response = client.get("/annuaire/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["EPM de Cahors", "EPM de Figeac", "EPM de Pradines"]
    assert 'id="directory-map"' in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("service=Aide+aux+d%C3%A9marches+administratives", {"EPM de Cahors", "EPM de Figeac"}),
        ("service=Aide+aux+d%C3%A9marches+administratives&territoire=grand-figeac", {"EPM de Figeac"}),
        ("public=Seniors", {"EPM de Pradines"}),
        ("espap=1", {"EPM de Cahors"}),
        ("ticket=1", {"EPM de Figeac"}),
        ("q=pradines", {"EPM de Pradines"}),
    ],
)
def test_filters(client, places, query, expected):
    assert set(titles(client.get(f"/annuaire/?{query}"))) == expected


def test_open_now_filter_uses_the_hours(places):
    monday_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    result = selectors.places_for_list(selectors.PlaceFilters(open_now=True), now=monday_10)
    assert {p.title for p in result} == {"EPM de Cahors", "EPM de Pradines"}


def test_near_a_commune_sorts_nearest_first(client, places):
    response = client.get("/annuaire/?pres_de=figeac")
    assert titles(response)[0] == "EPM de Figeac"
    unknown = client.get("/annuaire/?pres_de=Tombouctou")
    assert "No place is known" in unknown.content.decode() or "Aucun lieu" in unknown.content.decode()


def test_list_and_map_query_counts_do_not_grow_with_places(client, places):
    def count(url):
        client.get(url)  # warm caches (site, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = (count("/annuaire/"), count("/annuaire/api/carte/?zoom=9"), count("/annuaire/api/lieux/"))
    for n in range(6):
        complete_place(TerritoryFactory(name="Grand Cahors"), title=f"Lieu {n}", commune="Catus")
    after = (count("/annuaire/"), count("/annuaire/api/carte/?zoom=9"), count("/annuaire/api/lieux/"))
    assert after == before


def test_map_api_gives_points_and_clusters_for_many_places(client, places, monkeypatch):
    data = client.get("/annuaire/api/carte/?zoom=9").json()
    assert data["mode"] == "points" and data["whole"] and data["total"] == 3
    point = next(p for p in data["points"] if p[3] == "EPM de Figeac")
    assert point[5] == "/annuaire/grand-figeac/epm-de-figeac/" and point[7] == 1
    monkeypatch.setattr(selectors, "MAP_POINTS_LIMIT", 1)
    wide = client.get("/annuaire/api/carte/?zoom=5&bbox=-5,41,10,51").json()
    assert wide["mode"] == "clusters" and sum(c[2] for c in wide["clusters"]) + len(wide["points"]) == 3
    assert client.get("/annuaire/api/carte/?bbox=nord").status_code == 400


def test_places_api_is_paginated_and_filtered(client, places):
    data = client.get("/annuaire/api/lieux/?taille=2").json()
    assert data["count"] == 3 and data["pages"] == 2 and len(data["results"]) == 2 and data["next"]
    data = client.get("/annuaire/api/lieux/?territoire=grand-figeac").json()
    assert [r["nom"] for r in data["results"]] == ["EPM de Figeac"]


def test_place_page_shows_hours_animators_and_events_without_an_agenda(client, places, create_user):
    place = places["figeac"]
    create_user(first_name="Léa", last_name="Martin", place=place)
    response = client.get(place.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "de 9 h à 12 h" in html and "Léa Martin" in html
    assert selectors.place_upcoming_events(place) == [] or all(e.start for e in selectors.place_upcoming_events(place))


def test_printable_directory_and_pdf(client, places):
    html = client.get("/annuaire/imprimer/").content.decode()
    assert html.index("Grand Cahors") < html.index("Grand-Figeac")
    pdf = client.get("/annuaire/annuaire.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_upcoming_events_selector_works_without_the_agenda_relation():
    class Bare:
        pass

    assert selectors.place_upcoming_events(Bare()) == []


def test_place_page_lists_upcoming_events_there_and_links_animators_for_members(client, login, places, create_user):
    from tests.home import builders

    place = places["figeac"]
    animator = create_user(first_name="Léa", last_name="Martin", place=place)
    builders.event("Atelier smartphone", in_days=3, place=place)
    builders.event("Atelier passé", in_days=-3, place=place)
    builders.event("Ailleurs", in_days=2)
    html = client.get(place.url).content.decode()
    assert "Atelier smartphone" in html
    assert "Atelier passé" not in html and "Ailleurs" not in html
    assert f"/espace/membres/{animator.pk}/" not in html  # visitors see the name only
    login(create_user())
    assert f"/espace/membres/{animator.pk}/" in client.get(place.url).content.decode()
