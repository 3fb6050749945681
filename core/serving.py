"""The bytes of a private file, once a view has asked the policy.

Django checks the rights, then either streams the file itself (the embedded default) or, when
``PRIVATE_ACCEL_PREFIX`` is set (e.g. ``/_private/``), answers with an empty response carrying
``X-Accel-Redirect`` so that nginx streams the bytes from an ``internal`` location mapped on
``PRIVATE_ROOT`` (deploy: nginx). Either way the headers are the same: private, not cached by
shared caches, not sniffed, not embeddable elsewhere, and sandboxed when shown inline.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

# An uploaded file shown inline can hold anything: no script, no form, no plug-in runs from it.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"


def _headers(response, *, inline: bool, cache_seconds: int):
    response["Content-Security-Policy"] = FILE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def private_file_response(
    field_file, *, filename: str = "", content_type: str = "", inline: bool = False, cache_seconds: int = 0
):
    """The response serving ``field_file`` (a FieldFile on the private storage), or 404 when
    its bytes are missing. ``cache_seconds`` lets the browser keep a picture it may see again
    (a profile photo), never a shared cache."""
    if not field_file:
        raise Http404
    name = field_file.name
    filename = filename or name.rsplit("/", 1)[-1]
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    prefix = getattr(settings, "PRIVATE_ACCEL_PREFIX", "")
    if prefix:
        if not field_file.storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
        return _headers(response, inline=inline, cache_seconds=cache_seconds)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    return _headers(response, inline=inline, cache_seconds=cache_seconds)
