"""A post's image is private: stored outside the public media root under an unguessable name,
served only to whoever may see the post, and gone from the disk with the post."""

import importlib
import io
import os
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workspace.contacts import services
from workspace.contacts.models import Post

pytestmark = pytest.mark.django_db

UNGUESSABLE = re.compile(r"^posts/[0-9a-f]{32}\.png$")


def png_bytes(colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def picture(name="atelier-de-camille.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def people(create_user):
    author, friend, stranger = create_user(), create_user(), create_user()
    services.contact_request_accept(user=friend, request=services.contact_request_send(sender=author, recipient=friend))
    return author, friend, stranger


@pytest.fixture
def post(people):
    return services.post_create(author=people[0], text="Atelier du samedi", visibility="contacts", image=picture())


class TestStorage:
    def test_the_image_is_private_under_an_unguessable_name(self, post, settings):
        assert UNGUESSABLE.match(post.image.name)
        assert post.image.path.startswith(str(settings.PRIVATE_ROOT))
        assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, post.image.name))

    def test_nothing_is_reachable_under_media(self, client, login, people, post):
        login(people[1])  # even for the contact who may see the post
        for url in (
            f"/media/{post.image.name}",
            f"/media/posts/{people[0].pk}/atelier-de-camille.png",
        ):
            assert client.get(url).status_code == 404

    def test_the_service_keeps_the_size_and_type_checks(self, people):
        with pytest.raises(services.ContactError, match="pas une image"):
            services.post_create(author=people[0], text="Oups", image=picture(content=b"%PDF-1.4 pas une image"))
        big = picture()
        big.size = services.POST_IMAGE_MAX_BYTES + 1
        with pytest.raises(services.ContactError, match="trop lourde"):
            services.post_create(author=people[0], text="Trop lourd", image=big)
        assert not Post.objects.filter(text__in=["Oups", "Trop lourd"]).exists()


class TestServing:
    def test_anonymous_visitors_get_no_image(self, client, post):
        response = client.get(post.image_url)
        assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")

    def test_a_contact_gets_the_bytes_a_non_contact_a_404(self, client, login, people, post):
        author, friend, stranger = people
        assert post.image_url == f"/espace/contacts/fil/{post.pk}/image/"
        login(stranger)
        assert client.get(post.image_url).status_code == 404
        for who in (friend, author):
            client.force_login(who)  # switching members
            response = client.get(post.image_url)
            assert response.status_code == 200
            assert body(response) == png_bytes()
            assert response["Content-Type"] == "image/png"
            assert response["Content-Disposition"].startswith("inline")
            assert "atelier" not in response["Content-Disposition"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"].startswith("private")

    def test_a_block_or_a_hidden_post_keeps_the_image_away(self, client, login, people):
        author, friend, stranger = people
        post = services.post_create(author=author, text="Pour tous", visibility="network", image=picture())
        login(stranger)
        assert client.get(post.image_url).status_code == 200
        services.member_block(user=author, other=stranger)
        assert client.get(post.image_url).status_code == 404

    def test_a_post_without_image_has_no_image_address(self, client, login, people):
        post = services.post_create(author=people[0], text="Sans image", visibility="network")
        assert post.image_url == ""
        login(people[1])
        assert client.get(f"/espace/contacts/fil/{post.pk}/image/").status_code == 404

    def test_the_stream_shows_the_checked_address(self, client, login, people, post):
        login(people[1])
        html = client.get("/espace/contacts/fil/").content.decode()
        assert f'src="{post.image_url}"' in html
        assert "/media/" not in html

    def test_behind_nginx_the_bytes_are_left_to_it(self, client, login, people, post, settings):
        settings.PRIVATE_ACCEL_PREFIX = "/_private/"
        login(people[1])
        response = client.get(post.image_url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/_private/{post.image.name}"
        assert response.content == b""
        assert response["Content-Type"] == "image/png"


class TestDeletion:
    def test_deleting_the_post_removes_the_file(self, people, post, django_capture_on_commit_callbacks):
        path = post.image.path
        assert os.path.exists(path)
        with django_capture_on_commit_callbacks(execute=True):
            services.post_delete(user=people[0], post=post)
        assert not os.path.exists(path)

    def test_a_refused_deletion_keeps_the_file(self, people, post, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ContactError):
            services.post_delete(user=people[1], post=post)
        assert os.path.exists(post.image.path)

    def test_deleting_the_author_removes_their_post_images(self, people, post, django_capture_on_commit_callbacks):
        path = post.image.path
        with django_capture_on_commit_callbacks(execute=True):
            people[0].delete()
        assert not Post.objects.filter(pk=post.pk).exists()
        assert not os.path.exists(path)


class TestMigration:
    def test_existing_images_move_out_of_the_media_root(self, people, settings, django_capture_on_commit_callbacks):
        migration = importlib.import_module("workspace.contacts.migrations.0004_move_post_images_private")
        author = people[0]
        old = f"posts/{author.pk}/vacances-a-figeac.png"
        os.makedirs(os.path.join(settings.MEDIA_ROOT, f"posts/{author.pk}"), exist_ok=True)
        with open(os.path.join(settings.MEDIA_ROOT, old), "wb") as handle:
            handle.write(png_bytes("orange"))
        moved = services.post_create(author=author, text="Ancienne publication")
        gone = services.post_create(author=author, text="Image perdue")
        kept = services.post_create(author=author, text="Déjà privée", image=picture())
        # the state the previous code left: names under the public media root
        Post.objects.filter(pk=moved.pk).update(image=old)
        Post.objects.filter(pk=gone.pk).update(image=f"posts/{author.pk}/disparue.png")

        with django_capture_on_commit_callbacks(execute=True):
            migration.Migration.operations[0].code(apps, None)

        moved.refresh_from_db()
        assert UNGUESSABLE.match(moved.image.name)
        with open(os.path.join(settings.PRIVATE_ROOT, moved.image.name), "rb") as handle:
            assert handle.read() == png_bytes("orange")
        assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, old))
        gone.refresh_from_db()
        assert gone.image.name == ""
        assert Post.objects.get(pk=kept.pk).image.name == kept.image.name
