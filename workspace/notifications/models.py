from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # One of the kinds the modules declare (core.notify.NotificationKind): checked by notify().
    kind = models.CharField(max_length=20)
    # What it is about, for de-duplication: while a notification with this key is unread, the
    # same thing does not notify its recipient again (e.g. "chat.room.12", a conversation).
    key = models.CharField(max_length=100, blank=True, default="")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
            models.Index(fields=["key", "read_at"], name="notif_key_unread"),
        ]

    def __str__(self):
        return self.text

    @property
    def kind_label(self) -> str:
        from core.notify import kinds

        kind = kinds().get(self.kind)
        return str(kind.label) if kind else self.kind


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(_("daily e-mail digest"), default=False)

    def __str__(self):
        return f"{self.user}: {'digest' if self.daily_digest else 'no digest'}"
