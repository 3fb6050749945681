"""The members' own network, Facebook-style: requests, contacts, blocks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.storage import delete_on_commit, private_storage, unguessable_name


class ContactRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests_sent")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests_received"
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"], condition=Q(status="pending"), name="one_pending_request_per_pair"
            ),
            models.CheckConstraint(condition=~Q(sender=models.F("recipient")), name="no_request_to_oneself"),
        ]

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.status})"


class Contact(models.Model):
    """One row per direction: (a, b) and (b, a) are created and removed together."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [models.UniqueConstraint(fields=["user", "contact"], name="unique_contact")]

    def __str__(self):
        return f"{self.user} ↔ {self.contact}"


class Block(models.Model):
    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked member")
        verbose_name_plural = _("blocked members")
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block")]

    def __str__(self):
        return f"{self.blocker} ⊘ {self.blocked}"


def post_image_path(instance, filename):
    # An unguessable name on the private storage: the bytes are reached only through the
    # post_image view, which asks can_see_post first.
    return unguessable_name("posts", filename)


class Post(models.Model):
    """A short update in the members' activity stream. Text only (links made clickable on
    display): no user HTML is ever rendered."""

    class Visibility(models.TextChoices):
        CONTACTS = "contacts", _("My contacts")
        NETWORK = "network", _("The whole network")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    text = models.TextField(_("text"), max_length=2000)
    link = models.URLField(_("link"), blank=True)
    image = models.ImageField(_("image"), upload_to=post_image_path, storage=private_storage, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.CONTACTS
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:60]

    @property
    def image_url(self) -> str:
        """The checked address of the image (``""`` without one): never the storage's."""
        return reverse("post-image", args=[self.pk]) if self.image else ""


@receiver(post_delete, sender=Post)
def _post_image_delete(sender, instance, **kwargs):
    """However a post goes (its author's service, an account deleted), its image goes too."""
    if instance.image:
        delete_on_commit(instance.image.storage, instance.image.name)


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_member")]

    def __str__(self):
        return f"{self.user} ♥ {self.post_id}"


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_member")]

    def __str__(self):
        return f"{self.reporter} ⚑ {self.post_id}"
