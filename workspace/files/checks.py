"""What an upload must pass: size, a harmless name, and a type recognised from its content
(not from what the browser claims) that matches the name's extension."""

import re
import unicodedata
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension → the content types its bytes may have
ALLOWED = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/vnd.oasis.opendocument.presentation"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage"},
    "xls": {"application/vnd.ms-excel", "application/x-ole-storage"},
    "ppt": {"application/vnd.ms-powerpoint", "application/x-ole-storage"},
    "zip": {"application/zip"},
    "mp3": {"audio/mpeg"},
    "mp4": {"video/mp4"},
    "txt": {"text/plain"},
    "csv": {"text/csv"},
    "md": {"text/plain"},
}
TEXT_EXTENSIONS = {"txt", "csv", "md"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DANGEROUS = {"exe", "bat", "cmd", "com", "scr", "msi", "js", "vbs", "ps1", "sh", "php", "html", "htm", "svg", "jar"}


def clean_name(name: str) -> str:
    """A file name without folders, control characters or leading dots."""
    name = unicodedata.normalize("NFC", name or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip().lstrip(".").strip()
    if not name or "." not in name:
        raise ValidationError(_("The file needs a name with an extension, such as “report.pdf”."))
    return name[-200:]


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def detect(upload, name: str) -> str:
    """The content type of ``upload`` read from its bytes; a ValidationError when it is not
    allowed or does not match the extension."""
    extension = extension_of(name)
    parts = [p.lower() for p in name.split(".")[1:]]
    if extension in DANGEROUS or any(p in DANGEROUS for p in parts):
        raise ValidationError(_("“%(name)s”: this kind of file is not accepted.") % {"name": name})
    if extension not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: .%(ext)s files are not accepted. Accepted: %(list)s.")
            % {"name": name, "ext": extension, "list": ", ".join(sorted(ALLOWED))}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            raise ValidationError(_("“%(name)s” is not a text file.") % {"name": name})
        return "text/csv" if extension == "csv" else "text/plain"
    kind = filetype.guess(head)
    mime = kind.mime if kind else ("application/x-ole-storage" if head.startswith(OLE_MAGIC) else None)
    if mime not in ALLOWED[extension]:
        raise ValidationError(
            _("“%(name)s” is not really a .%(ext)s file: its content does not match its name.")
            % {"name": name, "ext": extension}
        )
    if mime in ("application/zip", "application/x-ole-storage"):
        mime = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "doc": "application/msword",
            "xls": "application/vnd.ms-excel",
            "ppt": "application/vnd.ms-powerpoint",
        }.get(extension, mime)
    return mime


def check_size(upload, name: str) -> None:
    limit = settings.WORKSPACE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
