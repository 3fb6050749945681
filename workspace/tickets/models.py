"""The Ticket déclic scheme: a nominative 200 € voucher for 10 workshop sessions of 2 hours.

The catalogue (modules, families, which partner places offer what) and the competence
frameworks are data, so the network changes them without code. A ticket is issued by a
prescribing organisation to a beneficiary, registered by a partner place with its reference,
followed through a positioning interview and ten sessions (attendance and a positioning sheet
per session), and completed sessions open the place's claim of 150 €, validated and paid once by
the manager.

Personal data lives on ``Beneficiary`` only: erasing it keeps every ticket, session and payment
for the figures.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workspace.tickets import reference as refs

FACE_VALUE = 200
PAID_TO_PLACE = 150
SESSIONS = 10
SESSION_HOURS = 2
VALIDITY_MONTHS = 12
GROUP_SIZE = 5


def new_log_token() -> str:
    return secrets.token_urlsafe(24)


class Organisation(models.Model):
    """A prescribing organisation (Conseil départemental, Mission Locale, CAF…): its prescribers
    see and issue its tickets only."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("prescribers"), blank=True, related_name="ticket_organisations"
    )

    class Meta:
        verbose_name = _("prescribing organisation")
        verbose_name_plural = _("prescribing organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Family(models.Model):
    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("family of modules")
        verbose_name_plural = _("families of modules")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CourseModule(models.Model):
    """One of the 20 workshop modules (« Gérer sa messagerie électronique »…)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    family = models.ForeignKey(Family, verbose_name=_("family"), on_delete=models.PROTECT, related_name="modules")
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("workshop module")
        verbose_name_plural = _("workshop modules")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class PartnerPlace(models.Model):
    """A place of the directory that takes part in the scheme, and the modules it offers."""

    place = models.OneToOneField(
        "directory.PlacePage", verbose_name=_("place"), on_delete=models.CASCADE, related_name="ticket_partner"
    )
    modules = models.ManyToManyField(CourseModule, verbose_name=_("modules offered"), blank=True)
    group_size = models.PositiveSmallIntegerField(_("group size"), default=GROUP_SIZE)
    yearly_low = models.PositiveSmallIntegerField(_("learners a year (low)"), default=30)
    yearly_high = models.PositiveSmallIntegerField(_("learners a year (high)"), default=45)
    active = models.BooleanField(_("takes new learners"), default=True)

    class Meta:
        verbose_name = _("partner place")
        verbose_name_plural = _("partner places")
        ordering = ["place__title"]

    def __str__(self):
        return self.place.title

    @property
    def territory_id(self):
        return self.place.territory_id


class Framework(models.Model):
    """A competence framework (B2i Adultes, Pix…), versioned: a ticket keeps the one it started
    with, new tickets take the default."""

    name = models.CharField(_("name"), max_length=120)
    version = models.CharField(_("version"), max_length=20)
    is_default = models.BooleanField(_("default for new tickets"), default=False)

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="framework_name_version"),
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True), name="one_default"),
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        unique_together = [("framework", "code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Competence(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__order", "order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class Item(models.Model):
    """One line of the positioning sheet."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=12)
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["competence__domain__order", "competence__order", "order", "code"]

    def __str__(self):
        return f"{self.code} {self.text}"


class Public(models.TextChoices):
    RSA = "rsa", _("Recipients of minimum social benefits far from employment (RSA)")
    YOUTH = "youth", _("Young people 18–25 in insertion (Mission Locale)")
    PARENT_ALONE = "parent_alone", _("Isolated women with dependent children; stay-at-home women")
    SENIOR = "senior", _("Seniors, retired or about to retire")
    EMPLOYEE = "employee", _("Low-qualified employees of very small firms")
    SPOUSE = "spouse", _("Spouses of craftsmen, shopkeepers, farmers")
    PARENT_PUPIL = "parent_pupil", _("Parents of secondary-school pupils")
    USER_SERVICES = "services", _("Insured people, benefit recipients, taxpayers (online public services)")


CONSENT_WORDING = _(
    "I agree that my name, contact details and progress are recorded by the Ticket déclic scheme "
    "(prescriber, partner place, manager) to follow my course; they are erased on request and at "
    "the latest three years after my ticket ends."
)


class Beneficiary(models.Model):
    """The person a ticket is for: the only personal data of the scheme."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    public = models.CharField(_("public"), max_length=20, choices=Public.choices)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given on"))
    consent_text = models.TextField(_("consent wording"))
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.erased_at:
            return str(_("(erased)"))
        return f"{self.first_name} {self.last_name}".strip()


class Ticket(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("ticket", "Issued")
        REGISTERED = "registered", pgettext_lazy("ticket", "Registered")
        IN_PROGRESS = "in_progress", pgettext_lazy("ticket", "In progress")
        COMPLETED = "completed", pgettext_lazy("ticket", "Completed")
        CLOSED = "closed", pgettext_lazy("ticket", "Closed early")
        EXPIRED = "expired", pgettext_lazy("ticket", "Expired")
        CANCELLED = "cancelled", pgettext_lazy("ticket", "Cancelled")

    OPEN = (Status.ISSUED, Status.REGISTERED, Status.IN_PROGRESS)
    FOLLOWED = (Status.REGISTERED, Status.IN_PROGRESS)

    reference = models.CharField(_("reference"), max_length=9, unique=True, default=refs.new_reference)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("prescriber"), on_delete=models.PROTECT, related_name="tickets"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="tickets"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(
        PartnerPlace,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    registered_at = models.DateTimeField(_("registered on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    log_token = models.CharField(max_length=40, unique=True, default=new_log_token)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["place", "status"]),
        ]

    def __str__(self):
        return self.display_reference

    def get_absolute_url(self):
        return reverse("tickets:detail", args=[self.reference])

    @property
    def display_reference(self) -> str:
        return refs.display(self.reference)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Interview(models.Model):
    """The 30-minute positioning interview before the sessions."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="interview")
    held_on = models.DateField(_("held on"))
    animator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("animator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    def __str__(self):
        return f"{self.ticket} – {self.held_on}"


class Level(models.IntegerChoices):
    NONE = 0, _("Beginner")
    BASIC = 1, _("Basic")
    INDEPENDENT = 2, _("Independent")
    ADVANCED = 3, _("Advanced")


class InterviewLevel(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="levels")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("starting level"), choices=Level.choices, default=Level.NONE)

    class Meta:
        unique_together = [("interview", "domain")]

    def __str__(self):
        return f"{self.domain.code}: {self.get_level_display()}"


class Session(models.Model):
    """A two-hour workshop at a partner place, for a small group of ticket holders."""

    place = models.ForeignKey(PartnerPlace, verbose_name=_("place"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    module = models.ForeignKey(CourseModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="+")
    animator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("animator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(pgettext_lazy("capacity", "places"), default=GROUP_SIZE)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["place", "starts_at"])]

    def __str__(self):
        return f"{self.module} – {self.starts_at:%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("tickets:session", args=[self.pk])


class Attendance(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("course", "Expected")
    PRESENT = "present", pgettext_lazy("course", "Present")
    EXCUSED = "excused", pgettext_lazy("course", "Excused")
    ABSENT = "absent", pgettext_lazy("course", "Absent")


class Enrolment(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="enrolments")
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, default="planned")
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        unique_together = [("session", "ticket")]
        ordering = ["session__starts_at"]

    def __str__(self):
        return f"{self.ticket} @ {self.session}"


class Mastery(models.TextChoices):
    NOT_SEEN = "not_seen", pgettext_lazy("course", "Not seen")
    IN_PROGRESS = "progress", pgettext_lazy("course", "In progress")
    ACQUIRED = "acquired", pgettext_lazy("course", "Acquired")


class Assessment(models.Model):
    """One item of a positioning sheet: only changes are recorded, the sheet of a session shows
    for each item the latest level recorded up to it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=8, choices=Mastery.choices)

    class Meta:
        unique_together = [("enrolment", "item")]

    def __str__(self):
        return f"{self.item.code}: {self.level}"


class Claim(models.Model):
    """What a place is owed for a completed course: one per ticket, paid once whatever happens
    (the one-to-one and the transitions under a row lock say so)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("claim", "To validate")
        VALIDATED = "validated", pgettext_lazy("claim", "Validated")
        REJECTED = "rejected", pgettext_lazy("claim", "Rejected")
        PAID = "paid", pgettext_lazy("claim", "Paid")

    ticket = models.OneToOneField(Ticket, on_delete=models.PROTECT, related_name="claim")
    place = models.ForeignKey(PartnerPlace, verbose_name=_("place"), on_delete=models.PROTECT, related_name="claims")
    amount = models.PositiveIntegerField(_("amount (€)"), default=PAID_TO_PLACE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reject_reason = models.TextField(_("reason"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["status", "paid_on"])]

    def __str__(self):
        return f"{self.ticket} – {self.place}"


class ErasureRequest(models.Model):
    """A learner asked, from their log, for their personal data to be erased."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self):
        return f"{self.ticket} ({self.requested_at:%Y-%m-%d})"
