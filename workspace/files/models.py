"""Files of a space: folders, files with their versions, a trash.

The bytes live under ``settings.PRIVATE_ROOT``, never under the public media root: the only
way to them is the download view, after the policy has said yes.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage  # migration 0001 names it here: keep it importable
from workspace.spaces.models import Space


def version_path(instance, filename):
    return f"spaces/{instance.file.space_id}/{instance.file_id}/{instance.number}-{filename}"


class Folder(models.Model):
    space_module = "files"
    owner_field = "created_by"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="folders")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StoredFile(models.Model):
    space_module = "files"
    owner_field = "created_by"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="files")
    folder = models.ForeignKey(Folder, null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    version_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("files:detail", kwargs={"slug": self.space.slug, "pk": self.pk})

    def get_download_url(self):
        return reverse("files:download", kwargs={"slug": self.space.slug, "pk": self.pk})

    @property
    def is_image(self):
        return self.content_type in {"image/png", "image/jpeg", "image/gif", "image/webp"}

    @property
    def is_pdf(self):
        return self.content_type == "application/pdf"


class FileVersion(models.Model):
    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    blob = models.FileField(upload_to=version_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["file", "number"], name="files_version_unique")]

    def __str__(self):
        return f"{self.file} v{self.number}"
