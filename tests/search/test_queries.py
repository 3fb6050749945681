"""The results page costs the same number of queries whatever the number of hits: visibility is
decided for a page of results at once, not with queries for each hit."""

import pytest

from tests.home import builders
from workspace.files import services as files
from workspace.forum import services as forum
from workspace.notes import services as notes

pytestmark = pytest.mark.django_db


def _more(world, number):
    for n in range(number):
        builders.news(f"Compost public n°{n}", summary="Un atelier compost.")
        builders.event(f"Atelier compost n°{n}", in_days=n + 1)
        notes.note_create(space=world.group_a, author=world.alice, title=f"Compost note {n}")
        forum.topic_create(space=world.group_a, author=world.alice, title=f"Compost sujet {n}", body="compost")
    for n in range(number // 2):
        from tests.search.conftest import pdf_upload

        files.file_upload(space=world.group_a, actor=world.alice, upload=pdf_upload(f"compost-{n}.pdf"))


captured_many = []


def _queries(client, django_assert_max_num_queries, budget=1000):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get("/recherche/", {"q": "compost"})
    assert response.status_code == 200
    global captured_many
    captured_many = captured.captured_queries
    return captured.final_queries - captured.initial_queries, response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_results_page_asks_a_constant_number_of_queries(
    client, world, search_index, django_assert_max_num_queries, who
):
    if who == "member":
        client.force_login(world.alice)
    _more(world, 1)
    search_index()
    client.get("/recherche/", {"q": "compost"})  # warm the site's caches
    few, html = _queries(client, django_assert_max_num_queries)
    assert html.count('class="card search-hit"') >= 3
    _more(world, 8)
    search_index()
    client.get("/recherche/", {"q": "compost"})
    many, html = _queries(client, django_assert_max_num_queries)
    assert html.count('class="card search-hit"') >= 15  # most of a full page
    assert many <= few, (few, many, [q["sql"][:100] for q in captured_many])
