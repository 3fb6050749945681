"""The place card's pages are workspace pages: the side navigation, its entry highlighted."""

import pytest

from tests.workspace.spaces.test_layout import crawl, current_entries, nav_of

pytestmark = pytest.mark.django_db


def test_every_page_of_the_module_has_the_workspace_navigation_with_its_entry_current(client, cards):
    rendered = set()
    card = f"/espace/structure/lieux/{cards.figeac.pk}/"
    for who, start in ((cards.animator, card), (cards.referent, "/espace/structure/"), (cards.coordinator, card)):
        client.force_login(who)
        for url, response in crawl(client, start=start).items():
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert nav_of(html), f"{url} has no workspace navigation"
            if url.startswith("/espace/structure/"):
                assert current_entries(html) == ["Ma structure"], url
            rendered |= {t.name for t in response.templates}
    assert {"placecard/card.html", "placecard/edit.html"} <= rendered
