"""The search keeps its Whoosh searcher open and caches, per segment of the index, the documents
of each set of access tokens and the facet values (search/backends.py). Nothing a user notices
may change: a new document is found at the next search, a member still finds only what they may
read, and the results, totals and facets are those of a plain Whoosh search with a filter."""

import pytest
from whoosh.query import And
from whoosh.sorting import Count, FieldFacet

from search import backends, selectors
from tests.home import builders
from tests.search.helpers import run
from workspace.notes import services as notes

pytestmark = pytest.mark.django_db


def _backend():
    from haystack import connections

    return connections["default"].get_backend()


def test_the_searcher_is_kept_while_the_index_does_not_change(world, search_index):
    search_index()
    run(world.alice, "compost")
    searcher, close = _backend()._searcher()
    assert not close
    run(world.bob, "compost")
    assert _backend()._searcher()[0] is searcher


def test_a_document_saved_after_a_search_is_found_at_the_next_one(
    world, search_index, django_capture_on_commit_callbacks
):
    search_index()
    assert run(world.alain, "lombricomposteur").count == 0  # the searcher is now open and cached
    with django_capture_on_commit_callbacks(execute=True):
        note = notes.note_create(space=world.group_a, author=world.alice, title="Lombricomposteur", body="vers")
    found = run(world.alain, "lombricomposteur")
    assert found.titles == {"Lombricomposteur"} and found.count == 1
    assert dict(found.facets["fields"]["space"]) == {str(world.group_a.pk): 1}
    assert run(world.bob, "lombricomposteur").count == 0  # another group's member: the new segment too
    with django_capture_on_commit_callbacks(execute=True):
        notes.note_delete(note=note, actor=world.alice)
    assert run(world.alain, "lombricomposteur").count == 0


def test_a_rebuilt_index_is_read_afresh(world, search_index):
    search_index()
    assert "Compost du groupe A" in run(world.alice, "compost").titles
    builders.news("Compostière municipale", summary="Ouverte le samedi.")
    search_index()  # deleted and written again: the kept searcher must not be used any more
    assert run(None, "compostiere").titles == {"Compostière municipale"}


def test_members_of_different_groups_never_share_cached_results(world, search_index):
    search_index()
    for _ in range(2):  # the second round reads the caches of the first
        alice = run(world.alice, "compost")
        bob = run(world.bob, "compost")
        visitor = run(None, "compost")
        assert "Compost du groupe A" in alice.titles and not any("groupe B" in t for t in alice.titles)
        assert "Compost du groupe B" in bob.titles and not any("groupe A" in t for t in bob.titles)
        assert visitor.titles == {"Le compost au jardin public"} and visitor.count == 1
        assert {v for v, c in alice.facets["fields"]["space"] if v and c} == {str(world.group_a.pk)}
        assert {v for v, c in bob.facets["fields"]["space"] if v and c} == {str(world.group_b.pk)}


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_results_totals_and_facets_are_those_of_a_plain_whoosh_search(world, search_index, sort):
    for n in range(12):
        notes.note_create(space=world.group_a, author=world.alice, title=f"Compost note {n}", body="compost " * n)
        builders.news(f"Compost public {n}", summary="Un atelier compost." * (n % 3 + 1))
    search_index()
    backend = _backend()
    for user in (world.alice, world.bob, None):
        from django.contrib.auth.models import AnonymousUser

        user = user or AnonymousUser()
        sqs = selectors.search(
            user, selectors.Params(q="compost atelier" if user.is_anonymous else "compost", sort=sort)
        )
        ours = [(r.app_label, r.model_name, r.pk) for r in sqs[:50]]
        # The same query, the same filter, run by Whoosh as it comes (no cached searcher nor sets).
        query = sqs.query
        filters = [backend.parser.parse(nq) for nq in query.narrow_queries]
        parsed = backend.parser.parse(query.build_query())
        with backend.index.refresh().searcher() as searcher:
            facets = [FieldFacet(name, allow_overlap=True, maptype=Count) for name in ("kind", "territory", "space")]
            kwargs = {"filter": And(filters), "groupedby": facets, "limit": 50}
            if sort == "date":
                kwargs.update(sortedby="date", reverse=True)
            plain = searcher.search(parsed, **kwargs)
            expected = [tuple(hit["django_ct"].split(".")) + (hit["django_id"],) for hit in plain]
            expected_facets = {name: plain.groups(name) for name in ("kind", "territory", "space")}
            total = len(plain)
        assert ours == expected
        assert sqs.count() == total > 0
        counts = sqs.facet_counts()["fields"]
        for name, groups in expected_facets.items():
            assert dict(counts[name]) == groups


def test_the_caches_stay_bounded(world, search_index):
    search_index()
    for n in range(backends._SEGMENT_CACHE_SIZE + 10):
        backends._cached(("test", n), lambda n=n: n)
    assert len(backends._segment_cache) == backends._SEGMENT_CACHE_SIZE
