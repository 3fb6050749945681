import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from workspace.notes import services
from workspace.notes.models import Note

pytestmark = pytest.mark.django_db


class TestNotes:
    def test_any_group_member_edits_a_note_and_the_history_keeps_the_old_text(self, cast):
        note = services.note_create(space=cast.group, author=cast.people.owner, title="Ordre du jour", body="Point 1")
        services.note_update(note=note, editor=cast.people.member, title="Ordre du jour", body="Point 1\n\nPoint 2")
        note.refresh_from_db()
        assert note.updated_by == cast.people.member
        assert "<p>Point 2</p>" in note.body
        assert note.revisions.get().body == "<p>Point 1</p>"
        with pytest.raises(PermissionDenied):
            services.note_update(note=note, editor=cast.people.guest, title="x", body="")
        with pytest.raises(PermissionDenied):
            services.note_update(note=note, editor=cast.people.outsider, title="x", body="")

    def test_html_is_sanitised(self, cast):
        note = services.note_create(
            space=cast.group,
            author=cast.people.member,
            title="Lien",
            body=(
                '<p onclick="x()">Voir <a href="javascript:alert(1)">ici</a>'
                "<script>alert(1)</script> <strong>gras</strong></p>"
            ),
        )
        assert "script" not in note.body and "onclick" not in note.body and "javascript" not in note.body
        assert "<strong>gras</strong>" in note.body

    def test_only_network_admins_write_network_notes(self, cast):
        with pytest.raises(PermissionDenied):
            services.note_create(space=cast.network, author=cast.people.member, title="Réseau")
        assert services.note_create(space=cast.network, author=cast.people.coordinator, title="Réseau")

    def test_pinned_notes_come_first_and_only_admins_pin_group_notes(self, cast):
        old = services.note_create(space=cast.group, author=cast.people.member, title="Ancienne")
        services.note_create(space=cast.group, author=cast.people.member, title="Récente")
        with pytest.raises(PermissionDenied):
            services.note_pin(note=old, actor=cast.people.member, pinned=True)
        services.note_pin(note=old, actor=cast.people.admin, pinned=True)
        assert list(cast.group.notes.values_list("title", flat=True))[0] == "Ancienne"

    def test_archived_group_notes_are_read_only(self, cast):
        from workspace.spaces.services import group_archive

        note = services.note_create(space=cast.group, author=cast.people.member, title="Bilan")
        group_archive(space=cast.group, actor=cast.people.owner)
        note = Note.objects.select_related("space").get(pk=note.pk)
        with pytest.raises(PermissionDenied):
            services.note_update(note=note, editor=cast.people.owner, title="Bilan 2", body="")
        with pytest.raises(PermissionDenied):
            services.note_create(space=note.space, author=cast.people.owner, title="Nouveau")


@pytest.mark.parametrize(
    "who,index,detail,create,edit",
    [
        ("owner", 200, 200, 200, 200),
        ("admin", 200, 200, 200, 200),
        ("member", 200, 200, 200, 200),
        ("guest", 200, 200, 403, 403),
        ("outsider", 403, 403, 403, 403),
        ("referent", 403, 403, 403, 403),
        ("coordinator", 200, 200, 200, 200),
        ("anonymous", 302, 302, 302, 302),
    ],
)
def test_note_pages_for_every_role(client, login, cast, who, index, detail, create, edit):
    note = services.note_create(space=cast.group, author=cast.people.member, title="Compte rendu")
    user = getattr(cast.people, who)
    if user:
        login(user)
    kw = {"slug": cast.group.slug}
    assert client.get(reverse("notes:index", kwargs=kw)).status_code == index
    assert client.get(reverse("notes:detail", kwargs={**kw, "pk": note.pk})).status_code == detail
    assert client.get(reverse("notes:create", kwargs=kw)).status_code == create
    assert client.get(reverse("notes:edit", kwargs={**kw, "pk": note.pk})).status_code == edit


def test_a_note_of_another_space_is_a_404_under_this_one(client, login, cast):
    secret_note = services.note_create(space=cast.other, author=cast.people.outsider, title="Confidentiel")
    login(cast.people.member)
    url = reverse("notes:detail", kwargs={"slug": cast.group.slug, "pk": secret_note.pk})
    response = client.get(url)
    assert response.status_code == 404 and "Confidentiel" not in response.content.decode()
    assert (
        client.post(reverse("notes:delete", kwargs={"slug": cast.group.slug, "pk": secret_note.pk})).status_code == 404
    )


def test_write_a_note_through_the_pages(client, login, cast):
    login(cast.people.member)
    kw = {"slug": cast.group.slug}
    response = client.post(reverse("notes:create", kwargs=kw), {"title": "", "body": "x"})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    response = client.post(reverse("notes:create", kwargs=kw), {"title": "Idées", "body": "Un atelier photo"})
    note = Note.objects.get(title="Idées")
    assert response.status_code == 302
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Un atelier photo" in page
