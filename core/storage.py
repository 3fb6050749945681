"""Where private bytes live: under ``settings.PRIVATE_ROOT``, never under the public media root.

A storage without a base URL has no public address: the only way to the bytes is a view that
asked the policy first and answers with ``core.serving.private_file_response``.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    # A callable, so that the test settings' PRIVATE_ROOT applies; no base_url: no public URL.
    return FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)


def unguessable_name(folder: str, filename: str) -> str:
    """``folder/<32 random hex digits>.<ext>``: the upload's own name is dropped (it may say
    who or what is pictured), only a short lower-case extension is kept for the content type."""
    import re
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if re.fullmatch(r"[a-z0-9]{1,5}", extension) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def delete_on_commit(storage, name: str) -> None:
    """Remove ``name`` from ``storage`` once the transaction that dropped its last reference has
    committed: a rolled-back deletion keeps its bytes, a committed one leaves nothing behind."""
    from django.db import transaction

    if name:
        transaction.on_commit(lambda: storage.delete(name))
