"""The communications officer in the Wagtail admin: every page type, in French, submitted for approval."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from core import roles
from home import demo, models
from tests.home import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(create_user, login):
    """The officer, logged in, with the demo's page permissions and moderation workflow."""
    demo._load_moderation(builders.home(), log=lambda *args: None)
    user = create_user(role=roles.COMMUNICATION)
    login(user)
    return user


def parents():
    home = builders.home()

    def index(model, slug):
        return builders.child(home, model, title=slug.capitalize(), slug=slug)

    return {
        models.StandardPage: home,
        models.NewsPage: index(models.NewsIndexPage, "actualites"),
        models.PressArticle: index(models.PressReviewPage, "revue-de-presse"),
        models.ThematicFilePage: index(models.ThematicFileIndexPage, "dossiers"),
        models.EventPage: index(models.EventIndexPage, "agenda"),
        models.GalleryPage: index(models.GalleryIndexPage, "galerie"),
        models.StatisticsPage: home,
        models.SurveyPage: home,
    }


def test_the_officer_opens_the_form_of_every_page_type_in_french(client, officer):
    for model, parent in parents().items():
        address = f"/admin/pages/add/home/{model._meta.model_name}/{parent.pk}/"
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert "Soumettre" in html, f"{address}: the officer submits for moderation"
        assert 'name="title"' in html


def test_index_pages_can_be_added_once_each(client, officer):
    home = builders.home()
    for model in builders.SECTION_INDEXES:
        address = f"/admin/pages/add/home/{model._meta.model_name}/{home.pk}/"
        assert client.get(address).status_code == 200, address
        builders.child(home, model, title=model._meta.model_name, slug=model._meta.model_name)
        assert client.get(address).status_code in (302, 403), f"{address}: a second one is refused"


def test_the_officer_submits_an_event_and_it_waits_for_approval(client, officer):
    agenda = builders.event_index()
    response = client.post(
        f"/admin/pages/add/home/eventpage/{agenda.pk}/",
        {
            "title": "Atelier CV à Souillac",
            "slug": "atelier-cv-souillac",
            "start": "2026-12-03 14:00",
            "end": "2026-12-03 16:00",
            "audience": "jobseekers",
            "registration": "none",
            "summary": "Mettre en forme son CV avec un animateur.",
            "location": "Médiathèque de Souillac",
            "body-count": "0",
            "action-submit": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = models.EventPage.objects.get(slug="atelier-cv-souillac")
    assert not event.live
    assert event.current_workflow_state.status == "in_progress"
    assert client.get("/agenda/").status_code == 200
    client.logout()
    assert "Atelier CV à Souillac" not in client.get("/agenda/").content.decode()


def test_a_redirect_sends_an_old_address_to_a_page(client):
    news_index = builders.news_index()
    Redirect.objects.create(old_path="/actus", redirect_page=news_index, is_permanent=True)
    response = client.get("/actus/")
    assert response.status_code == 301
    assert response["Location"].endswith("/actualites/")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
