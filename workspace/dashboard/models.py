from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspace.spaces.models import Space


class Layout(models.Model):
    """The arrangement of a space's home: a member's desk (their personal space) or a group's
    home (arranged by its admins). ``items`` is a list of ``{"key", "widget", "count"}``."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="layout")
    items = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("desk layout")
        verbose_name_plural = _("desk layouts")

    def __str__(self):
        return f"{self.space} ({len(self.items)})"
