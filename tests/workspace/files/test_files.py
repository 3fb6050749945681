import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from workspace.files import services
from workspace.files.models import FileVersion, StoredFile
from workspace.spaces import services as space_services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def report(cast):
    return services.file_upload(space=cast.group, actor=cast.people.member, upload=upload("compte-rendu.pdf", PDF))


class TestUploads:
    def test_a_file_of_the_same_name_becomes_a_new_version(self, cast, report):
        again = services.file_upload(
            space=cast.group, actor=cast.people.admin, upload=upload("Compte-rendu.pdf", PDF + b"% v2\n")
        )
        assert again.pk == report.pk and again.version_count == 2
        assert FileVersion.objects.filter(file=report).count() == 2

    @pytest.mark.parametrize(
        "name,content,message",
        [
            ("facture.pdf", b"MZ\x90\x00 not a pdf", "ne correspond pas"),
            ("photo.png", PDF, "ne correspond pas"),
            ("virus.exe", b"MZ\x90\x00", "pas acceptés?"),
            ("facture.pdf.exe", b"MZ\x90\x00", "pas acceptés?"),
            ("page.html", b"<script>alert(1)</script>", "pas acceptés?"),
            ("image.svg", b"<svg onload=alert(1)>", "pas acceptés?"),
            ("notes.txt", b"abc\x00def", "pas un fichier texte"),
            ("vide.pdf", b"", "est vide"),
            ("sansextension", PDF, "extension"),
        ],
    )
    def test_bad_uploads_are_refused_with_a_reason(self, cast, name, content, message):
        with pytest.raises(ValidationError, match=message):
            services.file_upload(space=cast.group, actor=cast.people.member, upload=upload(name, content))

    def test_folder_names_in_the_file_name_are_dropped(self, cast):
        stored = services.file_upload(
            space=cast.group, actor=cast.people.member, upload=upload("../../etc/.bilan.txt", b"ok")
        )
        assert stored.name == "bilan.txt"
        assert "/etc/" not in stored.versions.get().blob.name

    def test_size_and_quota(self, cast, settings):
        settings.WORKSPACE_UPLOAD_MAX_BYTES = 10
        with pytest.raises(ValidationError, match="trop volumineux"):
            services.file_upload(space=cast.group, actor=cast.people.member, upload=upload("a.txt", b"x" * 11))
        settings.WORKSPACE_UPLOAD_MAX_BYTES = 1000
        settings.WORKSPACE_SPACE_QUOTA_BYTES = 15
        services.file_upload(space=cast.group, actor=cast.people.member, upload=upload("a.txt", b"x" * 10))
        with pytest.raises(ValidationError, match="plein"):
            services.file_upload(space=cast.group, actor=cast.people.member, upload=upload("b.txt", b"x" * 10))

    def test_guests_and_outsiders_do_not_upload(self, cast):
        for who in (cast.people.guest, cast.people.outsider):
            with pytest.raises(PermissionDenied):
                services.file_upload(space=cast.group, actor=who, upload=upload("a.txt", b"x"))

    def test_trash_restore_and_purge(self, cast, report):
        with pytest.raises(PermissionDenied):
            services.file_delete(file=report, actor=cast.people.guest)
        services.file_delete(file=report, actor=cast.people.member)
        services.file_restore(file=report, actor=cast.people.member)
        services.file_delete(file=report, actor=cast.people.admin)
        assert services.trash_purge() == 0
        StoredFile.objects.filter(pk=report.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
        path = report.versions.get().blob.path
        assert services.trash_purge() == 1
        assert not StoredFile.objects.filter(pk=report.pk).exists()
        import os

        assert not os.path.exists(path)

    def test_rename_keeps_the_extension_and_move_stays_in_the_space(self, cast, report):
        with pytest.raises(ValidationError):
            services.file_rename(file=report, actor=cast.people.member, name="compte-rendu.exe")
        services.file_rename(file=report, actor=cast.people.member, name="CR réunion.pdf")
        foreign = services.folder_create(space=cast.other, actor=cast.people.outsider, name="Ailleurs")
        with pytest.raises(ValidationError):
            services.file_move(file=report, actor=cast.people.member, folder=foreign)


class TestDownloads:
    def test_members_download_as_attachment_with_a_strict_policy(self, client, login, cast, report):
        login(cast.people.guest)
        response = client.get(report.get_download_url())
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF

    def test_image_preview_is_inline(self, client, login, cast):
        image = services.file_upload(
            space=cast.group, actor=cast.people.member, upload=upload("affiche.png", png_bytes())
        )
        login(cast.people.member)
        response = client.get(reverse("files:preview", kwargs={"slug": cast.group.slug, "pk": image.pk}))
        assert response["Content-Disposition"].startswith("inline")
        assert response["Content-Type"] == "image/png"

    @pytest.mark.parametrize("who,status", [("outsider", 403), ("referent", 403), ("anonymous", 302)])
    def test_non_members_never_get_the_bytes(self, client, login, cast, report, who, status):
        user = getattr(cast.people, who)
        if user:
            login(user)
        response = client.get(report.get_download_url())
        assert response.status_code == status
        assert not hasattr(response, "streaming_content")

    def test_another_space_s_file_under_my_group_is_a_404(self, client, login, cast):
        hidden = services.file_upload(space=cast.other, actor=cast.people.outsider, upload=upload("secret.pdf", PDF))
        login(cast.people.member)
        for url in (
            reverse("files:download", kwargs={"slug": cast.group.slug, "pk": hidden.pk}),
            reverse("files:detail", kwargs={"slug": cast.group.slug, "pk": hidden.pk}),
            hidden.get_download_url(),
        ):
            assert client.get(url).status_code == 404

    def test_files_are_not_under_the_public_media_root(self, cast, report, settings):
        path = report.versions.get().blob.path
        assert path.startswith(str(settings.PRIVATE_ROOT))
        assert not path.startswith(str(settings.MEDIA_ROOT))

    def test_an_archived_group_s_files_are_read_only(self, client, login, cast, report):
        space_services.group_archive(space=cast.group, actor=cast.people.owner)
        login(cast.people.member)
        assert client.get(report.get_download_url()).status_code == 200
        url = reverse("files:upload", kwargs={"slug": cast.group.slug})
        assert client.post(url, {"files": [upload("b.txt", b"x")]}).status_code == 403


@pytest.mark.parametrize(
    "who,read,write",
    [
        ("owner", 200, 302),
        ("admin", 200, 302),
        ("member", 200, 302),
        ("guest", 200, 403),
        ("outsider", 403, 403),
        ("referent", 403, 403),
        ("coordinator", 200, 302),
        ("anonymous", 302, 302),
    ],
)
def test_file_pages_for_every_role(client, login, cast, report, who, read, write):
    user = getattr(cast.people, who)
    if user:
        login(user)
    kw = {"slug": cast.group.slug}
    assert client.get(reverse("files:index", kwargs=kw)).status_code == read
    assert client.get(reverse("files:detail", kwargs={**kw, "pk": report.pk})).status_code == read
    response = client.post(reverse("files:upload", kwargs=kw), {"files": [upload(f"{who}.txt", b"bonjour")]})
    assert response.status_code == write
    if write == 302 and who != "anonymous":
        assert StoredFile.objects.filter(name=f"{who}.txt").exists()


def test_upload_several_files_with_json_answer(client, login, cast):
    login(cast.people.member)
    url = reverse("files:upload", kwargs={"slug": cast.group.slug})
    response = client.post(
        url, {"files": [upload("a.txt", b"a"), upload("b.exe", b"MZ")]}, HTTP_ACCEPT="application/json"
    )
    data = response.json()
    assert data["saved"] == ["a.txt"] and "b.exe" in data["errors"][0]
