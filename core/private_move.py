"""Data migrations that move existing uploads from the public media root to the private storage,
under unguessable names (used by the contacts and people migrations that made post images and
member photos private).

A row whose file is already gone keeps the rest of its data and loses the dead reference. The
old files are deleted only once the new names are committed: a migration that fails leaves them
where they were (at worst a copy stays behind in the private folder, unreferenced).
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.db import transaction


def _unguessable(folder: str, old: str) -> str:
    base = old.rsplit("/", 1)[-1]
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    suffix = f".{extension}" if re.fullmatch(r"[a-z0-9]{1,5}", extension) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def _exists(storage, name: str) -> bool:
    try:
        return storage.exists(name)
    except (SuspiciousFileOperation, ValueError):
        return False


def move(public, private, folder: str, old: str) -> tuple[str, tuple | None]:
    """(the new name, or "" when the bytes are gone; (storage, name) to delete after commit)."""
    unguessable = re.compile(rf"^{re.escape(folder)}/[0-9a-f]{{32}}(\.[a-z0-9]{{1,5}})?$")
    if _exists(private, old) and unguessable.match(old):
        return old, None  # already where it belongs
    source = public if _exists(public, old) else private if _exists(private, old) else None
    if source is None:
        return "", None
    with source.open(old, "rb") as handle:
        new = private.save(_unguessable(folder, old), handle)
    return new, (source, old)


def mover(app_label: str, model_name: str, field: str, folder: str):
    """The RunPython function moving ``<model>.<field>`` files into ``folder`` of the private storage."""

    def move_to_private(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        alias = schema_editor.connection.alias if schema_editor is not None else "default"
        public = FileSystemStorage(location=settings.MEDIA_ROOT)
        private = FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)
        leftovers = []
        rows = model.objects.using(alias).exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
        for pk, old in list(rows.values_list("pk", field)):
            new, leftover = move(public, private, folder, old)
            if new != old:
                model.objects.using(alias).filter(pk=pk).update(**{field: new})
            if leftover:
                leftovers.append(leftover)

        def delete_leftovers():
            for storage, name in leftovers:
                storage.delete(name)

        transaction.on_commit(delete_leftovers, using=alias)

    return move_to_private
