"""RSS 2.0, Atom and iCal: what a feed reader or a calendar application gets, parsed back."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from tests.home import builders

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_is_valid_and_newest_first(client):
    builders.news("Ancienne nouvelle", days_ago=10, tags=["réseau"])
    builders.news("Nouvelle du jour", days_ago=0, tags=["ateliers"])
    response = client.get("/actualites/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Nouvelle du jour", "Ancienne nouvelle"]
    assert items[0].findtext("link").startswith("http://testserver/actualites/")
    assert items[0].findtext("category") == "ateliers"
    assert items[0].findtext("description") == "Résumé de Nouvelle du jour"


def test_atom_feed_is_valid(client):
    builders.news("Nouvelle du jour")
    response = client.get("/actualites/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Nouvelle du jour"]


def test_unpublished_news_is_not_in_the_feeds(client):
    builders.news("Publiée")
    builders.news("Brouillon").unpublish()
    body = client.get("/actualites/rss/").content.decode()
    assert "Publiée" in body and "Brouillon" not in body


def test_ical_of_one_event_parses_back_with_its_time_zone(client):
    event = builders.event("Atelier photo", in_days=3, hours=2, location="Médiathèque de Souillac")
    response = client.get(f"{event.url}ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    vevent = events[0]
    assert str(vevent["SUMMARY"]) == "Atelier photo"
    assert str(vevent["LOCATION"]) == "Médiathèque de Souillac"
    start = vevent.decoded("DTSTART")
    assert start == event.start
    assert str(start.tzinfo) == "Europe/Paris"
    assert vevent.decoded("DTEND") - start == datetime.timedelta(hours=2)
    assert calendar.walk("VTIMEZONE"), "the calendar carries its time zone"
    assert str(vevent["URL"]).endswith(event.url)


def test_ical_feed_holds_upcoming_events_only(client):
    builders.event("À venir", in_days=5)
    builders.event("Passé", in_days=-5)
    calendar = Calendar.from_ical(client.get("/agenda/ical/").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["À venir"]


def test_upcoming_and_past_lists(client):
    builders.event("À venir", in_days=5)
    builders.event("Passé", in_days=-5)
    upcoming = client.get("/agenda/").content.decode()
    past = client.get("/agenda/passes/").content.decode()
    assert "À venir" in upcoming and "Passé" not in upcoming.split("<main")[1].split("passes/")[1]
    assert "Passé" in past


def test_an_event_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    event = builders.event("Inversé")
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()
