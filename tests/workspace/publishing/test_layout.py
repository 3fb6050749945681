"""The public workshops' pages are workspace pages: the side navigation, its entry highlighted."""

import pytest

from tests.workspace.spaces.test_layout import crawl, current_entries, nav_of
from workspace.publishing import services

pytestmark = pytest.mark.django_db


def test_every_page_of_the_module_has_the_workspace_navigation_with_its_entry_current(client, world, online_event):
    services.registration_create(
        event=online_event, name="Paul Martin", email="paul@exemple.test", consent_text="J'accepte."
    )
    rendered = set()
    for who in (world.animator, world.officer, world.coordinator):
        client.force_login(who)
        for url, response in crawl(client, start="/espace/ateliers/").items():
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert nav_of(html), f"{url} has no workspace navigation"
            if url.startswith("/espace/ateliers/"):
                assert current_entries(html) == ["Ateliers publics"], url
            rendered |= {t.name for t in response.templates}
    assert {"publishing/index.html", "publishing/registrants.html"} <= rendered
