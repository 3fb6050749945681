"""The demo content of the public site: dates people can come, partners that show, a survey that says
how many questions it has, programme pages that say where and how to take part."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from core.demo import daytime, is_public_holiday, next_working_day, quiet_indexing
from directory import demo as directory_demo
from directory.models import PlacePage
from home import demo as home_demo
from home.blocks import PartnerBlock
from home.models import EventPage, HomePage, StandardPage, SurveyPage


def noop(*args, **kwargs):
    pass


@pytest.fixture
def public_site(db):
    """The directory and the public site of the demo (without the workspace)."""
    with quiet_indexing():
        home = home_demo.load_site(log=noop)
        directory_demo.load(home=home, log=noop)
        home_demo.load_content(home=home, log=noop)
    return home


def test_working_days_skip_french_public_holidays_and_weekends():
    assert next_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 28)  # Christmas Friday → Monday
    assert next_working_day(dt.date(2026, 12, 25), saturday=True) == dt.date(2026, 12, 26)
    assert next_working_day(dt.date(2026, 4, 6)) == dt.date(2026, 4, 7)  # Easter Monday
    assert next_working_day(dt.date(2026, 5, 14)) == dt.date(2026, 5, 15)  # Ascension
    assert next_working_day(dt.date(2026, 5, 25)) == dt.date(2026, 5, 26)  # Whit Monday
    assert next_working_day(dt.date(2026, 7, 14), backwards=True) == dt.date(2026, 7, 13)
    assert is_public_holiday(dt.date(2025, 4, 21)) and not is_public_holiday(dt.date(2025, 4, 22))
    # an evening workshop on 31 December moves into the afternoon
    start, end = daytime(dt.date(2026, 12, 31), 20, hours=2)
    assert (start.hour, end.hour) == (16, 18)
    # a Saturday has its morning only
    start, end = daytime(dt.date(2026, 12, 26), 14, hours=2)
    assert (start.hour, end.hour) == (10, 12)


def test_demo_events_are_on_working_days_in_daytime(public_site):
    events = list(EventPage.objects.all())
    assert len(events) >= 40
    now = timezone.now()
    assert sum(e.start < now for e in events) >= 30  # a year of activity
    assert sum(e.start > now for e in events) >= 10  # and the next three months
    for event in events:
        start, end = timezone.localtime(event.start), timezone.localtime(event.end)
        assert not is_public_holiday(start.date()), event.slug
        assert start.weekday() < 5 or (start.weekday() == 5 and event.audience != "professionals"), event.slug
        assert start.time() >= dt.time(8) and end.time() <= dt.time(20) and start.date() == end.date(), event.slug
        assert event.theme and event.registration
        if event.registration == "contact":
            assert event.contact


def test_demo_home_page_texts_match_the_counters(public_site, client):
    home = HomePage.objects.get()
    assert not re.search(r"\d", home.hero_text)  # figures come from the live counters beside it
    response = client.get("/")
    figures = {str(f["label"]): f["value"] for f in response.context["key_figures"]}
    assert 100 in figures.values()


def test_demo_partners_show_their_logo_name_and_link(public_site, client):
    html = client.get("/").content.decode()
    section = html[html.index('id="partners-title"') :]
    for name, _lines, _colour, url in home_demo.PARTNERS:
        assert f'<span class="partner-name">{name}</span>'.replace("'", "&#x27;") in section
        assert f'href="{url}"' in section
    assert section.count('class="partner-logo"') == len(home_demo.PARTNERS)


def test_a_partner_without_logo_renders_nothing(db):
    block = PartnerBlock()
    assert (
        block.render(block.to_python({"name": "Sans logo", "logo": None, "url": "https://example.org/"})).strip() == ""
    )
    logo = home_demo._logo("Essai", ("E", "Essai"), (0, 94, 115), collection=home_demo._root_collection())
    html = block.render(block.to_python({"name": "Essai", "logo": logo.pk, "url": "https://example.org/"}))
    assert 'href="https://example.org/"' in html and ">Essai</span>" in html and "<img" in html


def test_the_survey_introduction_gives_the_number_of_questions(public_site):
    survey = SurveyPage.objects.get()
    count = survey.form_fields.count()
    assert count == len(home_demo.SURVEY_QUESTIONS)
    assert survey.intro == home_demo.survey_intro(count)
    assert survey.intro.startswith(f"<p>{home_demo.NUMBERS_FR[count]} questions")


def test_programme_pages_say_where_and_how_to_take_part(public_site, client):
    ticket = StandardPage.objects.get(slug="ticket-declic")
    html = client.get(ticket.url).content.decode()
    assert 'href="/annuaire/?ticket=1"' in html
    for prescriber in home_demo.network_facts()["ticket"]["prescribers"]:  # each said in French
        assert home_demo.PRESCRIBERS_FR[prescriber].split(",")[0] in html.replace("&#x27;", "'")
    modules = home_demo.network_facts()["ticket"]["modules"]
    for titles in modules.values():
        for number in titles:
            assert f"Module {number} :" in html
    espap = StandardPage.objects.get(slug="espap")
    html = client.get(espap.url).content.decode()
    assert 'href="/annuaire/?espap=1"' in html
    for site in PlacePage.objects.filter(espap=True):
        assert f'href="/espap/rendez-vous/{site.pk}/"' in html
        assert f'href="{site.url}"' in html
