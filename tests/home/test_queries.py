"""The home page, uncached, in a constant number of queries: what changes only with a publication
(the listings, the index pages, the partners, the view restrictions) is read once per publication,
and is read again after one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import PublicSiteSettings
from tests import factories
from tests.home import builders

pytestmark = pytest.mark.django_db

# The site and the page (Wagtail's routing), the animators and the territories (live figures).
HOME_QUERIES = 4


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_home_page_costs_the_same_queries_whatever_it_shows(client):
    builders.news("Première", with_image=True)
    builders.event("Atelier")
    factories.directory_index()
    client.get("/")  # the first view after a publication reads the published parts
    assert home_queries(client)[0] == HOME_QUERIES
    for number in range(4):
        builders.news(f"Nouvelle {number}", with_image=True)
        builders.event(f"Atelier {number}", in_days=number + 2)
    builders.news("Dernière").save_revision().publish()  # moves the version
    html = client.get("/").content.decode()
    assert "Dernière" in html and "Atelier 0" in html
    count, html = home_queries(client)
    assert count == HOME_QUERIES
    assert "Dernière" in html


def test_a_new_view_restriction_takes_the_section_off_the_home_page(client):
    item = builders.news("Réservée aux membres")
    assert "Réservée aux membres" in client.get("/").content.decode()
    PageViewRestriction.objects.create(page=builders.news_index(), restriction_type=PageViewRestriction.LOGIN)
    assert "Réservée aux membres" not in client.get("/").content.decode()
    response = client.get(item.url)  # Wagtail's own check still asks to log in
    assert response.status_code == 302
    assert "/connexion/" in response["Location"] or "login" in response["Location"]


def test_an_event_that_has_ended_leaves_the_home_page_without_a_publication(client, monkeypatch):
    builders.event("Atelier du matin", in_days=0, hours=1)
    builders.event("Atelier de demain", in_days=1)
    assert "Atelier du matin" in client.get("/").content.decode()
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = client.get("/").content.decode()
    assert "Atelier du matin" not in html
    assert "Atelier de demain" in html


def test_saving_the_site_settings_shows_the_new_partners(client):
    builders.home()
    client.get("/")
    settings_ = PublicSiteSettings.for_site(builders.home().get_site())
    settings_.partners = [("partner", {"name": "Département du Lot", "logo": builders.image("logo"), "url": ""})]
    settings_.save()
    html = client.get("/").content.decode()
    assert "Département du Lot" in html and "partner-logo" in html


def test_a_fresh_site_s_home_page_keeps_its_renditions_with_its_listings(client, django_assert_num_queries):
    """Renditions missing when the listings were read (a fresh site) are made then and kept with
    them: the next views ask no rendition query."""
    from wagtail.images.models import Rendition

    from tests.home import builders

    builders.home()
    for i in range(3):
        builders.news(f"Nouvelle {i}", days_ago=i, with_image=True)
    Rendition.objects.all().delete()
    assert client.get("/").status_code == 200
    with django_assert_num_queries(4):
        page = client.get("/").content.decode()
    assert page.count("fill-480x300") >= 3
