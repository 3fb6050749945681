"""A profile photo is private: stored outside the public media root under an unguessable name,
shown only to whoever may see the profile, and replaced without leaving the old one on disk."""

import importlib
import io
import os
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workspace.contacts import services as contacts
from workspace.people import services
from workspace.people.models import User

pytestmark = pytest.mark.django_db

UNGUESSABLE = re.compile(r"^people/photos/[0-9a-f]{32}\.png$")


def png_bytes(colour=(13, 92, 99)):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(buffer, "PNG")
    return buffer.getvalue()


def photo(content=None, name="camille-delpech.png"):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def camille(create_user):
    user = create_user(first_name="Camille")
    return services.profile_update(user=user, data={"photo": photo()})


class TestStorage:
    def test_the_photo_is_private_under_an_unguessable_name(self, camille, settings):
        assert UNGUESSABLE.match(camille.photo.name)
        assert camille.photo.path.startswith(str(settings.PRIVATE_ROOT))
        assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, camille.photo.name))

    def test_nothing_is_reachable_under_media(self, client, login, create_user, camille):
        login(create_user())
        for url in (f"/media/{camille.photo.name}", f"/media/people/photos/{camille.pk}/camille-delpech.png"):
            assert client.get(url).status_code == 404

    def test_the_service_keeps_the_size_and_type_checks(self, create_user, settings):
        user = create_user()
        with pytest.raises(ValidationError, match="pas une image"):
            services.profile_update(user=user, data={"photo": photo(b"%PDF-1.4 pas une image")})
        settings.PROFILE_PHOTO_MAX_BYTES = 10
        with pytest.raises(ValidationError, match="trop lourde"):
            services.profile_update(user=user, data={"photo": photo()})
        assert not User.objects.get(pk=user.pk).photo


class TestServing:
    def test_anonymous_visitors_get_no_photo(self, client, camille):
        response = client.get(camille.photo_url)
        assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")

    def test_members_get_the_bytes(self, client, login, create_user, camille):
        assert camille.photo_url.startswith(f"/espace/membres/{camille.pk}/photo/?v=")
        for who in (create_user(), camille):
            client.force_login(who)  # switching members
            response = client.get(camille.photo_url)
            assert response.status_code == 200
            assert body(response) == png_bytes()
            assert response["Content-Type"] == "image/png"
            assert "camille" not in response["Content-Disposition"]
            assert response["Cache-Control"].startswith("private, max-age=")

    @pytest.mark.parametrize("blocker", ["owner", "viewer"])
    def test_a_block_either_way_hides_the_photo(self, client, login, create_user, camille, blocker):
        viewer = create_user()
        if blocker == "owner":
            contacts.member_block(user=camille, other=viewer)
        else:
            contacts.member_block(user=viewer, other=camille)
        login(viewer)
        assert client.get(camille.photo_url).status_code == 404

    def test_a_deactivated_member_s_photo_is_not_served(self, client, login, create_user, camille):
        User.objects.filter(pk=camille.pk).update(is_active=False)
        login(create_user())
        assert client.get(camille.photo_url).status_code == 404

    def test_a_member_without_photo(self, client, login, create_user):
        member = create_user()
        assert member.photo_url == ""
        login(create_user())
        assert client.get(f"/espace/membres/{member.pk}/photo/").status_code == 404

    def test_the_profile_shows_the_checked_address(self, client, login, create_user, camille):
        login(create_user())
        html = client.get(f"/espace/membres/{camille.pk}/").content.decode()
        assert f'src="{camille.photo_url}"' in html
        assert "/media/" not in html

    def test_the_profile_form_links_the_current_photo_by_its_checked_address(self, client, login, camille):
        login(camille)
        html = client.get("/espace/profil/").content.decode()
        assert f'href="{camille.photo_url}"' in html
        assert "/media/" not in html and camille.photo.name not in html

    def test_behind_nginx_the_bytes_are_left_to_it(self, client, login, create_user, camille, settings):
        settings.PRIVATE_ACCEL_PREFIX = "/_private/"
        login(create_user())
        response = client.get(camille.photo_url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/_private/{camille.photo.name}"
        assert response.content == b""


class TestReplacement:
    def test_replacing_the_photo_removes_the_old_file(self, camille, django_capture_on_commit_callbacks):
        old_path, old_url = camille.photo.path, camille.photo_url
        with django_capture_on_commit_callbacks(execute=True):
            services.profile_update(user=camille, data={"photo": photo(png_bytes((200, 0, 0)))})
        assert not os.path.exists(old_path)
        assert os.path.exists(camille.photo.path)
        assert camille.photo_url != old_url  # a browser keeping the old one asks again

    def test_through_the_profile_form_too(self, client, login, camille, django_capture_on_commit_callbacks):
        old_path = camille.photo.path
        login(camille)
        form = {"first_name": "Camille", "last_name": "Delpech", "email_visibility": "network"}
        form["phone_visibility"] = "contacts"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/espace/profil/", {**form, "photo": photo(png_bytes((0, 200, 0)))})
        assert response.status_code == 302
        assert not os.path.exists(old_path)
        camille.refresh_from_db()
        new_path = camille.photo.path
        # saving the profile without touching the photo keeps it
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/espace/profil/", {**form, "job_title": "Animatrice"})
        camille.refresh_from_db()
        assert camille.photo.path == new_path and os.path.exists(new_path)
        # ticking "clear" removes it
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/espace/profil/", {**form, "photo-clear": "on"})
        camille.refresh_from_db()
        assert not camille.photo and not os.path.exists(new_path)

    def test_deleting_the_account_removes_the_photo(self, camille, django_capture_on_commit_callbacks):
        path = camille.photo.path
        with django_capture_on_commit_callbacks(execute=True):
            camille.delete()
        assert not os.path.exists(path)


def test_the_migration_moves_existing_photos(create_user, settings, django_capture_on_commit_callbacks):
    migration = importlib.import_module("workspace.people.migrations.0006_move_user_photos_private")
    moved, gone = create_user(), create_user()
    old = f"people/photos/{moved.pk}/julien-lacombe.png"
    os.makedirs(os.path.join(settings.MEDIA_ROOT, f"people/photos/{moved.pk}"), exist_ok=True)
    with open(os.path.join(settings.MEDIA_ROOT, old), "wb") as handle:
        handle.write(png_bytes((1, 2, 3)))
    # the state the previous code left: names under the public media root
    User.objects.filter(pk=moved.pk).update(photo=old)
    User.objects.filter(pk=gone.pk).update(photo=f"people/photos/{gone.pk}/disparue.png")

    with django_capture_on_commit_callbacks(execute=True):
        migration.Migration.operations[0].code(apps, None)

    moved.refresh_from_db()
    assert UNGUESSABLE.match(moved.photo.name)
    with open(os.path.join(settings.PRIVATE_ROOT, moved.photo.name), "rb") as handle:
        assert handle.read() == png_bytes((1, 2, 3))
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, old))
    gone.refresh_from_db()
    assert gone.photo.name == ""
