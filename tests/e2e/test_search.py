"""Search in the browser: a member finds a word in a public news item, a place and their
group's forum; a member outside the group finds only the first two."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from core import roles
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import log_in
from workspace.forum import services as forum
from workspace.spaces import services as space_services
from workspace.spaces.models import Space

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(create_user):
    from tests.home import builders

    def member(first_name, email):
        user = create_user(role=roles.ANIMATOR, first_name=first_name, last_name="Delpech", email=email)
        space_services.member_spaces_ensure(user=user)
        return user

    inside = member("Inès", "ines@exemple.test")
    outside = member("Octave", "octave@exemple.test")
    group = space_services.group_create(creator=inside, name="Fils et réseaux", visibility=Space.Visibility.SECRET)
    # Saved in real transactions: the signal processor indexes each of them as it is committed.
    forum.topic_create(space=group, author=inside, title="Tricots connectés", body="Un tricot à capteurs.")
    builders.news("Un atelier tricot à la médiathèque", summary="Tricot et numérique, ouvert à tous.")
    factories.place(title="Café numérique de Gramat", commune="Gramat", summary="Café tricot chaque jeudi.")
    return inside, outside


@pytest.fixture(autouse=True)
def clean_index():
    # The index of this test worker may hold documents of earlier tests: start from the database.
    call_command("rebuild_index", interactive=False, verbosity=0)


def results(page):
    return page.locator(".search-hit-title").all_inner_texts()


def test_a_member_finds_their_groups_forum_and_an_outsider_does_not(content, new_page, screenshot):
    inside, outside = content
    call_command("update_index", verbosity=0)  # nothing missing: the saves were indexed already
    page = new_page()
    log_in(page, inside)
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.fill("tricots")
    expect(page.get_by_role("option", name="Tricots connectés")).to_be_visible()
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=tricots")
    expect(page.locator(".search-count")).to_contain_text("3 résultats")
    found = results(page)
    assert set(found) >= {"Tricots connectés", "Un atelier tricot à la médiathèque", "Café numérique de Gramat"}
    expect(page.locator(".search-hit-snippet mark").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "member")

    other = new_page()
    log_in(other, outside)
    other.goto("/recherche/?q=tricot")
    expect(other.locator(".search-count")).to_contain_text("2 résultats")
    assert set(results(other)) == {"Un atelier tricot à la médiathèque", "Café numérique de Gramat"}
    suggestions = other.request.get("/recherche/suggestions/?q=tric").json()["results"]
    assert "Tricots connectés" not in {s["label"] for s in suggestions}
    screenshot(other, "outsider")
