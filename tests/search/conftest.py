"""Each test gets its own Whoosh index in its own tmp dir: parallel workers never share one."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.workspace.spaces.fixtures import member  # noqa: F401
from workspace.spaces.models import Space


def use_index(path):
    """Point haystack (and the settings) at a Whoosh index in ``path``; returns the previous."""
    from haystack import connections

    conf = {"default": {"ENGINE": "search.backends.FrenchWhooshEngine", "PATH": str(path)}}
    previous = connections.connections_info
    connections.connections_info = conf
    connections.thread_local.connections = {}
    return conf, previous


@pytest.fixture
def search_index(settings, tmp_path):
    """The index, built from the database; call it again to rebuild after setting data up."""
    from haystack import connections

    conf, previous = use_index(tmp_path / "whoosh")
    settings.HAYSTACK_CONNECTIONS = conf

    def rebuild():
        call_command("rebuild_index", interactive=False, verbosity=0)

    rebuild()
    yield rebuild
    connections.connections_info = previous
    connections.thread_local.connections = {}


def pdf_upload(name):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


@pytest.fixture
def world(member, monkeypatch):  # noqa: F811 - the fixture imported above
    """Two working groups, A and B, whose members each wrote about "compost" in every module,
    a public news item about it, and a place in Gramat."""
    from tests.home import builders
    from workspace.chat import services as chat
    from workspace.files import services as files
    from workspace.forum import services as forum
    from workspace.notes import services as notes
    from workspace.spaces import services as spaces

    monkeypatch.setattr(chat, "RATE_LIMIT", 1000)
    alice = member(first_name="Alice", last_name="Aubry")
    alain = member(first_name="Alain", last_name="Arnal")
    bob = member(first_name="Bob", last_name="Bernard")
    bea = member(first_name="Béatrice", last_name="Bouchard")
    group_a = spaces.group_create(creator=alice, name="Jardins partagés A", visibility=Space.Visibility.SECRET)
    group_b = spaces.group_create(creator=bob, name="Groupe compost B", visibility=Space.Visibility.SECRET)
    for group, owner, other in ((group_a, alice, alain), (group_b, bob, bea)):
        invitation = spaces.member_invite(space=group, actor=owner, who=other.email, role="member")
        spaces.invitation_answer(invitation=invitation, user=other, accept=True)
    a = SimpleNamespace(
        note=notes.note_create(space=group_a, author=alice, title="Compost du groupe A", body="<p>Le compost A</p>"),
        topic=forum.topic_create(space=group_a, author=alice, title="Sujet compost A", body="Parlons compost A"),
        file=files.file_upload(space=group_a, actor=alice, upload=pdf_upload("compost-a.pdf")),
        message=chat.message_send(user=alice, room=chat.room_direct_open(user=alice, other=alain), text="compost A"),
    )
    forum.post_reply(topic=a.topic, author=alain, body="Mon compost A déborde")
    b = SimpleNamespace(
        note=notes.note_create(space=group_b, author=bob, title="Compost du groupe B", body="<p>Le compost B</p>"),
        topic=forum.topic_create(space=group_b, author=bob, title="Sujet compost B", body="Parlons compost B"),
        file=files.file_upload(space=group_b, actor=bob, upload=pdf_upload("compost-b.pdf")),
        message=chat.message_send(user=bob, room=chat.room_direct_open(user=bob, other=bea), text="compost B"),
    )
    forum.post_reply(topic=b.topic, author=bea, body="Mon compost B déborde")
    news = builders.news("Le compost au jardin public", summary="Un atelier compost ouvert à tous.")
    return SimpleNamespace(
        alice=alice, alain=alain, bob=bob, bea=bea, group_a=group_a, group_b=group_b, a=a, b=b, news=news
    )
