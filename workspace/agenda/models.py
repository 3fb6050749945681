"""The agenda: events of a space (personal, group, network), with recurrence and invitations."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspace.spaces.models import Space


class Event(models.Model):
    space_module = "agenda"
    owner_field = "created_by"

    class Recurrence(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_at = models.DateTimeField(_("start"), db_index=True)
    ends_at = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    place = models.ForeignKey(
        "directory.PlacePage", verbose_name=_("place of the network"), null=True, blank=True, on_delete=models.SET_NULL
    )
    location = models.CharField(_("place (free text)"), max_length=200, blank=True)
    recurrence = models.CharField(_("repeat"), max_length=10, choices=Recurrence.choices, blank=True, default="")
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    uid = models.CharField(max_length=64, unique=True, default=secrets.token_hex, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:detail", kwargs={"slug": self.space.slug, "pk": self.pk})

    @property
    def where(self):
        return self.place.title if self.place_id else self.location


class Invitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "", _("No answer yet")
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations")
    answer = models.CharField(max_length=6, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="agenda_invitation_unique")]

    def __str__(self):
        return f"{self.user} → {self.event}"


class FeedToken(models.Model):
    """The secret of a member's private iCal feed; regenerating it cuts the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    def __str__(self):
        return f"feed of {self.user}"
