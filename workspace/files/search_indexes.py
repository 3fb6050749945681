import logging

from haystack import indexes

from core.search import BaseIndex, space_token
from workspace.files.models import StoredFile
from workspace.spaces.permissions import VIEW, policy

log = logging.getLogger(__name__)
PDF_MAX_PAGES = 30
PDF_MAX_CHARS = 100_000


def pdf_text(stored: StoredFile) -> str:
    """The text of the latest version of a PDF (its first pages), when it has one: cheap enough
    for the index writer; a scan or a broken file simply gives nothing."""
    version = stored.versions.order_by("-number").first()
    if version is None:
        return ""
    try:
        from pypdf import PdfReader

        with version.blob.open("rb") as handle:
            reader = PdfReader(handle)
            parts, size = [], 0
            for page in reader.pages[:PDF_MAX_PAGES]:
                text = page.extract_text() or ""
                parts.append(text)
                size += len(text)
                if size >= PDF_MAX_CHARS:
                    break
        return " ".join(" ".join(parts).split())[:PDF_MAX_CHARS]
    except Exception:  # noqa: BLE001 - an unreadable PDF is still found by its name
        log.info("no text from PDF %s", stored.pk, exc_info=True)
        return ""


class StoredFileIndex(BaseIndex, indexes.Indexable):
    """A file of a space, by its name and folder, and a PDF by its text (files in the trash are
    not searched)."""

    search_kind = "file"

    def get_model(self):
        return StoredFile

    def index_queryset(self, using=None):
        return StoredFile.objects.filter(deleted_at__isnull=True).select_related("space", "folder")

    def get_title(self, obj):
        return obj.name

    def get_text(self, obj):
        return [
            obj.name.rsplit(".", 1)[0].replace("-", " ").replace("_", " "),
            obj.folder.name if obj.folder else "",
            pdf_text(obj) if obj.is_pdf else "",
        ]

    def get_access(self, obj):
        return [space_token(obj.space_id, StoredFile.space_module)]

    def get_date(self, obj):
        return obj.updated_at

    def user_can_see(self, user, obj):
        return obj.deleted_at is None and policy.user_has_permission_for_instance(user, VIEW, obj)
