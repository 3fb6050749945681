"""Keeping the index up to date, through one writer.

haystack's real-time processor writes to the index inside the request that saved the object:
with several Daphne processes, several writers then fight over Whoosh's lock. Here a save or a
delete only notes "this object changed"; once the transaction commits, the changed objects go
in one django-tasks task (``search.tasks.index_refresh``), which reads each object's current
state and updates or removes its document. With the immediate backend (development, tests) the
task would run inside the request: there one thread of the process writes instead (below); in
production one task worker is the only process writing to the index.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor

_pending = threading.local()


def _label(model) -> str:
    return model._meta.label_lower


def queue_refresh(model, pk) -> None:
    """Refresh the document of (model, pk) once the current transaction has committed."""
    items = getattr(_pending, "items", None)
    if items is None:
        items = _pending.items = {}
    items[(_label(model), str(pk))] = None
    # One callback per change; the first to run sends everything pending, the others find the
    # set empty. A rolled-back change is simply refreshed with the next commit (from the DB).
    transaction.on_commit(_flush)


def _flush() -> None:
    items = getattr(_pending, "items", None)
    if not items:
        return
    _pending.items = {}
    batch = [[label, pk] for label, pk in items]
    if _writer_in_process():
        _writer().add(batch)
        return
    from search.tasks import index_refresh

    index_refresh.enqueue(items=batch)


# --- the writer of a single process ---------------------------------------------------------
# With the immediate task backend (the embedded default of `make run`), a task runs inside the
# request that enqueued it: every chat message sent would wait for a Whoosh write. There, one
# thread of the process is the index's only writer instead: the request hands it the changed
# objects and returns; the thread coalesces what arrives within a short while and writes once.
# With a queue backend (TASKS_BACKEND), the task worker is the writer, as before; the tests keep
# the writes inline (SEARCH_INDEX_WRITER_THREAD = False), where they can be asserted at once.


def _writer_in_process() -> bool:
    from django.conf import settings

    wanted = getattr(settings, "SEARCH_INDEX_WRITER_THREAD", None)
    if wanted is not None:
        return bool(wanted)
    return settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


class IndexWriter:
    """One daemon thread writing the index for this process, in batches."""

    COALESCE_SECONDS = 0.5

    def __init__(self):
        self._lock = threading.Lock()
        self._items: dict = {}
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="search-index-writer", daemon=True)
        self._thread.start()

    def add(self, batch) -> None:
        with self._lock:
            for label, pk in batch:
                self._items[(label, pk)] = None
            self._idle.clear()
        self._wake.set()

    def wait(self, timeout: float = 10.0) -> bool:
        """Until everything handed over is written (tests, management commands)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        import logging
        import time

        from django.db import close_old_connections, connection

        from search.tasks import refresh

        log = logging.getLogger(__name__)
        while True:
            self._wake.wait()
            time.sleep(self.COALESCE_SECONDS)
            with self._lock:
                items, self._items = list(self._items), {}
                self._wake.clear()
            try:
                close_old_connections()
                refresh([[label, pk] for label, pk in items])
            except Exception:  # noqa: BLE001 - the next change (or rebuild_index) catches up
                log.exception("search index refresh failed")
            finally:
                connection.close()
            with self._lock:
                if not self._items:
                    self._idle.set()


_writer_instance = None
_writer_lock = threading.Lock()


def _writer() -> IndexWriter:
    global _writer_instance
    with _writer_lock:
        if _writer_instance is None:
            import atexit

            _writer_instance = IndexWriter()
            # a management command ends right after its saves: what it handed over is written first
            atexit.register(_writer_instance.wait)
        return _writer_instance


class QueuedSignalProcessor(BaseSignalProcessor):
    def setup(self):
        post_save.connect(self.handle_save)
        post_delete.connect(self.handle_delete)
        from wagtail.signals import page_published, page_unpublished

        page_published.connect(self.handle_page)
        page_unpublished.connect(self.handle_page)

    def teardown(self):
        post_save.disconnect(self.handle_save)
        post_delete.disconnect(self.handle_delete)
        from wagtail.signals import page_published, page_unpublished

        page_published.disconnect(self.handle_page)
        page_unpublished.disconnect(self.handle_page)

    def _index(self, model):
        try:
            return self.connections["default"].get_unified_index().get_index(model)
        except NotHandled:
            return None

    def handle_save(self, sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        index = self._index(sender)
        if index is None:
            return
        queue_refresh(sender, instance.pk)
        # An index may say which other documents show this object (a topic its opening message).
        for model, pk in getattr(index, "also_refresh", lambda obj: [])(instance):
            if pk is not None:
                queue_refresh(model, pk)

    handle_delete = handle_save

    def handle_page(self, sender, instance, **kwargs):
        model = type(instance.specific)
        if self._index(model) is not None:
            queue_refresh(model, instance.pk)
