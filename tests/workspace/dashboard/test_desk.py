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

# The whole desk page, whatever the widgets placed on it (the issue of production asks ≤ 20).
DESK_QUERY_BUDGET = 20


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
        client.get(reverse("workspace-home"))  # what every desk shares (news, footer) is read once
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


class TestWhatEveryDeskShares:
    """The news, the footer and the newcomers are the same for every member: a desk reads them
    from the shared cache, and each shows at once what changed."""

    def test_a_news_the_officer_publishes_is_on_the_desk_at_once(self, client, login, member):
        from tests.home import builders

        builders.news("Première nouvelle", days_ago=2)
        user = member()
        login(user)
        services.layout_save(space=user.personal_space, actor=user, items=[{"widget": "network_news", "count": 3}])
        assert "Première nouvelle" in client.get(reverse("workspace-home")).content.decode()
        draft = builders.news("Le forum des EPM", live=False)
        assert "Le forum des EPM" not in client.get(reverse("workspace-home")).content.decode()
        draft.save_revision().publish()
        page = client.get(reverse("workspace-home")).content.decode()
        assert "Le forum des EPM" in page and draft.url in page
        draft.refresh_from_db()
        draft.unpublish()
        assert "Le forum des EPM" not in client.get(reverse("workspace-home")).content.decode()

    def test_the_footer_follows_the_site_settings(self, client, login, member):
        from wagtail.models import Site

        from home.models import PublicSiteSettings
        from tests import factories

        factories.home_page()
        login(member())
        client.get(reverse("workspace-home"))
        values = PublicSiteSettings.for_site(Site.objects.get(is_default_site=True))
        values.contact_phone = "05 65 00 00 00"
        values.save()
        assert "05 65 00 00 00" in client.get(reverse("workspace-home")).content.decode()

    def test_a_newcomer_is_named_on_the_desk_and_a_departure_is_not(self, client, login, member):
        user = member()
        login(user)
        services.layout_save(space=user.personal_space, actor=user, items=[{"widget": "activity", "count": 3}])
        client.get(reverse("workspace-home"))
        newcomer = member(first_name="Nadia", last_name="Nouvelle")
        assert "Nadia Nouvelle" in client.get(reverse("workspace-home")).content.decode()
        newcomer.is_active = False
        newcomer.save()
        assert "Nadia Nouvelle" not in client.get(reverse("workspace-home")).content.decode()
