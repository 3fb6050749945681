"""With the immediate task backend (`make run`), the index is written by one thread of the process,
off the request: the request hands the changed objects over and returns."""

import threading

import pytest

from search import signals
from tests.home import builders

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_is_written_by_the_process_writer_thread_not_by_the_request(settings, search_index, monkeypatch):
    from search import tasks
    from search.selectors import Params, search

    settings.SEARCH_INDEX_WRITER_THREAD = True
    written_by = []
    real_refresh = tasks.refresh

    def spy(items):
        written_by.append(threading.current_thread().name)
        return real_refresh(items)

    monkeypatch.setattr(tasks, "refresh", spy)
    builders.news("Atelier compostage au jardin")  # saved and published: refreshed after the commit
    assert signals._writer().wait(timeout=15)
    assert written_by and set(written_by) == {"search-index-writer"}
    from django.contrib.auth.models import AnonymousUser

    titles = {result.title for result in search(AnonymousUser(), Params(q="compostage"))}
    assert "Atelier compostage au jardin" in titles
