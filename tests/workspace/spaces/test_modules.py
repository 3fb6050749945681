"""The module contract: a module declares itself in its own app and nowhere else.

``tests/sample_module`` is a module that exists only for the tests; nothing outside it names it.
Its pages, widget, search kind, notification kind and socket handler all work from that one
declaration. The words reserved under /espace/ come from what is mounted there, so a group
named after any of them still opens its own page.
"""

import re
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core import checks
from django.test import Client
from django.urls import reverse

from core import notify
from portal.asgi import application
from search import selectors as search
from workspace.dashboard import services as desk
from workspace.spaces import modules as registry
from workspace.spaces import services
from workspace.spaces.addresses import reserved_words
from workspace.spaces.models import Space
from workspace.spaces.permissions import CONTRIBUTE, MODERATE, VIEW, policy

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def essai_on(cast):
    services.module_set(space=cast.group, actor=cast.people.owner, module="essai", enabled=True)
    return cast


@pytest.mark.django_db
class TestASampleModule:
    def test_its_pages_in_a_space_follow_its_switch_and_its_grants(self, cast, client):
        url = reverse("essai:index", kwargs={"slug": cast.group.slug})
        assert url == f"/espace/{cast.group.slug}/essai/"
        client.force_login(cast.people.member)
        assert client.get(url).status_code == 404  # off by default
        services.module_set(space=cast.group, actor=cast.people.owner, module="essai", enabled=True)
        assert client.get(url).content.decode() == "Essai de Évaluation esp@p (lecture)"
        client.force_login(cast.people.admin)  # its grant: writing needs moderation in a group
        assert client.get(url).content.decode() == "Essai de Évaluation esp@p (écriture)"
        client.force_login(cast.people.outsider)
        assert client.get(url).status_code == 403
        assert client.get("/espace/essais/").content.decode() == "Tous les essais"

    def test_the_space_lists_it_in_its_navigation_and_settings(self, essai_on, client):
        client.force_login(essai_on.people.owner)
        home = client.get(reverse("spaces:detail", kwargs={"slug": essai_on.group.slug})).content.decode()
        assert f'href="/espace/{essai_on.group.slug}/essai/"' in home
        settings_page = client.get(reverse("spaces:settings", kwargs={"slug": essai_on.group.slug})).content.decode()
        assert 'value="essai"' in settings_page

    def test_its_widget_goes_on_a_group_home(self, essai_on, client):
        desk.widget_add(space=essai_on.group, actor=essai_on.people.owner, widget="essai")
        client.force_login(essai_on.people.member)
        home = client.get(reverse("spaces:detail", kwargs={"slug": essai_on.group.slug})).content.decode()
        assert '<p class="essai-widget">Bonjour Évaluation esp@p</p>' in home
        services.module_set(space=essai_on.group, actor=essai_on.people.owner, module="essai", enabled=False)
        home = client.get(reverse("spaces:detail", kwargs={"slug": essai_on.group.slug})).content.decode()
        assert "essai-widget" not in home

    def test_its_search_and_notification_kinds_are_known(self, cast):
        assert search.kinds()["essai"] == "Essais"
        (stored,) = notify.notify(users=[cast.people.member], kind="essai", text="Un essai")
        assert stored.kind_label == "Essai"
        with pytest.raises(ValueError):
            notify.notify(users=[cast.people.member], kind="inconnu", text="?")


@pytest.mark.django_db(transaction=True)
def test_its_socket_handler_answers_its_frames_and_hears_its_group(create_user):
    user = create_user()
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def run():
        socket = WebsocketCommunicator(
            application, "/ws/?modules=essai", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)]
        )
        assert (await socket.connect(timeout=10))[0]
        await socket.send_json_to({"type": "essai.echo", "text": "coucou"})
        heard = []
        while len(heard) < 2:
            event = await socket.receive_json_from(timeout=5)
            if event["type"] == "essai.echo":
                heard.append(event)
                await get_channel_layer().group_send("essai", {"type": "essai.hello", "n": 1})
            elif event["type"] == "essai.hello":
                heard.append(event)
        await socket.disconnect()
        return heard

    assert async_to_sync(run)() == [{"type": "essai.echo", "text": "coucou"}, {"type": "essai.hello", "n": 1}]


@pytest.mark.django_db
class TestAddresses:
    def test_the_reserved_words_are_what_is_mounted_under_the_workspace(self):
        words = reserved_words()
        assert {"groupes", "discussion", "membres", "territoires", "journal", "contacts", "agenda"} <= words
        assert "essais" in words  # the sample module's own pages reserve their word too

    def test_a_group_named_after_every_reserved_word_opens_its_own_page(self, member, client):
        owner = member()
        client.force_login(owner)
        for word in sorted(reserved_words()):
            group = services.group_create(creator=owner, name=word.capitalize())
            assert group.slug != word
            page = client.get(group.get_absolute_url())
            assert page.status_code == 200, word
            assert f"<h1>{group.name}</h1>" in page.content.decode() or group.name in page.content.decode(), word
            assert page.context["space"] == group, word

    def test_a_system_check_names_a_space_an_address_now_hides(self, member):
        owner = member()
        group = services.group_create(creator=owner, name="Vieux groupe")
        assert not [e for e in checks.run_checks(databases=["default"]) if e.id == "maillage.E006"]
        Space.objects.filter(pk=group.pk).update(slug="journal")  # made before /espace/journal/ existed
        errors = [e for e in checks.run_checks(databases=["default"]) if e.id == "maillage.E006"]
        assert len(errors) == 1 and "journal" in errors[0].msg

    def test_a_system_check_refuses_two_modules_on_one_segment(self):
        registry.register(registry.Module(slug="doublon", label="Doublon", segment="notes", urls="x"))
        try:
            errors = [e.id for e in checks.run_checks()]
        finally:
            registry.unregister("doublon")
        assert "maillage.E001" in errors
        assert "maillage.E001" not in [e.id for e in checks.run_checks()]


@pytest.mark.django_db
def test_the_module_queryset_agrees_with_the_per_space_answer(essai_on):
    """For every person, module and action: the spaces listed are those the per-space answer allows."""
    people = [p for p in vars(essai_on.people).values() if p is not None]
    spaces = [essai_on.group, essai_on.secret, essai_on.other, essai_on.network]
    for person in people:
        for module in registry.space_modules():
            for action in (VIEW, CONTRIBUTE, MODERATE):
                listed = set(policy.instances_user_has_module_permission_for(person, action, module.slug))
                for space in spaces:
                    answer = policy.user_has_module_permission(person, action, space, module.slug)
                    assert (space in listed) == answer, (person, module.slug, action, space)


def test_only_the_registry_reads_and_writes_the_cache_of_module_states():
    """``modules.states(space)`` is the one accessor: no other file touches its cache."""
    found = []
    for path in ROOT.glob("**/*.py"):
        if ".venv" in path.parts or path in (ROOT / "workspace" / "spaces" / "modules.py", Path(__file__)):
            continue
        if re.search(r"_module_states\b", path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    assert found == []
