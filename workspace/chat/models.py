"""Chat storage (after Zulip): messages have increasing ids; a membership keeps the last
message read; a client resumes with the last id it saw."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 4000
THREAD_MAX_MEMBERS = 8


class Room(models.Model):
    class Kind(models.TextChoices):
        LOUNGE = "lounge", _("Network lounge")
        SPACE = "space", _("Space room")
        DIRECT = "direct", _("Direct conversation")
        THREAD = "thread", _("Private thread")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    # "<smaller user id>:<larger user id>" for a direct conversation: one per pair
    direct_key = models.CharField(max_length=41, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The room of a working group (kind "space"): its members are the group's, kept in step.
    space = models.OneToOneField(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="chat_room"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_id = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")

    def __str__(self):
        return self.name or f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self):
        return f"{reverse('chat')}?salon={self.pk}"

    @property
    def group_name(self):
        return f"room.{self.pk}"


class RoomMember(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="one_membership_per_room")]

    def __str__(self):
        return f"{self.user} @ {self.room}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A file of the Files module shown with the message; its bytes stay behind the files policy.
    attachment = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="chat_messages"
    )
    local_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["room", "id"])]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        """The message in its room (``room`` is not loaded for that: the address needs its id only)."""
        return f"{reverse('chat')}?salon={self.room_id}#m{self.pk}"


class Reaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user", "emoji"], name="one_reaction_each")]

    def __str__(self):
        return f"{self.emoji} {self.message_id}"
