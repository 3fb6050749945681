"""A member finds the content of their own groups, never another group's: not in the results,
not in the total, not in a facet, not in the autocomplete."""

import pytest

from search import selectors
from tests.search.helpers import run
from workspace.contacts import services as contacts
from workspace.spaces import services as spaces

pytestmark = pytest.mark.django_db


def _all_values(facets):
    return {value for counts in facets.get("fields", {}).values() for value, count in counts if count}


def test_a_member_finds_their_groups_content_and_never_another_groups(world, search_index):
    search_index()
    found = run(world.alice, "compost")
    assert {"Compost du groupe A", "Sujet compost A", "compost-a.pdf", "Le compost au jardin public"} <= found.titles
    assert any(h.kind == "message" and "compost A" in h.title for h in found.hits)
    assert not any(" B" in t or "-b." in t for t in found.titles), found.titles
    # The total and the facets count only what Alice may read.
    assert found.count == len(found.hits)
    kind_counts = dict(found.facets["fields"]["kind"])
    assert kind_counts == {"note": 1, "topic": 1, "post": 1, "file": 1, "message": 1, "news": 1}
    spaces_counted = {value for value, count in found.facets["fields"]["space"] if value}
    assert spaces_counted == {str(world.group_a.pk)}
    assert str(world.group_b.pk) not in _all_values(found.facets)
    assert [label for _, label, _ in found.choices["space"]] == ["Jardins partagés A"]


def test_the_other_group_sees_the_mirror_image(world, search_index):
    search_index()
    found = run(world.bea, "compost")
    assert {"Compost du groupe B", "Sujet compost B", "compost-b.pdf", "Groupe compost B"} <= found.titles
    assert not any(" A" in t or "-a." in t for t in found.titles), found.titles
    assert found.count == len(found.hits)


def test_a_visitor_finds_only_public_content(world, search_index, client):
    search_index()
    found = run(None, "compost")
    assert found.titles == {"Le compost au jardin public"}
    assert found.count == 1
    page = client.get("/recherche/", {"q": "compost"}).content.decode()
    assert "Le compost au jardin public" in page
    assert "groupe A" not in page and "groupe B" not in page


def test_filtering_by_another_groups_space_gives_nothing(world, search_index):
    search_index()
    found = run(world.alice, "compost", space=str(world.group_b.pk))
    assert found.count == 0 and found.hits == []
    own = run(world.alice, "compost", space=str(world.group_a.pk))
    assert own.kinds == ["file", "note", "post", "topic"] and own.count == 4


def test_the_autocomplete_suggests_only_what_the_member_may_see(world, search_index, client, login):
    search_index()
    titles = {s["label"] for s in selectors.autocomplete(world.alice, "compo")}
    assert "Compost du groupe A" in titles
    assert not any("B" in t for t in titles), titles
    login(world.bea)
    body = client.get("/recherche/suggestions/", {"q": "Compo"}).json()
    labels = {s["label"] for s in body["results"]}
    assert {"Compost du groupe B", "Groupe compost B"} <= labels
    assert not any(" A" in label for label in labels), labels
    client.logout()
    anonymous = client.get("/recherche/suggestions/", {"q": "compo"}).json()
    assert {s["label"] for s in anonymous["results"]} == {"Le compost au jardin public"}


def test_member_names_are_suggested_to_members_only(world, search_index, client):
    search_index()
    assert "Béatrice Bouchard" in {s["label"] for s in selectors.autocomplete(world.alice, "beatr")}
    assert client.get("/recherche/suggestions/", {"q": "beatr"}).json()["results"] == []


def test_leaving_a_group_hides_its_content_at_once(world, search_index):
    search_index()
    spaces.member_leave(space=world.group_b, user=world.bea)
    found = run(world.bea, "compost")
    # Her direct conversation with Bob is not the group's: it stays hers.
    assert found.titles == {"Le compost au jardin public", "Bob Bernard : compost B"}
    assert found.count == 2


def test_a_module_switched_off_hides_its_content(world, search_index):
    search_index()
    spaces.module_set(space=world.group_a, actor=world.alice, module="notes", enabled=False)
    found = run(world.alain, "compost")
    assert "Compost du groupe A" not in found.titles
    assert "Sujet compost A" in found.titles
    assert "note" not in dict(found.facets["fields"]["kind"])


def test_a_blocked_member_is_not_found(world, search_index):
    search_index()
    contacts.member_block(user=world.bea, other=world.alice)
    assert "Béatrice Bouchard" not in run(world.alice, "Bouchard").titles
    assert "Béatrice Bouchard" not in {s["label"] for s in selectors.autocomplete(world.alice, "bouch")}
    assert "Béatrice Bouchard" in run(world.alain, "Bouchard").titles


def test_a_secret_group_is_found_by_its_members_only_an_open_one_by_all(world, search_index, member):
    open_group = spaces.group_create(creator=world.bob, name="Compostage ouvert")
    search_index()
    assert "Groupe compost B" not in run(world.alice, "compost").titles
    assert "Compostage ouvert" in run(world.alice, "compostage").titles
    assert "Compostage ouvert" not in run(None, "compostage").titles
    assert open_group.pk


def test_a_groups_chat_room_is_searched_by_those_who_may_read_it(world, search_index, monkeypatch):
    from workspace.chat import services as chat
    from workspace.chat.models import Room

    if not hasattr(Room, "space"):
        pytest.skip("chat rooms of working groups are not there")
    monkeypatch.setattr(chat, "RATE_LIMIT", 1000)
    room = Room.objects.filter(space=world.group_a).first()
    assert room is not None
    chat.message_send(user=world.alain, room=room, text="Réunion compostière jeudi")
    search_index()
    assert run(world.alice, "compostière").kinds == ["message"]
    assert run(world.bob, "compostière").count == 0
    spaces.module_set(space=world.group_a, actor=world.alice, module="chat", enabled=False)
    assert run(world.alice, "compostière").count == 0
