"""What other modules do that a member should hear of. Each receiver builds the message and the
link; ``services.notify`` stores it and pushes it."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from workspace.forum.signals import post_reported, reply_posted
from workspace.notifications.services import notify
from workspace.spaces.models import Invitation, Membership
from workspace.spaces.signals import group_archived, group_archiving_soon, invitation_created


@receiver(invitation_created, dispatch_uid="notifications.invitation")
def on_invitation(sender, invitation, **kwargs):
    space = invitation.space
    if invitation.kind == Invitation.Kind.INVITATION:
        if invitation.user is None:
            return
        notify(
            users=[invitation.user],
            kind="invitation",
            text=_("%(actor)s invites you to the group “%(group)s”.")
            % {"actor": invitation.sent_by, "group": space.name},
            url=reverse("spaces:groups"),
            actor=invitation.sent_by,
        )
    else:
        admins = [
            m.user
            for m in space.memberships.filter(role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]).select_related(
                "user"
            )
        ]
        notify(
            users=admins,
            kind="request",
            text=_("%(actor)s asks to join the group “%(group)s”.") % {"actor": invitation.user, "group": space.name},
            url=reverse("spaces:members", kwargs={"slug": space.slug}),
            actor=invitation.user,
        )


@receiver(group_archiving_soon, dispatch_uid="notifications.archiving_soon")
def on_archiving_soon(sender, space, users, days_left, **kwargs):
    notify(
        users=users,
        kind="archive",
        text=_("The group “%(group)s” will be archived in %(days)s days: extend it if it goes on.")
        % {"group": space.name, "days": days_left},
        url=reverse("spaces:settings", kwargs={"slug": space.slug}),
    )


@receiver(group_archived, dispatch_uid="notifications.archived")
def on_archived(sender, space, **kwargs):
    users = [m.user for m in space.memberships.select_related("user")]
    notify(
        users=users,
        kind="archive",
        text=_("The group “%(group)s” is archived: its content stays readable.") % {"group": space.name},
        url=space.get_absolute_url(),
    )


@receiver(reply_posted, dispatch_uid="notifications.reply")
def on_reply(sender, post, recipients, **kwargs):
    topic = post.topic
    notify(
        users=recipients,
        kind="reply",
        text=_("%(actor)s replied to “%(topic)s”.") % {"actor": post.author, "topic": topic.title},
        url=f"{topic.get_absolute_url()}#message-{post.pk}",
        actor=post.author,
    )


@receiver(post_reported, dispatch_uid="notifications.report")
def on_report(sender, report, moderators, **kwargs):
    post = report.post
    notify(
        users=moderators,
        kind="report",
        text=_("A message was reported in “%(topic)s”: %(reason)s")
        % {"topic": post.topic.title, "reason": report.reason},
        url=f"{post.topic.get_absolute_url()}#message-{post.pk}",
        actor=report.reporter,
    )
