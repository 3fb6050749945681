"""The activity stream: who sees which post; comments, likes, reports and moderation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directory.services import territory_referent_assign
from tests import factories
from workspace.contacts import selectors, services
from workspace.contacts.models import Post
from workspace.people.models import AuditEntry

pytestmark = pytest.mark.django_db


def befriend(a, b):
    services.contact_request_accept(user=b, request=services.contact_request_send(sender=a, recipient=b))


@pytest.fixture
def people(create_user):
    cahors = factories.TerritoryFactory(name="Grand Cahors", slug="grand-cahors")
    figeac = factories.TerritoryFactory(name="Grand-Figeac", slug="grand-figeac")
    author = create_user(first_name="Auteur", territory=cahors)
    friend = create_user(first_name="Ami")
    stranger = create_user(first_name="Inconnu")
    befriend(author, friend)
    referent_cahors, referent_figeac = create_user(), create_user()
    territory_referent_assign(user=referent_cahors, territory=cahors)
    territory_referent_assign(user=referent_figeac, territory=figeac)
    return {
        "author": author,
        "friend": friend,
        "stranger": stranger,
        "referent_cahors": referent_cahors,
        "referent_figeac": referent_figeac,
    }


def test_member_publishes_and_contacts_see_it(client, people):
    client.force_login(people["author"])
    response = client.post(
        "/espace/contacts/fil/", {"text": "Atelier photo samedi à Gourdon !", "visibility": "contacts"}
    )
    assert response.status_code == 302
    client.force_login(people["friend"])
    assert "Atelier photo samedi" in client.get("/espace/contacts/fil/").content.decode()
    client.force_login(people["stranger"])
    assert "Atelier photo samedi" not in client.get("/espace/contacts/fil/?fil=reseau").content.decode()


def test_network_posts_reach_the_whole_network_tab(client, people):
    services.post_create(author=people["author"], text="Nouveau module PIX", visibility="network")
    client.force_login(people["stranger"])
    assert "Nouveau module PIX" not in client.get("/espace/contacts/fil/").content.decode()
    assert "Nouveau module PIX" in client.get("/espace/contacts/fil/?fil=reseau").content.decode()


def test_user_text_is_escaped_and_links_clickable(client, people):
    services.post_create(
        author=people["author"], text="<script>alert(1)</script> voir https://www.lot.fr", visibility="network"
    )
    client.force_login(people["friend"])
    html = client.get("/espace/contacts/fil/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://www.lot.fr"' in html


def test_empty_post_and_bad_image_are_refused_and_the_text_kept(client, people):
    client.force_login(people["author"])
    response = client.post("/espace/contacts/fil/", {"text": "", "visibility": "contacts"})
    assert response.status_code == 200 and response.context["form"].errors
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post("/espace/contacts/fil/", {"text": "Mon texte", "visibility": "contacts", "image": bad})
    assert response.status_code == 200
    assert response.context["form"]["text"].value() == "Mon texte"
    assert Post.objects.count() == 0
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    good = SimpleUploadedFile("atelier.png", buffer.getvalue(), content_type="image/png")
    client.post("/espace/contacts/fil/", {"text": "Avec photo", "visibility": "contacts", "image": good})
    assert Post.objects.get().image.name.endswith(".png")


def test_comments_and_likes(client, people):
    post = services.post_create(author=people["author"], text="Bonjour", visibility="contacts")
    client.force_login(people["friend"])
    client.post(f"/espace/contacts/fil/{post.pk}/comment/", {"text": "Bravo !"})
    client.post(f"/espace/contacts/fil/{post.pk}/like/")
    stream = list(selectors.stream_for(people["friend"]))
    assert stream[0].like_count == 1 and stream[0].liked
    assert [c.text for c in post.comments.all()] == ["Bravo !"]
    client.post(f"/espace/contacts/fil/{post.pk}/like/")
    assert list(selectors.stream_for(people["friend"]))[0].like_count == 0
    # a member outside the audience cannot comment, like or even learn the post exists
    client.force_login(people["stranger"])
    assert client.post(f"/espace/contacts/fil/{post.pk}/comment/", {"text": "Hop"}).status_code == 404
    assert client.post(f"/espace/contacts/fil/{post.pk}/like/").status_code == 404


def test_report_then_referent_of_the_authors_territory_hides(client, people):
    post = services.post_create(author=people["author"], text="Propos déplacés", visibility="contacts")
    client.force_login(people["friend"])
    client.post(f"/espace/contacts/fil/{post.pk}/report/", {"reason": "Insultant"})
    client.force_login(people["referent_cahors"])
    console = client.get("/espace/territoires/grand-cahors/")
    assert post in console.context["reported_posts"]
    client.force_login(people["referent_figeac"])
    assert client.post(f"/espace/contacts/fil/{post.pk}/hide/").status_code == 404
    client.force_login(people["referent_cahors"])
    client.post(f"/espace/contacts/fil/{post.pk}/hide/")
    post.refresh_from_db()
    assert post.hidden
    assert AuditEntry.objects.filter(action="post.hide", actor=people["referent_cahors"]).exists()
    client.force_login(people["friend"])
    assert "Propos déplacés" not in client.get("/espace/contacts/fil/").content.decode()
    client.force_login(people["referent_cahors"])
    client.post(f"/espace/contacts/fil/{post.pk}/restore/")
    post.refresh_from_db()
    assert not post.hidden


def test_only_the_author_deletes(client, people):
    post = services.post_create(author=people["author"], text="À supprimer", visibility="network")
    client.force_login(people["friend"])
    client.post(f"/espace/contacts/fil/{post.pk}/delete/")
    assert Post.objects.filter(pk=post.pk).exists()
    client.force_login(people["author"])
    client.post(f"/espace/contacts/fil/{post.pk}/delete/")
    assert not Post.objects.filter(pk=post.pk).exists()


def test_stream_query_count_does_not_grow_with_posts(client, people):
    client.force_login(people["friend"])
    for n in range(3):
        post = services.post_create(author=people["author"], text=f"post {n}", visibility="contacts")
        services.comment_add(user=people["friend"], post=post, text="ok")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/espace/contacts/fil/")  # warm-up: site settings are created on first use
    with CaptureQueriesContext(connection) as few:
        client.get("/espace/contacts/fil/")
    for n in range(15):
        post = services.post_create(author=people["author"], text=f"post bis {n}", visibility="contacts")
        services.comment_add(user=people["friend"], post=post, text="ok")
    with CaptureQueriesContext(connection) as many:
        client.get("/espace/contacts/fil/")
    assert len(many) == len(few)
