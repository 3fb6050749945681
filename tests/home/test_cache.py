"""The public page cache: anonymous visitors get cached pages, editors and forms never do."""

import pytest
from django.core.cache import cache

from core import roles
from home.cache import HIT_HEADER
from tests.home import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache(client):
    builders.news("Première")
    assert client.get("/actualites/")[HIT_HEADER] == "miss"
    response = client.get("/actualites/")
    assert response[HIT_HEADER] == "hit"
    assert "Première" in response.content.decode()


def test_publishing_and_unpublishing_purge_the_cache(client):
    first = builders.news("Première")
    client.get("/actualites/")
    draft = builders.news("Seconde")
    draft.unpublish()  # unpublishing purges too
    client.get("/actualites/")
    assert client.get("/actualites/")[HIT_HEADER] == "hit"
    draft.save_revision().publish()
    response = client.get("/actualites/")
    assert response[HIT_HEADER] == "miss"
    assert "Seconde" in response.content.decode()
    first.unpublish()
    assert "Première" not in client.get("/actualites/").content.decode()


def test_feeds_and_ical_keep_their_content_type_when_cached(client):
    builders.news("Première")
    event = builders.event("Atelier")
    for address, content_type in (("/actualites/rss/", "application/rss+xml"), (f"{event.url}ical/", "text/calendar")):
        client.get(address)
        response = client.get(address)
        assert response[HIT_HEADER] == "hit"
        assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]


def test_logged_in_users_never_get_or_fill_the_cache(client, create_user, login):
    builders.news("Première")
    login(create_user(role=roles.COMMUNICATION))
    for _ in range(2):
        response = client.get("/actualites/")
        assert not response.has_header(HIT_HEADER)
        assert "Se déconnecter" in response.content.decode()
    client.logout()
    assert client.get("/actualites/")[HIT_HEADER] == "miss"


def test_a_visitor_with_pending_messages_or_a_session_is_not_served_from_the_cache(client):
    builders.news("Première")
    client.get("/actualites/")
    client.cookies["messages"] = "x"
    assert not client.get("/actualites/").has_header(HIT_HEADER)


def test_pages_with_a_form_are_not_cached(client):
    from tests.home.test_survey import make_survey

    make_survey()
    for _ in range(2):
        response = client.get("/enquete/")
        assert not response.has_header(HIT_HEADER)
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_site_settings_change_purges_the_cache(client):
    from wagtail.models import Site

    from home.models import PublicSiteSettings

    builders.home()
    client.get("/")
    settings_ = PublicSiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.contact_phone = "05 65 11 22 33"
    settings_.save()
    assert "05 65 11 22 33" in client.get("/").content.decode()


def test_scheduled_publishing_shows_the_page_and_purges_the_cache(client):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    builders.news("Première")
    draft = builders.news("Programmée")
    draft.unpublish()
    draft.refresh_from_db()
    draft.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = draft.save_revision()
    revision.publish()  # with a go-live date ahead, Wagtail only schedules it
    draft.refresh_from_db()
    assert not draft.live
    client.get("/actualites/")
    assert client.get("/actualites/")[HIT_HEADER] == "hit"

    an_hour_later = timezone.now() - datetime.timedelta(minutes=1)  # as if the go-live time had come
    revision.refresh_from_db()
    revision.approved_go_live_at = an_hour_later
    revision.content["go_live_at"] = an_hour_later.isoformat()
    revision.save()
    call_command("publish_scheduled")  # …the job of the README's crontab runs
    response = client.get("/actualites/")
    assert response[HIT_HEADER] == "miss"
    assert "Programmée" in response.content.decode()


def test_a_hit_is_answered_before_routing_without_any_query(client, django_assert_num_queries):
    builders.news("Première")
    assert client.get("/actualites/")[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/actualites/")
    assert response[HIT_HEADER] == "hit"
    assert "Première" in response.content.decode()
    # the headers the inner middleware added on the first visit come back with the hit
    assert response.has_header("Content-Security-Policy")
    assert response["X-Frame-Options"] == "DENY"


def test_tracking_parameters_share_the_page_and_the_parameters_a_page_reads_do_not(client):
    from home.models import NewsPage

    builders.news("Première")
    client.get("/actualites/")
    for number in range(5):
        response = client.get(f"/actualites/?utm_source=lettre-{number}&fbclid=x{number}&unused={number}")
        assert response[HIT_HEADER] == "hit"
    tagged = NewsPage.objects.get(title="Première")
    tagged.tags.add("atelier")
    tagged.save_revision().publish()
    assert client.get("/actualites/?tag=atelier")[HIT_HEADER] == "miss"
    assert client.get("/actualites/?tag=autre")[HIT_HEADER] == "miss"
    assert "Première" not in client.get("/actualites/?tag=autre").content.decode()
    assert "Première" in client.get("/actualites/?tag=atelier&utm_medium=mail").content.decode()


def test_a_page_that_does_not_say_what_it_reads_keys_on_every_parameter_but_tracking(client):
    builders.home()
    client.get("/?a=1")
    assert client.get("/?a=1&utm_campaign=x")[HIT_HEADER] == "hit"
    assert client.get("/?a=2")[HIT_HEADER] == "miss"
