"""Writes on notes. The policy decides who may; the history keeps every earlier version."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workspace.notes.models import Note, NoteRevision
from workspace.notes.permissions import PIN
from workspace.spaces.html import sanitize
from workspace.spaces.permissions import CHANGE, CONTRIBUTE, DELETE, policy


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the note a title.")})
    return title[:200]


@transaction.atomic
def note_create(*, space, author, title: str, body: str = "", pinned: bool = False) -> Note:
    if not policy.user_has_module_permission(author, CONTRIBUTE, space, "notes"):
        raise PermissionDenied(_("You may not write notes here."))
    if pinned and not policy.user_has_module_permission(author, PIN, space, "notes"):
        pinned = False
    now = timezone.now()
    return Note.objects.create(
        space=space,
        title=_clean_title(title),
        body=sanitize(body),
        pinned=pinned,
        created_by=author,
        updated_by=author,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def note_update(*, note: Note, editor, title: str, body: str) -> Note:
    if not policy.user_has_permission_for_instance(editor, CHANGE, note):
        raise PermissionDenied(_("You may not edit this note."))
    title, body = _clean_title(title), sanitize(body)
    if title == note.title and body == note.body:
        return note
    NoteRevision.objects.create(
        note=note, title=note.title, body=note.body, edited_by=note.updated_by, edited_at=note.updated_at
    )
    note.title, note.body = title, body
    note.updated_by, note.updated_at = editor, timezone.now()
    note.save(update_fields=["title", "body", "updated_by", "updated_at"])
    return note


@transaction.atomic
def note_pin(*, note: Note, actor, pinned: bool) -> Note:
    if not policy.user_has_module_permission(actor, PIN, note.space, "notes"):
        raise PermissionDenied(_("You may not pin notes here."))
    note.pinned = pinned
    note.save(update_fields=["pinned"])
    return note


@transaction.atomic
def note_delete(*, note: Note, actor) -> None:
    if not policy.user_has_permission_for_instance(actor, DELETE, note):
        raise PermissionDenied(_("You may not delete this note."))
    note.delete()
