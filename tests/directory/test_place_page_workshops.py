"""The public page of a place lists its upcoming workshops (at most five, soonest first, past
ones left out), links to the agenda filtered on the place, and costs the same queries whatever
the number of workshops."""

import datetime

import pytest
from django.utils import timezone

from tests.directory.helpers import complete_place
from tests.home import builders

pytestmark = pytest.mark.django_db


def workshop(place, title, in_days, **fields):
    return builders.event(title, in_days=in_days, place=place, **fields)


def test_upcoming_workshops_are_listed_with_a_link_to_the_agenda(client, django_assert_max_num_queries):
    place = complete_place(title="EPM de Cahors", slug="epm-de-cahors")
    other = complete_place(title="EPM de Pradines", slug="epm-de-pradines")
    workshop(place, "Atelier courriel", in_days=3)
    client.get(place.url)  # warm the site's caches
    with django_assert_max_num_queries(60) as one:
        body = client.get(place.url).content.decode()
    assert "Atelier courriel" in body and f"/agenda/?lieu={place.pk}" in body
    for n in range(6):
        workshop(place, f"Atelier n°{n}", in_days=4 + n)
    workshop(other, "Atelier ailleurs", in_days=2)
    workshop(place, "Atelier passé", in_days=-3)
    running = workshop(place, "Atelier en cours", in_days=0, hours=5)
    running.start = timezone.now() - datetime.timedelta(hours=1)
    running.save_revision().publish()
    draft = workshop(place, "Atelier brouillon", in_days=1)
    draft.unpublish()
    client.get(place.url)  # publishing moved the public tree's version: warm its caches again
    with django_assert_max_num_queries(one.final_queries - one.initial_queries):
        body = client.get(place.url).content.decode()
    listed = body[body.index('class="plain place-events"') :]
    listed = listed[: listed.index("</ul>")]
    assert listed.count("<li>") == 5
    assert listed.index("Atelier en cours") < listed.index("Atelier courriel") < listed.index("Atelier n°0")
    for absent in ("Atelier passé", "Atelier ailleurs", "Atelier brouillon", "Atelier n°3"):
        assert absent not in listed


def test_the_place_page_says_its_hours_in_french(client):
    place = complete_place(
        title="EPM de Cahors",
        slug="epm-de-cahors",
        opening_hours="Mo-Fr 09:00-12:00; 2026 Dec 24-2027 Jan 02 off; PH off",
    )
    body = client.get(place.url).content.decode()
    assert "Du lundi au vendredi : de 9 h à 12 h" in body
    assert "Fermé les jours fériés" in body
