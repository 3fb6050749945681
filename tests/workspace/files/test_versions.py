"""Who may send a new version of a file: like a rename, its author or a moderator of the space,
not any contributor (a new version replaces what everyone opens)."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workspace.files import services
from workspace.spaces import services as space_services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="compte-rendu.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def colleague(cast, member):
    """A second plain member of the group: a contributor, not the file's author."""
    user = member(first_name="Colette", last_name="Colleague")
    invitation = space_services.member_invite(space=cast.group, actor=cast.people.owner, who=user.email, role="member")
    space_services.invitation_answer(invitation=invitation, user=user, accept=True)
    return user


@pytest.fixture
def report(cast):
    return services.file_upload(space=cast.group, actor=cast.people.member, upload=upload())


def manage_url(cast, stored):
    return reverse("files:manage", kwargs={"slug": cast.group.slug, "pk": stored.pk})


class TestService:
    def test_a_colleague_may_not_replace_someone_else_s_file(self, cast, report, colleague):
        with pytest.raises(PermissionDenied, match="auteur"):
            services.file_version_upload(file=report, actor=colleague, upload=upload(content=PDF + b"% v2\n"))
        # nor by sending a file of the same name to the folder
        with pytest.raises(PermissionDenied, match="autre nom"):
            services.file_upload(space=cast.group, actor=colleague, upload=upload("Compte-rendu.pdf"))
        report.refresh_from_db()
        assert report.version_count == 1 and report.versions.count() == 1

    @pytest.mark.parametrize("who", ["member", "admin", "owner"])
    def test_the_author_and_the_moderators_may(self, cast, report, who):
        stored = services.file_version_upload(
            file=report, actor=getattr(cast.people, who), upload=upload("nouveau.pdf", PDF + b"% v2\n")
        )
        assert stored.pk == report.pk and stored.version_count == 2
        assert stored.name == "compte-rendu.pdf"

    def test_a_file_in_the_trash_gets_no_new_version(self, cast, report):
        services.file_delete(file=report, actor=cast.people.member)
        with pytest.raises(Exception, match="Restaurez"):
            services.file_version_upload(file=report, actor=cast.people.member, upload=upload())
        assert report.versions.count() == 1


class TestViews:
    def test_the_form_is_shown_only_to_those_who_may(self, client, login, cast, report, colleague):
        url = reverse("files:detail", kwargs={"slug": cast.group.slug, "pk": report.pk})
        login(colleague)
        assert 'id="new-version"' not in client.get(url).content.decode()
        client.force_login(cast.people.member)  # switching members
        assert 'id="new-version"' in client.get(url).content.decode()
        client.force_login(cast.people.admin)
        assert 'id="new-version"' in client.get(url).content.decode()

    def test_a_colleague_s_new_version_is_refused(self, client, login, cast, report, colleague):
        login(colleague)
        response = client.post(manage_url(cast, report), {"action": "version", "file": upload()})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.version_count == 1

    def test_the_same_name_on_the_upload_page_says_why(self, client, login, cast, report, colleague):
        login(colleague)
        url = reverse("files:upload", kwargs={"slug": cast.group.slug})
        response = client.post(url, {"files": [upload()]})
        assert response.status_code == 302
        assert any("autre nom" in str(m) for m in get_messages(response.wsgi_request))
        response = client.post(url, {"files": [upload()]}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400 and "autre nom" in response.json()["errors"][0]
        report.refresh_from_db()
        assert report.version_count == 1

    def test_the_author_sends_a_new_version_from_the_page(self, client, login, cast, report):
        login(cast.people.member)
        response = client.post(manage_url(cast, report), {"action": "version", "file": upload("v2.pdf", PDF + b"%\n")})
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.version_count == 2


class TestServing:
    def test_behind_nginx_a_download_carries_x_accel_redirect(self, client, login, cast, report, settings):
        settings.PRIVATE_ACCEL_PREFIX = "/_private/"
        login(cast.people.guest)
        response = client.get(report.get_download_url())
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/_private/{report.versions.get().blob.name}"
        assert response.content == b""
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "private, no-store"
