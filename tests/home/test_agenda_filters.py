"""The public agenda filtered by territory, place, theme and audience, and its map of the month."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from home import models
from tests import factories
from tests.home import builders

pytestmark = pytest.mark.django_db


def in_month(months_ahead=2, day=10, hour=14):
    """A date in a month to come (not today's: the tests do not depend on the day they run)."""
    today = timezone.localdate()
    year, month = today.year, today.month + months_ahead
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def event(title, start, **fields):
    index = builders.event_index()
    return index.add_child(
        instance=models.EventPage(
            title=title,
            slug=f"evenement-{models.EventPage.objects.count() + 1}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            summary=f"Résumé de {title}",
            **fields,
        )
    )


@pytest.fixture
def agenda():
    builders.event_index()
    figeac_t = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    cahors_t = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    factories.TerritoryFactory(name="Quercy Blanc", slug="quercy-blanc")
    places = {
        "figeac": factories.place(
            figeac_t, title="EPM de Figeac", commune="Figeac", latitude=44.6086, longitude=2.0317
        ),
        "cajarc": factories.place(figeac_t, title="Mairie de Cajarc", commune="Cajarc"),  # no coordinates
        "cahors": factories.place(cahors_t, title="EPM de Cahors", commune="Cahors", latitude=44.4475, longitude=1.441),
        "idle": factories.place(cahors_t, title="EPM sans atelier", commune="Pradines", latitude=44.48, longitude=1.4),
    }
    E = models.EventPage
    events = {
        "courriel": event(
            "Atelier courriel",
            in_month(day=10),
            place=places["figeac"],
            theme=E.Theme.INTERNET,
            audience=E.Audience.SENIORS,
        ),
        "smartphone": event(
            "Prendre en main son smartphone",
            in_month(day=12),
            place=places["cajarc"],
            theme=E.Theme.MOBILE,
            audience=E.Audience.YOUTH,
        ),
        "demarches": event(
            "Démarches en ligne",
            in_month(day=14),
            place=places["cahors"],
            theme=E.Theme.ONLINE_SERVICES,
            audience=E.Audience.EVERYONE,
        ),
        "webinaire": event(
            "Webinaire sécurité",
            in_month(day=16),
            location="En ligne",
            theme=E.Theme.SAFETY,
            audience=E.Audience.ADULTS,
        ),
    }
    return places, events


def titles(response):
    """The titles of the listed events, in order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="event-title"><a href="[^"]*">([^<]+)</a>', html)


def count_sentence(response):
    html = response.content.decode()
    match = re.search(r'<p class="agenda-count" id="agenda-count">(.*?)</p>', html, re.S)
    return " ".join(match.group(1).split())


def map_data(response):
    match = re.search(r'<script id="agenda-map-data" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1)) if match else None


def test_without_filters_every_upcoming_event_is_listed(client, agenda):
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert titles(response) == [
        "Atelier courriel",
        "Prendre en main son smartphone",
        "Démarches en ligne",
        "Webinaire sécurité",
    ]
    assert count_sentence(response) == "4 événements à venir"
    assert "Réinitialiser" not in response.content.decode()


def test_territory_narrows_the_list_and_says_so(client, agenda):
    response = client.get("/agenda/?territoire=grand-figeac")
    assert titles(response) == ["Atelier courriel", "Prendre en main son smartphone"]
    assert count_sentence(response) == "2 événements à venir pour : Grand-Figeac"
    html = response.content.decode()
    assert '<option value="grand-figeac" selected>Grand-Figeac</option>' in html
    assert "Réinitialiser" in html


def test_place_narrows_the_list(client, agenda):
    places, _events = agenda
    response = client.get(f"/agenda/?lieu={places['cahors'].pk}")
    assert titles(response) == ["Démarches en ligne"]
    assert count_sentence(response) == "1 événement à venir pour : EPM de Cahors"


def test_place_choices_are_grouped_by_territory_and_only_places_having_events(client, agenda):
    html = client.get("/agenda/").content.decode()
    select = re.search(r'<select name="lieu".*?</select>', html, re.S).group(0)
    assert '<optgroup label="Grand Cahors">' in select and '<optgroup label="Grand-Figeac">' in select
    assert "EPM de Figeac" in select and "Mairie de Cajarc" in select
    assert "EPM sans atelier" not in select
    assert "Toutes les communes" not in select and "Tous les lieux" in select
    territories = re.search(r'<select name="territoire".*?</select>', html, re.S).group(0)
    assert "Quercy Blanc" in territories  # every territory: "nothing in my territory" is an answer


def test_theme_narrows_the_list(client, agenda):
    response = client.get("/agenda/?theme=mobile")
    assert titles(response) == ["Prendre en main son smartphone"]
    label = models.EventPage.Theme.MOBILE.label
    assert count_sentence(response) == f"1 événement à venir pour : {label}"


def test_audience_narrows_the_list_keeping_the_events_for_everyone(client, agenda):
    response = client.get("/agenda/?public=seniors")
    assert titles(response) == ["Atelier courriel", "Démarches en ligne"]
    response = client.get("/agenda/?public=everyone")
    assert titles(response) == ["Démarches en ligne"]


def test_filters_combine(client, agenda):
    response = client.get("/agenda/?territoire=grand-figeac&theme=internet")
    assert titles(response) == ["Atelier courriel"]
    assert count_sentence(response).startswith("1 événement à venir pour : Grand-Figeac, ")
    response = client.get("/agenda/?territoire=grand-cahors&theme=internet")
    assert titles(response) == []
    assert "Aucun événement ne correspond à ces filtres." in response.content.decode()


def test_ical_feed_is_filtered(client, agenda):
    response = client.get("/agenda/ical/?territoire=grand-figeac")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Atelier courriel", "Prendre en main son smartphone"]
    assert "Grand-Figeac" in str(calendar["x-wr-calname"])
    everything = Calendar.from_ical(client.get("/agenda/ical/").content)
    assert len(everything.walk("VEVENT")) == 4


def test_links_keep_the_filters(client, agenda):
    html = client.get("/agenda/?territoire=grand-figeac&theme=internet").content.decode()
    kept = "territoire=grand-figeac&amp;theme=internet"
    assert f'href="/agenda/passes/?{kept}"' in html
    assert f'href="/agenda/ical/?{kept}"' in html
    today = timezone.localdate()
    assert f'href="/agenda/mois/{today.year}/{today.month}/?{kept}"' in html
    assert "S’abonner à cette sélection (iCal)" in html or "cette sélection" in html


@pytest.mark.parametrize(
    "query",
    [
        "lieu=abc",
        "lieu=999999",
        "territoire=<script>alert(1)</script>",
        "theme=zzz",
        "public=robots",
        "page=999",
        "page=abc",
        "lieu=null",
        "theme=internet&theme=zzz",
        "territoire=%00",
    ],
)
@pytest.mark.parametrize("view", ["", "passes/", "MONTH", "ical/"])
def test_odd_input_is_ignored_without_error(client, agenda, query, view):
    if view == "MONTH":
        start = in_month()
        view = f"mois/{start.year}/{start.month}/"
    response = client.get(f"/agenda/{view}?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    if view == "":
        if "page" in query:
            assert len(titles(response)) == 4
        elif query != "theme=internet&theme=zzz":
            assert len(titles(response)) == 4  # the odd filter is ignored
            assert "ne sont pas compris" in body  # and the form says so


def test_invalid_filter_is_shown_next_to_its_field(client, agenda):
    html = client.get("/agenda/?theme=zzz&territoire=grand-figeac").content.decode()
    assert titles(client.get("/agenda/?theme=zzz&territoire=grand-figeac")) == [
        "Atelier courriel",
        "Prendre en main son smartphone",
    ]
    assert 'class="field has-error"' in html
    assert "Sélectionnez un choix valide" in html
    # only what was understood is carried by the links
    assert 'href="/agenda/passes/?territoire=grand-figeac"' in html


def test_past_view_keeps_the_filters(client, agenda):
    places, _events = agenda
    now = timezone.now()
    event("Ancien atelier à Figeac", now - datetime.timedelta(days=20), place=places["figeac"])
    event("Ancien atelier à Cahors", now - datetime.timedelta(days=21), place=places["cahors"])
    response = client.get("/agenda/passes/?territoire=grand-figeac")
    assert titles(response) == ["Ancien atelier à Figeac"]
    assert count_sentence(response) == "1 événement passé pour : Grand-Figeac"
    assert 'href="/agenda/?territoire=grand-figeac"' in response.content.decode()


def test_month_view_keeps_the_filters_in_its_navigation(client, agenda):
    start = in_month()
    response = client.get(f"/agenda/mois/{start.year}/{start.month}/?territoire=grand-figeac")
    assert titles(response) == ["Atelier courriel", "Prendre en main son smartphone"]
    sentence = count_sentence(response)
    assert sentence.startswith("2 événements en ") and sentence.endswith("pour : Grand-Figeac")
    html = response.content.decode()
    following = in_month(months_ahead=3)
    assert f'href="/agenda/mois/{following.year}/{following.month}/?territoire=grand-figeac" rel="next"' in html
    assert f'action="/agenda/mois/{start.year}/{start.month}/"' in html


def test_pagination_keeps_the_filters(client, agenda):
    places, _events = agenda
    for n in range(14):
        event(f"Série {n}", in_month(day=20, hour=8) + datetime.timedelta(hours=n), place=places["figeac"])
    response = client.get("/agenda/?territoire=grand-figeac")
    assert count_sentence(response) == "16 événements à venir pour : Grand-Figeac"
    html = response.content.decode()
    assert 'href="?territoire=grand-figeac&amp;page=2"' in html
    second = client.get("/agenda/?territoire=grand-figeac&page=2")
    assert len(titles(second)) == 4


def test_month_map_holds_only_the_month_events_with_coordinates_grouped_by_place(client, agenda):
    places, _events = agenda
    event("Deuxième atelier à Figeac", in_month(day=24), place=places["figeac"])
    event("Le mois suivant", in_month(months_ahead=3, day=3), place=places["cahors"])
    start = in_month()
    response = client.get(f"/agenda/mois/{start.year}/{start.month}/")
    data = map_data(response)
    by_place = {p["title"]: p for p in data["places"]}
    assert set(by_place) == {"EPM de Figeac", "EPM de Cahors"}  # Cajarc has no coordinates; online has no place
    figeac = by_place["EPM de Figeac"]
    assert (figeac["lat"], figeac["lng"]) == (44.6086, 2.0317)
    assert [e["title"] for e in figeac["events"]] == ["Atelier courriel", "Deuxième atelier à Figeac"]
    assert figeac["events"][0]["url"] == "/agenda/evenement-1/"
    assert figeac["url"].endswith("/epm-de-figeac/")
    assert [e["title"] for e in by_place["EPM de Cahors"]["events"]] == ["Démarches en ligne"]
    assert "tile" in data["tiles"]
    html = response.content.decode()
    assert "2 événements ne sont pas sur la carte" in html
    assert "agenda-map.js" in html and "leaflet.js" in html


def test_month_map_follows_the_filters(client, agenda):
    start = in_month()
    response = client.get(f"/agenda/mois/{start.year}/{start.month}/?territoire=grand-cahors")
    assert [p["title"] for p in map_data(response)["places"]] == ["EPM de Cahors"]
    empty = client.get(f"/agenda/mois/{start.year}/{start.month}/?theme=mobile")
    assert map_data(empty) is None  # Cajarc is not located: no map, the list says it all
    assert "leaflet.js" not in empty.content.decode()


def _queries(client, address, django_assert_max_num_queries, limit=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)  # a first visit fills the caches (site root paths)
    if limit is None:
        with CaptureQueriesContext(connection) as context:
            assert client.get(address).status_code == 200
        return len(context.captured_queries)
    with django_assert_max_num_queries(limit):
        assert client.get(address).status_code == 200
    return limit


@pytest.mark.parametrize(
    "address",
    [
        "/agenda/?territoire=grand-figeac&theme=internet",
        "/agenda/?public=seniors&lieu=PLACE",
        "/agenda/passes/?territoire=grand-figeac",
        "/agenda/mois/MONTH/?territoire=grand-figeac",
        "/agenda/mois/MONTH/",
        "/agenda/ical/?territoire=grand-figeac",
    ],
)
def test_query_count_does_not_grow_with_the_events(client, agenda, address, django_assert_max_num_queries):
    places, _events = agenda
    start = in_month()
    address = address.replace("PLACE", str(places["figeac"].pk)).replace("MONTH", f"{start.year}/{start.month}")
    now = timezone.now()

    def grow(total):
        for n in range(total):
            E = models.EventPage
            when = in_month(day=1 + n % 27, hour=8 + n % 10) if n % 3 else now - datetime.timedelta(days=n + 1)
            event(
                f"Atelier {total}-{n}",
                when,
                place=places["figeac"] if n % 2 else places["cahors"],
                theme=E.Theme.INTERNET,
                audience=E.Audience.SENIORS,
            )

    grow(5)
    with_five = _queries(client, address, django_assert_max_num_queries)
    grow(25)
    assert models.EventPage.objects.count() >= 34
    _queries(client, address, django_assert_max_num_queries, limit=with_five)
