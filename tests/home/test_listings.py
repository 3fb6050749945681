"""Every listing costs the same number of queries for 10 items as for 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import models
from tests.home import builders

pytestmark = pytest.mark.django_db


def queries_for(client, address):
    client.get(address)  # warm the caches a first visit fills (site root paths, renditions)
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(make, total):
    for _ in range(total - grow.count.get(make, 0)):
        make()
    grow.count[make] = total


grow.count = {}


def assert_constant(client, address, make):
    grow.count.clear()
    grow(make, 10)
    small = queries_for(client, address)
    grow(make, 100)
    large = queries_for(client, address)
    assert small == large, f"{address}: {small} queries for 10 items, {large} for 100"


def test_news_index(client):
    counter = iter(range(1000))
    assert_constant(
        client, "/actualites/", lambda: builders.news(f"N{next(counter)}", tags=["a", "b"], with_image=True)
    )


def test_news_feed(client):
    counter = iter(range(1000))
    assert_constant(client, "/actualites/rss/", lambda: builders.news(f"N{next(counter)}", tags=["a"]))


def test_agenda_and_ical_feed(client):
    counter = iter(range(1000))

    def make():
        builders.event(f"E{next(counter)}", in_days=2)

    assert_constant(client, "/agenda/", make)
    grow.count.clear()
    first = queries_for(client, "/agenda/ical/")
    for _ in range(20):
        make()
    assert queries_for(client, "/agenda/ical/") == first


def test_press_review(client):
    index = builders.child(builders.home(), models.PressReviewPage, title="Revue de presse", slug="revue-de-presse")
    counter = iter(range(1000))
    scan = builders.document("Scan")

    def make():
        n = next(counter)
        index.add_child(
            instance=models.PressArticle(
                title=f"A{n}", slug=f"a{n}", publication="La Dépêche", date="2008-03-01", excerpt="…", scan=scan
            )
        )

    assert_constant(client, "/revue-de-presse/", make)


def test_thematic_files(client):
    index = builders.child(builders.home(), models.ThematicFileIndexPage, title="Dossiers", slug="dossiers")
    counter = iter(range(1000))
    doc = builders.document("Synthèse")
    picture = builders.image("Couverture")

    def make():
        n = next(counter)
        page = models.ThematicFilePage(title=f"D{n}", slug=f"d{n}", theme="esp@p", summary="…", image=picture)
        page.attached_documents.add(models.ThematicFileDocument(document=doc, kind="synthesis"))
        index.add_child(instance=page)

    assert_constant(client, "/dossiers/", make)


def test_gallery_index_and_album(client):
    index = builders.child(builders.home(), models.GalleryIndexPage, title="Galerie", slug="galerie")
    album = index.add_child(instance=models.GalleryPage(title="Album", slug="album"))
    counter = iter(range(1000))

    def make_album():
        n = next(counter)
        page = models.GalleryPage(title=f"G{n}", slug=f"g{n}")
        page.gallery_images.add(models.GalleryImage(image=builders.image(f"c{n}"), sort_order=0))
        index.add_child(instance=page)

    assert_constant(client, "/galerie/", make_album)

    def make_photo():
        n = next(counter)
        models.GalleryImage.objects.create(page=album, image=builders.image(f"p{n}"), caption=f"Photo {n}")

    assert_constant(client, "/galerie/album/", make_photo)


def test_resources(client):
    builders.child(builders.home(), models.ResourceIndexPage, title="Ressources", slug="ressources")
    counter = iter(range(1000))
    assert_constant(client, "/ressources/", lambda: builders.document(f"Doc {next(counter)}"))


def test_past_events_and_month_view(client):
    import datetime

    from django.utils import timezone

    counter = iter(range(1000))
    assert_constant(client, "/agenda/passes/", lambda: builders.event(f"P{next(counter)}", in_days=-3))
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    assert_constant(
        client, f"/agenda/mois/{start.year}/{start.month}/", lambda: builders.event(f"M{next(counter)}", in_days=2)
    )


def test_news_index_filtered_by_tag(client):
    counter = iter(range(1000))
    assert_constant(
        client,
        "/actualites/?tag=ateliers",
        lambda: builders.news(f"T{next(counter)}", tags=["ateliers"], with_image=True),
    )


def test_home_page(client):
    counter = iter(range(1000))

    def make():
        n = next(counter)
        builders.news(f"H{n}", with_image=True)
        builders.event(f"HE{n}", in_days=1)

    assert_constant(client, "/", make)
