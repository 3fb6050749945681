"""esp@p, the public-service points: an inhabitant meets an advisor of a partner agency (CAF,
CPAM, Carsat, UDAF, Mission Locale, France Travail) by video, on appointment, helped by a
mediator of the place.

- an ``Advisor`` is a member of the network working for one agency; they publish ``Slot``s
  (one-off or weekly, bookable at some sites);
- an ``Appointment`` takes a slot at one site for one inhabitant; its personal data (name,
  contact, subject) is seen by the appointment's participants only and erased on a schedule
  (``jobs.purge_personal_data``), the appointment itself stays for the figures;
- a ``WeeklyGrid`` holds a site's counts for one week, pre-filled from the appointments, locked
  once the referent validates it;
- ``SurveyAnswer``s are anonymous answers to the satisfaction survey, open during a
  ``SurveyPeriod`` the coordinator sets.

A database constraint keeps a slot to one live appointment (double booking is refused by the
database too, not only by a check that two requests could both pass).
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import private_storage

SLOT_MINUTES = (20, 30, 45, 60)


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Advisor(models.Model):
    """A member who receives inhabitants by video for one partner agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="espap_advisor"
    )
    agency = models.ForeignKey(
        "directory.PartnerAgency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="advisors"
    )
    phone = models.CharField(
        _("phone for the telephone fallback"),
        max_length=20,
        blank=True,
        help_text=_("Given to the mediator when the video call cannot be made."),
    )

    class Meta:
        verbose_name = _("agency advisor")
        verbose_name_plural = _("agency advisors")
        ordering = ["agency__name", "user__last_name"]

    def __str__(self):
        return f"{self.user.get_display_name()} ({self.agency.code.upper()})"


class Slot(models.Model):
    """A time an advisor offers for a video appointment, bookable at some sites."""

    advisor = models.ForeignKey(Advisor, verbose_name=_("advisor"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    sites = models.ManyToManyField(
        "directory.PlacePage", verbose_name=_("sites"), related_name="espap_slots", blank=False
    )
    # the slots published together as "every week" share it, so they can be withdrawn together
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        # by advisor (overlaps, an agenda) and by time alone (a period's figures, free slots)
        indexes = [models.Index(fields=["advisor", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.advisor} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)


class Appointment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("appointment status", "Requested")
        CONFIRMED = "confirmed", pgettext_lazy("appointment status", "Confirmed")
        SEEN = "seen", pgettext_lazy("appointment status", "Seen")
        NO_SHOW = "no_show", pgettext_lazy("appointment status", "No-show")
        EXCUSED = "excused", pgettext_lazy("appointment status", "Excused")
        RESCHEDULED = "rescheduled", pgettext_lazy("appointment status", "Rescheduled")
        CANCELLED = "cancelled", pgettext_lazy("appointment status", "Cancelled")

    class Source(models.TextChoices):
        MEDIATOR = "mediator", _("Booked by a mediator")
        PUBLIC = "public", _("Asked for on the public site")

    # the statuses that hold the slot; the others free it for someone else
    HOLDING = ("requested", "confirmed", "seen", "no_show", "excused")
    UPCOMING = ("requested", "confirmed")
    OUTCOMES = ("seen", "no_show", "excused")

    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="appointments")
    site = models.ForeignKey(
        "directory.PlacePage", verbose_name=_("site"), on_delete=models.PROTECT, related_name="espap_appointments"
    )
    agency = models.ForeignKey(
        "directory.PartnerAgency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="appointments"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="espap_mediated",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MEDIATOR)
    # the inhabitant: personal data, erased by the purge (``purged_at``)
    name = models.CharField(_("inhabitant's name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    subject = models.TextField(_("subject"), max_length=1000)
    documents = models.TextField(_("documents to bring"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_text = models.TextField(_("consent wording"))
    purged_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # what happened
    category = models.CharField(_("subject category"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    rescheduled_to = models.OneToOneField(
        "self",
        verbose_name=_("rescheduled to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rescheduled_from",
    )
    advisor_note = models.TextField(_("follow-up note"), max_length=4000, blank=True)
    call_started_at = models.DateTimeField(_("call started at"), null=True, blank=True)
    call_ended_at = models.DateTimeField(_("call ended at"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # the inhabitant's own link to cancel (sent in their confirmation)
    token = models.CharField(max_length=32, default=new_token, unique=True, editable=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=("requested", "confirmed", "seen", "no_show", "excused")),
                name="espap_one_live_appointment_per_slot",
            )
        ]
        indexes = [models.Index(fields=["site", "status"]), models.Index(fields=["agency", "status"])]

    def __str__(self):
        return f"{self.agency.code.upper()} {self.slot.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("espap:appointment", args=[self.pk])

    @property
    def starts_at(self):
        return self.slot.starts_at

    @property
    def ends_at(self):
        return self.slot.ends_at

    @property
    def is_upcoming(self) -> bool:
        return self.status in self.UPCOMING

    @property
    def call_minutes(self) -> int | None:
        if self.call_started_at and self.call_ended_at:
            return max(0, round((self.call_ended_at - self.call_started_at).total_seconds() / 60))
        return None


def document_path(instance, filename):
    from core.storage import unguessable_name

    return unguessable_name("espap", filename)


class AppointmentDocument(models.Model):
    """A paper the mediator scanned and sent to the advisor during the call: private to the
    appointment's participants, deleted after ``ESPAP_DOCUMENT_DAYS``."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="documents_sent")
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    delete_after = models.DateField(_("deleted after"))

    class Meta:
        verbose_name = _("document sent")
        verbose_name_plural = _("documents sent")
        ordering = ["created_at"]

    def __str__(self):
        return self.filename


class WeeklyGrid(models.Model):
    """A site's counts for one week (Monday): by service, visio interviews by agency, by public.
    Validated by the referent, it is locked; unlocking it is written in the audit log."""

    site = models.ForeignKey(
        "directory.PlacePage", verbose_name=_("site"), on_delete=models.CASCADE, related_name="espap_grids"
    )
    week = models.DateField(_("week of"))  # its Monday
    services = models.JSONField(_("counts by service"), default=dict)
    visio = models.JSONField(_("visio interviews by agency"), default=dict)
    publics = models.JSONField(_("counts by public"), default=dict)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly counting grid")
        verbose_name_plural = _("weekly counting grids")
        ordering = ["-week", "site__title"]
        constraints = [models.UniqueConstraint(fields=["site", "week"], name="espap_one_grid_per_site_week")]

    def __str__(self):
        return f"{self.site} {self.week:%G-W%V}"

    @property
    def locked(self) -> bool:
        return self.validated_at is not None

    @property
    def total(self) -> int:
        return sum(self.services.values()) + sum(self.visio.values())


class SurveyPeriod(models.Model):
    """When the satisfaction survey is open: for one site, or for every site (no site)."""

    site = models.OneToOneField(
        "directory.PlacePage",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="espap_survey_period",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        # one row per site (the OneToOne); the network's own row (no site) is kept single by
        # ``survey.period_set``, which updates it

    def __str__(self):
        return f"{self.site or '—'} {self.opens_on} → {self.closes_on}"

    def is_open(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class SurveyAnswer(models.Model):
    """One anonymous answer: nothing says who gave it (no account, no address, the day only)."""

    site = models.ForeignKey(
        "directory.PlacePage", verbose_name=_("site"), on_delete=models.CASCADE, related_name="espap_answers"
    )
    agency = models.ForeignKey(
        "directory.PartnerAgency",
        verbose_name=_("agency met by video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField(_("answered on"))
    answers = models.JSONField(_("answers"), default=dict)
    satisfaction = models.PositiveSmallIntegerField(_("overall satisfaction"))  # 1 (not at all) … 4 (very)
    would_recommend = models.BooleanField(_("would recommend"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["site", "answered_on"])]

    def __str__(self):
        return f"{self.site} {self.answered_on}"
