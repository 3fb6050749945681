"""Writes on files. Each checks the policy, the quota and the upload itself."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from workspace.files import checks
from workspace.files.models import FileVersion, Folder, StoredFile
from workspace.spaces.permissions import CHANGE, CONTRIBUTE, DELETE, policy

MODULE = "files"
TRASH_DAYS = 30


def _require(user, action, space):
    if not policy.user_has_module_permission(user, action, space, MODULE):
        raise PermissionDenied(_("You may not change the files of this space."))


def space_usage(space) -> int:
    return FileVersion.objects.filter(file__space=space).aggregate(total=Sum("size"))["total"] or 0


def _folder_of(space, folder):
    if folder is not None and folder.space_id != space.pk:
        raise ValidationError(_("This folder belongs to another space."))
    return folder


@transaction.atomic
def folder_create(*, space, actor, name: str, parent: Folder | None = None) -> Folder:
    _require(actor, CONTRIBUTE, space)
    name = (name or "").strip().replace("/", "-")[:120]
    if not name:
        raise ValidationError({"name": _("Give the folder a name.")})
    _folder_of(space, parent)
    if Folder.objects.filter(space=space, parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": _("A folder of this name already exists here.")})
    return Folder.objects.create(space=space, parent=parent, name=name, created_by=actor)


@transaction.atomic
def file_upload(*, space, actor, upload, folder: Folder | None = None) -> StoredFile:
    """Store an upload. A file of the same name in the same folder gets a new version (the old
    ones are kept)."""
    _require(actor, CONTRIBUTE, space)
    _folder_of(space, folder)
    name = checks.clean_name(upload.name)
    checks.check_size(upload, name)
    content_type = checks.detect(upload, name)
    quota = settings.WORKSPACE_SPACE_QUOTA_BYTES
    if space_usage(space) + upload.size > quota:
        raise ValidationError(
            _(
                "“%(name)s” does not fit: this space's storage (%(quota)s) is full. "
                "Empty the trash or delete old versions."
            )
            % {"name": name, "quota": filesizeformat(quota)}
        )
    now = timezone.now()
    stored = (
        StoredFile.objects.select_for_update()
        .filter(space=space, folder=folder, name__iexact=name, deleted_at__isnull=True)
        .first()
    )
    if stored is None:
        stored = StoredFile.objects.create(
            space=space, folder=folder, name=name, content_type=content_type, created_by=actor, created_at=now
        )
    else:
        if not _may_add_version(actor, stored):
            raise PermissionDenied(
                _(
                    "“%(name)s” is already here, and only its author or a moderator may send a new "
                    "version of it. Give your file another name."
                )
                % {"name": stored.name}
            )
        if checks.extension_of(stored.name) != checks.extension_of(name):
            raise ValidationError(_("A new version must keep the same kind of file."))
    number = stored.version_count + 1
    version = FileVersion(
        file=stored,
        number=number,
        original_name=name,
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
        uploaded_at=now,
    )
    upload.seek(0)
    version.blob.save(name, upload, save=False)
    version.save()
    stored.version_count = number
    stored.size = upload.size
    stored.content_type = content_type
    stored.updated_at = now
    stored.updated_by = actor
    stored.save(update_fields=["version_count", "size", "content_type", "updated_at", "updated_by"])
    return stored


def _may_add_version(actor, stored: StoredFile) -> bool:
    """A new version replaces what colleagues open: like a rename, its author's or a
    moderator's decision, not any contributor's."""
    return policy.user_has_permission_for_instance(actor, CHANGE, stored)


@transaction.atomic
def file_version_upload(*, file: StoredFile, actor, upload) -> StoredFile:
    """A new version of ``file`` sent from its page; it keeps the file's name."""
    if not _may_add_version(actor, file):
        raise PermissionDenied(_("Only the author of this file or a moderator may send a new version."))
    if file.deleted_at is not None:
        raise ValidationError(_("Restore the file before sending a new version."))
    upload.name = file.name
    return file_upload(space=file.space, actor=actor, upload=upload, folder=file.folder)


@transaction.atomic
def file_rename(*, file: StoredFile, actor, name: str) -> StoredFile:
    if not policy.user_has_permission_for_instance(actor, CHANGE, file):
        raise PermissionDenied(_("You may not rename this file."))
    new = checks.clean_name(name)
    if checks.extension_of(new) != checks.extension_of(file.name):
        raise ValidationError(
            {"name": _("Keep the file's extension (.%(ext)s).") % {"ext": checks.extension_of(file.name)}}
        )
    if (
        StoredFile.objects.filter(space=file.space, folder=file.folder, name__iexact=new, deleted_at__isnull=True)
        .exclude(pk=file.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Another file of this name is already here.")})
    file.name = new
    file.save(update_fields=["name"])
    return file


@transaction.atomic
def file_move(*, file: StoredFile, actor, folder: Folder | None) -> StoredFile:
    if not policy.user_has_permission_for_instance(actor, CHANGE, file):
        raise PermissionDenied(_("You may not move this file."))
    _folder_of(file.space, folder)
    file.folder = folder
    file.save(update_fields=["folder"])
    return file


@transaction.atomic
def file_delete(*, file: StoredFile, actor) -> StoredFile:
    """Move to the trash: restorable for 30 days."""
    if not policy.user_has_permission_for_instance(actor, DELETE, file):
        raise PermissionDenied(_("You may not delete this file."))
    file.deleted_at = timezone.now()
    file.deleted_by = actor
    file.save(update_fields=["deleted_at", "deleted_by"])
    return file


@transaction.atomic
def file_restore(*, file: StoredFile, actor) -> StoredFile:
    if not policy.user_has_permission_for_instance(actor, DELETE, file):
        raise PermissionDenied(_("You may not restore this file."))
    clash = StoredFile.objects.filter(
        space=file.space, folder=file.folder, name__iexact=file.name, deleted_at__isnull=True
    ).exists()
    if clash:
        stem, ext = file.name.rsplit(".", 1)
        file.name = f"{stem} (restauré).{ext}"
    file.deleted_at = None
    file.deleted_by = None
    file.save(update_fields=["deleted_at", "deleted_by", "name"])
    return file


def trash_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete for good the files in the trash for more than 30 days, and their bytes."""
    limit = (now or timezone.now()) - datetime.timedelta(days=TRASH_DAYS)
    count = 0
    for stored in StoredFile.objects.filter(deleted_at__lt=limit):
        for version in stored.versions.all():
            version.blob.delete(save=False)
        stored.delete()
        count += 1
    return count
