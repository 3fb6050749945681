"""The members of the network. One account per person, who logs in with their e-mail."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.storage import delete_on_commit, private_storage, unguessable_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # E-mail addresses are matched without regard to case.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


phone_validator = RegexValidator(
    r"^[0-9+().\s-]{6,20}$", _("Enter a phone number such as 05 65 00 00 00 or +33 5 65 00 00 00.")
)


def photo_path(instance, filename):
    # An unguessable name on the private storage: the bytes are reached only through the
    # member_photo view, which asks can_see_profile first.
    return unguessable_name("people/photos", filename)


class Visibility(models.TextChoices):
    NETWORK = "network", _("All members of the network")
    CONTACTS = "contacts", _("My contacts only")
    PRIVATE = "private", _("Only me")


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How other members see you; your full name by default."),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, storage=private_storage, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    skills = TaggableManager(_("skills"), blank=True, help_text=_("Separate skills with commas."))
    email_visibility = models.CharField(
        _("who sees my e-mail address"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    phone_visibility = models.CharField(
        _("who sees my phone number"), max_length=10, choices=Visibility.choices, default=Visibility.CONTACTS
    )
    place = models.ForeignKey(
        "directory.PlacePage",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    territory = models.ForeignKey(
        "directory.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["last_name", "first_name", "email"]

    def refresh_from_db(self, *args, **kwargs):
        """Re-read the row, and the role names read once per object (``core.roles``) with it."""
        from core.roles import forget_role_names

        super().refresh_from_db(*args, **kwargs)
        forget_role_names(self)

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.email

    def get_short_name(self):
        return self.first_name or self.get_display_name()

    @property
    def photo_url(self) -> str:
        """The checked address of the photo (``""`` without one). Its ``v`` changes with the
        photo, so that a browser keeping the old one asks again."""
        if not self.photo:
            return ""
        import hashlib

        from django.urls import reverse

        version = hashlib.sha256(self.photo.name.encode()).hexdigest()[:10]
        return f"{reverse('member-photo', args=[self.pk])}?v={version}"

    @property
    def group_names(self):
        """Names of the role groups (uses the prefetched groups when there are)."""
        return {g.name for g in self.groups.all()}

    @property
    def initials(self):
        parts = [p for p in (self.first_name, self.last_name) if p]
        if not parts:
            parts = [self.get_display_name()]
        return "".join(p[0] for p in parts[:2]).upper()


@receiver(post_delete, sender=User)
def _photo_delete(sender, instance, **kwargs):
    """A deleted account leaves no photo behind."""
    if instance.photo:
        delete_on_commit(instance.photo.storage, instance.photo.name)


class RegistrationRequest(models.Model):
    """A request to join the network, decided by the referent of the requested territory."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    class Role(models.TextChoices):
        ANIMATOR = "animator", _("Animator or digital mediator")
        VOLUNTEER = "volunteer", _("Volunteer")
        PARTNER = "partner", _("Partner (agency, local authority, association)")

    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    territory = models.ForeignKey(
        "directory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="registrations"
    )
    place = models.ForeignKey(
        "directory.PlacePage",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ANIMATOR)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        User, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["territory", "status"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class AuditEntry(models.Model):
    """Who did what, when: every administrative action of referents and the coordinator."""

    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    summary = models.CharField(_("what"), max_length=300)
    territory = models.ForeignKey(
        "directory.Territory", verbose_name=_("territory"), null=True, blank=True, on_delete=models.SET_NULL
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"
