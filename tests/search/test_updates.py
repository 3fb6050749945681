"""The index follows saves and deletes (through the single-writer task); a missing or busy
index gives a clear message, never a 500."""

import pytest
from whoosh.index import LockError

from search.backends import FrenchWhooshSearchBackend
from tests.home import builders
from tests.search.helpers import run
from workspace.files import services as files
from workspace.forum import services as forum
from workspace.notes import services as notes

pytestmark = pytest.mark.django_db


def test_saved_content_is_found_without_rebuilding_and_deleted_content_disappears(
    world, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notes.note_create(space=world.group_a, author=world.alice, title="Lombricomposteur", body="vers")
        topic = forum.topic_create(space=world.group_a, author=world.alice, title="Lombrics", body="lombricomposteur")
    assert {"Lombricomposteur", "Lombrics"} <= run(world.alain, "lombricomposteur").titles
    with django_capture_on_commit_callbacks(execute=True):
        notes.note_update(note=note, editor=world.alain, title="Vermicomposteur", body="vers")
    assert "Lombricomposteur" not in run(world.alain, "lombricomposteur").titles
    assert "Vermicomposteur" in run(world.alain, "vermicomposteur").titles
    with django_capture_on_commit_callbacks(execute=True):
        notes.note_delete(note=note, actor=world.alice)
        topic.delete()
    found = run(world.alain, "vermicomposteur lombricomposteur")
    assert found.count == 0
    assert run(world.alain, "lombrics").count == 0


def test_a_file_in_the_trash_is_not_found(world, search_index, django_capture_on_commit_callbacks):
    search_index()
    assert "compost-a.pdf" in run(world.alain, "compost").titles
    with django_capture_on_commit_callbacks(execute=True):
        files.file_delete(file=world.a.file, actor=world.alice)
    assert "compost-a.pdf" not in run(world.alain, "compost").titles


def test_an_unpublished_news_item_disappears(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = builders.news("Permanence numérique", summary="Tous les mardis.")
        page.save_revision().publish()
    assert run(None, "permanence").titles == {"Permanence numérique"}
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert run(None, "permanence").count == 0


def test_a_stale_result_is_dropped_by_the_policy_check(world, search_index, django_capture_on_commit_callbacks):
    search_index()
    # Changed behind the index's back (no signal): the page still checks the policy.
    from workspace.notes.models import Note

    Note.objects.filter(pk=world.a.note.pk).update(space=world.group_b)
    assert "Compost du groupe A" not in run(world.alain, "compost").titles


def test_a_missing_index_gives_a_clear_message(client, settings, tmp_path):
    from haystack import connections

    from tests.search.conftest import use_index

    conf, previous = use_index(tmp_path / "jamais-construit")
    settings.HAYSTACK_CONNECTIONS = conf
    try:
        response = client.get("/recherche/", {"q": "atelier"})
        assert response.status_code == 200
        assert "indisponible" in response.content.decode()
        assert not (tmp_path / "jamais-construit").exists()  # a search does not create an empty index
        assert client.get("/recherche/suggestions/", {"q": "atel"}).status_code == 503
    finally:
        connections.connections_info = previous
        connections.thread_local.connections = {}


def test_a_locked_index_gives_a_clear_message(search_index, client, monkeypatch):
    def locked(self, *args, **kwargs):
        raise LockError("locked")

    monkeypatch.setattr(FrenchWhooshSearchBackend, "search", locked)
    response = client.get("/recherche/", {"q": "atelier"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "indisponible" in response.content.decode()


def test_rebuild_and_update_index_commands_work(world, search_index):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    assert "Compost du groupe A" in run(world.alain, "compost").titles


def test_a_pdf_is_found_by_its_text(world, search_index, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from home.pdf import make_pdf

    data = make_pdf("Compte rendu", ["Nous avons parlé de vermicompostage en appartement."])
    with django_capture_on_commit_callbacks(execute=True):
        files.file_upload(
            space=world.group_a,
            actor=world.alice,
            upload=SimpleUploadedFile("reunion.pdf", data, content_type="application/pdf"),
        )
    assert run(world.alain, "vermicompostage appartements").titles == {"reunion.pdf"}
    assert run(world.bob, "vermicompostage").count == 0


def test_a_groups_agenda_is_found_by_its_members_only(world, search_index, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from workspace.agenda import services as agenda

    with django_capture_on_commit_callbacks(execute=True):
        agenda.event_create(
            space=world.group_a,
            author=world.alice,
            title="Chantier compost collectif",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
            description="Retournement du tas, apportez des gants.",
            location="Jardin de la Roseraie",
        )
    found = run(world.alain, "gants roseraie")
    assert found.titles == {"Chantier compost collectif"}
    assert found.kinds == ["meeting"]
    assert run(world.bob, "gants roseraie").count == 0  # another group's member: nothing, not even a count
    assert run(None, "gants roseraie").count == 0


def test_renaming_a_topic_renames_its_replies_in_the_index(world, search_index, django_capture_on_commit_callbacks):
    search_index()
    topic = world.a.topic
    with django_capture_on_commit_callbacks(execute=True):
        topic.title = "Bac à compost partagé"
        topic.save()
    kinds_by_title = {(h.kind, h.title) for h in run(world.alain, "déborde").hits}
    assert kinds_by_title == {("post", "Bac à compost partagé")}
