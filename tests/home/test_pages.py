"""The page tree: which page goes where, and every page type renders for a visitor."""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home import models
from tests.home import builders


class PageTreeTests(WagtailPageTestCase):
    def test_sections_go_under_the_home_page(self):
        for model in builders.SECTION_INDEXES:
            self.assertAllowedParentPageTypes(model, {models.HomePage})
        self.assertAllowedParentPageTypes(models.StandardPage, {models.HomePage, models.StandardPage})
        self.assertAllowedParentPageTypes(models.StatisticsPage, {models.HomePage, models.StandardPage})
        self.assertAllowedParentPageTypes(models.SurveyPage, {models.HomePage, models.StandardPage})

    def test_each_index_holds_its_own_items_only(self):
        self.assertAllowedSubpageTypes(models.NewsIndexPage, {models.NewsPage})
        self.assertAllowedSubpageTypes(models.PressReviewPage, {models.PressArticle})
        self.assertAllowedSubpageTypes(models.ThematicFileIndexPage, {models.ThematicFilePage})
        self.assertAllowedSubpageTypes(models.EventIndexPage, {models.EventPage})
        self.assertAllowedSubpageTypes(models.GalleryIndexPage, {models.GalleryPage})
        for leaf in (
            models.NewsPage,
            models.PressArticle,
            models.EventPage,
            models.GalleryPage,
            models.ThematicFilePage,
            models.ResourceIndexPage,
            models.StatisticsPage,
        ):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_the_officer_can_create_a_news_item_from_the_admin_form(self):
        from tests.factories import UserFactory

        index = builders.news_index()
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))
        self.assertCanCreate(
            index,
            models.NewsPage,
            {
                "title": "Un atelier à Figeac",
                "slug": "atelier-figeac",
                "date": "2026-05-02",
                "summary": "Un atelier photo.",
                "tags": "photo, Figeac",
                "body-count": "0",
            },
        )


@pytest.fixture
def demo_site(db):
    call_command("load_demo", verbosity=0)


PUBLIC_ADDRESSES = [
    ("/", "Le numérique, près de chez vous"),
    ("/programme/", "Le programme"),
    ("/programme/ticket-declic/", "Le Ticket déclic"),
    ("/actualites/", "Actualités"),
    ("/actualites/?tag=jeunes", "Enquête sur les usages TIC : les premiers résultats"),
    ("/actualites/lancement-plateforme/", "La plateforme collaborative des EPM est en ligne"),
    ("/revue-de-presse/", "Revue de presse"),
    ("/revue-de-presse/?annee=2008", "Les espaces multimédia du Lot font réseau"),
    ("/revue-de-presse/article-1/", "La Dépêche du Midi"),
    ("/dossiers/", "Dossiers thématiques"),
    ("/dossiers/ticket-declic/", "Étude pour un dispositif financier de mutualisation"),
    ("/agenda/", "Atelier : faire ses démarches en ligne"),
    ("/agenda/passes/", "Fête de l&#x27;internet à Cahors"),
    ("/agenda/atelier-demarches-gourdon/", "Ajouter à mon agenda"),
    ("/galerie/", "Ateliers Ticket déclic"),
    ("/galerie/ateliers-ticket-declic/", "Premier atelier à Gourdon"),
    ("/ressources/", "Synthèse de l&#x27;enquête sur les usages TIC (2007)"),
    ("/ressources/?type=pdf", "PDF"),
    ("/statistiques/", "Lieux par territoire"),
    ("/enquete-usages-numeriques/", "Avez-vous un ordinateur à la maison ?"),
    ("/enquete-usages-numeriques/resultats/", "24 réponses"),
]


def test_every_page_type_renders_for_a_visitor(client, demo_site):
    for address, text in PUBLIC_ADDRESSES:
        response = client.get(address)
        assert response.status_code == 200, address
        assert text in response.content.decode(), address


def test_the_menu_lists_every_section(client, demo_site):
    html = client.get("/").content.decode()
    nav = html.split('<nav aria-label="Menu principal">')[1].split("</nav>")[0]
    for address in (
        "/programme/",
        "/actualites/",
        "/revue-de-presse/",
        "/dossiers/",
        "/agenda/",
        "/galerie/",
        "/ressources/",
        "/statistiques/",
    ):
        assert f'href="{address}"' in nav


def test_home_page_shows_latest_news_next_events_files_and_partners(client, demo_site):
    html = client.get("/").content.decode()
    assert "La plateforme collaborative des EPM est en ligne" in html  # newest news item
    assert "Atelier : faire ses démarches en ligne" in html  # next event
    assert "Fête de l&#x27;internet" not in html  # past event
    assert "Les espaces services publics à proximité" in html  # featured thematic file
    assert '<span class="partner-name">Conseil départemental du Lot</span>' in html  # partner logo and name
    assert "05 65 00 00 00" in html  # footer contact from the site settings


def test_head_has_feeds_open_graph_and_description(client, demo_site):
    html = client.get("/actualites/lancement-plateforme/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/actualites/rss/"' in html
    assert 'type="application/atom+xml"' in html and 'href="/actualites/atom/"' in html
    assert '<meta property="og:title" content="La plateforme collaborative des EPM est en ligne">' in html
    assert 'property="og:image"' in html


def test_sitemap_lists_the_public_pages(client, demo_site):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/actualites/lancement-plateforme/" in xml
    assert "/agenda/" in xml


def test_month_view_lists_the_events_of_the_month(client, demo_site):
    event = models.EventPage.objects.get(slug="atelier-demarches-gourdon")
    from django.utils import timezone

    start = timezone.localtime(event.start)
    html = client.get(f"/agenda/mois/{start.year}/{start.month}/").content.decode()
    assert "Atelier : faire ses démarches en ligne" in html
    assert client.get("/agenda/mois/2026/13/").status_code == 404


def test_an_event_at_a_place_of_the_directory_links_to_it(client, demo_site):
    event = models.EventPage.objects.get(slug="atelier-demarches-gourdon")
    if event.place is None:
        pytest.skip("the demo directory has no place in Gourdon")
    html = client.get(event.url).content.decode()
    assert event.place.url in html
    assert event in event.place.events.all()


def test_unpublished_pages_are_not_listed(client, demo_site):
    item = models.NewsPage.objects.get(slug="charte-qualite")
    item.unpublish()
    assert "Une charte qualité commune" not in client.get("/actualites/").content.decode()
    assert client.get("/actualites/charte-qualite/").status_code == 404


def test_demo_content_is_loaded_once(demo_site):
    before = Page.objects.count()
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == before
    assert models.NewsPage.objects.count() >= 8
    assert models.PressArticle.objects.count() >= 6
    assert models.ThematicFilePage.objects.count() >= 3
    assert models.EventPage.objects.count() >= 6
    assert models.GalleryPage.objects.count() == 2
    assert models.StandardPage.objects.filter(depth=4).count() == 4  # the programme's projects


def test_page_titles_name_the_site_once(client, demo_site):
    """A page's SEO title is its whole title in the tab; other pages add the site's name."""
    home = client.get("/").content.decode()
    assert "<title>Maillage · Réseau des Espaces Publics Multimédia du Lot</title>" in home
    assert "<title>Actualités · Maillage</title>" in client.get("/actualites/").content.decode()


def test_the_footer_leads_to_a_site_map_for_people(client, demo_site, django_assert_max_num_queries):
    footer = client.get("/actualites/").content.decode().split("<footer")[1]
    assert 'href="/plan-du-site/"' in footer
    with django_assert_max_num_queries(30):
        html = client.get("/plan-du-site/").content.decode()
    assert "<h1>Plan du site</h1>" in html
    for address in ("/programme/", "/actualites/", "/agenda/", "/galerie/", "/espace/", "/inscription/"):
        assert f'href="{address}"' in html, address
