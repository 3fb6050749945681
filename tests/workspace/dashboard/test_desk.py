import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workspace.dashboard import registry, services
from workspace.notes import services as notes_services
from workspace.spaces import services as space_services

pytestmark = pytest.mark.django_db

# The whole desk page, whatever the widgets placed on it.
DESK_QUERY_BUDGET = 30


def all_widgets_on(space, user):
    items = [{"widget": w.slug, "count": 10} for w in registry.available_for(space)]
    return services.layout_save(space=space, actor=user, items=items)


class TestDesk:
    def test_a_new_member_gets_the_default_desk(self, client, login, member):
        user = member(first_name="Camille")
        login(user)
        page = client.get(reverse("workspace-home")).content.decode()
        assert "Bonjour, Camille" in page or "Hello, Camille" in page
        for slug in ("my_groups", "shortcuts"):
            assert f"ws-widget-{slug}" in page

    def test_the_desk_costs_the_same_queries_whatever_the_widgets(self, client, login, cast):
        user = cast.people.member
        desk = user.personal_space
        for i in range(12):
            notes_services.note_create(space=cast.group, author=user, title=f"Note {i}")
            notes_services.note_create(space=desk, author=user, title=f"Perso {i}")
        login(user)
        services.layout_save(space=desk, actor=user, items=[])
        with CaptureQueriesContext(connection) as empty:
            assert client.get(reverse("workspace-home")).status_code == 200
        all_widgets_on(desk, user)
        with CaptureQueriesContext(connection) as full:
            page = client.get(reverse("workspace-home")).content.decode()
        assert page.count('class="card ws-widget ') == len(registry.available_for(desk))
        assert len(full) <= DESK_QUERY_BUDGET, [q["sql"][:120] for q in full.captured_queries]
        # ten more groups and notes do not change the count
        for i in range(10):
            group = space_services.group_create(creator=user, name=f"Groupe {i}")
            notes_services.note_create(space=group, author=user, title=f"Note du groupe {i}")
        with CaptureQueriesContext(connection) as more:
            client.get(reverse("workspace-home"))
        assert len(more) == len(full), (len(empty), len(full), len(more))

    def test_arrange_with_the_buttons_and_it_stays(self, client, login, member):
        user = member()
        login(user)
        desk = user.personal_space
        url = reverse("dashboard:layout", kwargs={"slug": desk.slug})
        client.post(url, {"action": "add", "widget": "network_news"})
        items = services.layout_items(desk)
        first, second = items[0]["key"], items[1]["key"]
        client.post(url, {"action": "down", "key": first})
        assert [i["key"] for i in services.layout_items(desk)][:2] == [second, first]
        client.post(url, {"action": "count", "key": first, "count": "10"})
        client.post(url, {"action": "remove", "key": second})
        client.logout()
        login(user)
        assert [(i["key"], i["count"]) for i in services.layout_items(desk)][0] == (first, 10)
        assert second not in [i["key"] for i in services.layout_items(desk)]

    def test_reorder_by_drag_and_drop_json(self, client, login, member):
        user = member()
        login(user)
        desk = user.personal_space
        keys = [i["key"] for i in services.layout_items(desk)]
        url = reverse("dashboard:layout", kwargs={"slug": desk.slug})
        response = client.post(url, json.dumps({"order": list(reversed(keys))}), content_type="application/json")
        assert response.json()["order"] == list(reversed(keys))
        assert client.post(url, "nonsense", content_type="application/json").status_code == 400

    def test_nobody_arranges_someone_else_s_desk_or_a_group_they_do_not_administer(self, client, login, cast):
        login(cast.people.member)
        other_desk = cast.people.owner.personal_space
        assert (
            client.post(reverse("dashboard:layout", kwargs={"slug": other_desk.slug}), {"action": "reset"}).status_code
            == 404
        )
        assert (
            client.post(reverse("dashboard:layout", kwargs={"slug": cast.group.slug}), {"action": "reset"}).status_code
            == 403
        )

    def test_group_admins_arrange_the_group_home(self, client, login, cast):
        login(cast.people.admin)
        url = reverse("dashboard:layout", kwargs={"slug": cast.group.slug})
        client.post(url, {"action": "add", "widget": "notes"})
        client.logout()
        login(cast.people.guest)
        page = client.get(reverse("spaces:detail", kwargs={"slug": cast.group.slug})).content.decode()
        assert page.count("ws-widget-notes") >= 2
        assert "disposition" not in page

    def test_a_widget_cannot_be_added_where_it_does_not_belong(self, cast):
        with pytest.raises(ValidationError):
            services.widget_add(space=cast.group, actor=cast.people.admin, widget="shortcuts")
