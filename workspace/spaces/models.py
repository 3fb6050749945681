"""Spaces: the one content container of the workspace.

A member's desk is their personal Space, a working group is a Space with members, a start and
an end, and the whole network is a Space. Every module's content has a foreign key to a Space,
so a module is written once and works in all three.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Space(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal desk")
        GROUP = "group", _("Working group")
        NETWORK = "network", _("Network space")

    class Visibility(models.TextChoices):
        OPEN = "open", _("Open: members may ask to join")
        INVITATION = "invitation", _("On invitation only")
        SECRET = "secret", _("Secret: invisible to non-members")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    purpose = models.TextField(_("purpose"), max_length=2000, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.OPEN)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("After this date the group is archived (read-only).")
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archive_warned_on = models.DateField(null=True, blank=True, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="personal_space",
        help_text=_("Personal desks only."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="spaces")

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["kind", "name"]
        permissions = [
            ("contribute_space", _("Can add content to the space")),
            ("moderate_space", _("Can moderate the space's content")),
            ("administer_space", _("Can administer the space")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="network"), name="spaces_single_network_space"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == self.Kind.PERSONAL:
            return reverse("workspace-home")
        return reverse("spaces:detail", kwargs={"slug": self.slug})

    @property
    def is_group(self):
        return self.kind == self.Kind.GROUP

    @property
    def is_archived(self) -> bool:
        """A group is archived once archived, or once its end date has passed, even before the
        daily task has run: the policy never waits for a cron."""
        if self.kind != self.Kind.GROUP:
            return False
        if self.archived_at is not None:
            return True
        return self.ends_on is not None and self.ends_on < timezone.localdate()


class SpaceUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table: faster than guardian's generic one, and checked by the DB."""

    content_object = models.ForeignKey(Space, on_delete=models.CASCADE)


class SpaceGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Space, on_delete=models.CASCADE)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Guest (read-only)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "space"], name="spaces_membership_unique")]
        ordering = ["space", "user"]

    def __str__(self):
        return f"{self.user} – {self.space} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation sent by a group admin, or a request to join sent by a member."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REQUEST = "request", _("Request to join")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INVITATION)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="space_invitations"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    token = models.CharField(max_length=48, unique=True, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.space} → {self.user or self.email}"


class ModuleState(models.Model):
    """Whether a module is switched on in a space. No row: the module's default applies.
    Switching a module off hides its content without deleting it."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="module_states")
    module = models.CharField(max_length=40)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "module"], name="spaces_modulestate_unique")]

    def __str__(self):
        return f"{self.space} {self.module} {'on' if self.enabled else 'off'}"
