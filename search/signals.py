"""Keeping the index up to date, through one writer.

haystack's real-time processor writes to the index inside the request that saved the object:
with several Daphne processes, several writers then fight over Whoosh's lock. Here a save or a
delete only notes "this object changed"; once the transaction commits, the changed objects go
in one django-tasks task (``search.tasks.index_refresh``), which reads each object's current
state and updates or removes its document. With the immediate backend (development, tests) the
task runs inline; in production one task worker is the only process writing to the index.
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
    from search.tasks import index_refresh

    index_refresh.enqueue(items=[[label, pk] for label, pk in items])


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
