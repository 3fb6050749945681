"""The single writer of the search index (see search/signals.py)."""

import logging
from collections import defaultdict

from django.apps import apps
from django_tasks import task
from haystack import connections
from haystack.exceptions import NotHandled

log = logging.getLogger(__name__)
CHUNK = 500


def refresh(items) -> dict:
    """Bring the documents of ``items`` ([[model label, pk], ...]) in line with the database:
    an object the index should hold is (re)indexed, any other is removed."""
    backend = connections["default"].get_backend()
    unified = connections["default"].get_unified_index()
    by_model = defaultdict(set)
    for label, pk in items:
        by_model[label].add(str(pk))
    updated = removed = 0
    for label, pks in by_model.items():
        try:
            model = apps.get_model(label)
            index = unified.get_index(model)
        except (LookupError, NotHandled):
            continue
        pk_field = model._meta.pk
        ordered = sorted(pks)
        found = set()
        for start in range(0, len(ordered), CHUNK):
            chunk = [pk_field.to_python(pk) for pk in ordered[start : start + CHUNK]]
            objects = list(index.index_queryset().filter(pk__in=chunk))
            found.update(str(obj.pk) for obj in objects)
            if objects:
                backend.update(index, objects)
                updated += len(objects)
        gone = [f"{label}.{pk}" for pk in sorted(pks - found)]
        if gone:
            if hasattr(backend, "remove_many"):
                backend.remove_many(gone)
            else:
                for identifier in gone:
                    backend.remove(identifier)
            removed += len(gone)
    return {"updated": updated, "removed": removed}


@task()
def index_refresh(items: list) -> dict:
    return refresh(items)
