"""Writes on the agenda: events, invitations and answers, the private feed's secret."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notify import notify
from workspace.agenda.models import Event, FeedToken, Invitation
from workspace.spaces.permissions import CONTRIBUTE, DELETE, policy

MODULE = "agenda"


@transaction.atomic
def event_create(
    *,
    space,
    author,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    all_day: bool = False,
    description: str = "",
    location: str = "",
    place=None,
    recurrence: str = "",
    repeat_until: datetime.date | None = None,
    invitees=(),
) -> Event:
    if not policy.user_has_module_permission(author, CONTRIBUTE, space, MODULE):
        raise PermissionDenied(_("You may not add events here."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the event a title.")})
    if all_day:
        start_day = timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at.date()
        starts_at = timezone.make_aware(datetime.datetime.combine(start_day, datetime.time.min))
        end_day = (timezone.localtime(ends_at).date() if ends_at else start_day) if ends_at else start_day
        ends_at = timezone.make_aware(datetime.datetime.combine(max(end_day, start_day), datetime.time(23, 59)))
    ends_at = ends_at or starts_at + datetime.timedelta(hours=1)
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if recurrence and repeat_until and repeat_until < starts_at.date():
        raise ValidationError({"repeat_until": _("The repetition must end after the first date.")})
    event = Event.objects.create(
        space=space,
        title=title[:200],
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
        location=location,
        place=place,
        recurrence=recurrence or "",
        repeat_until=repeat_until if recurrence else None,
        created_by=author,
    )
    if invitees:
        event_invite(event=event, actor=author, users=invitees)
    return event


@transaction.atomic
def event_invite(*, event: Event, actor, users) -> int:
    if not policy.user_has_module_permission(actor, CONTRIBUTE, event.space, MODULE):
        raise PermissionDenied(_("You may not invite to this event."))
    created = []
    for user in users:
        if user.pk == actor.pk:
            continue
        invitation, new = Invitation.objects.get_or_create(event=event, user=user)
        if new:
            created.append(user)
    if created:
        when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")
        notify(
            users=created,
            kind="event",
            text=_("%(actor)s invites you to “%(title)s” (%(when)s).")
            % {"actor": actor, "title": event.title, "when": when},
            url=event.get_absolute_url(),
            actor=actor,
        )
    return len(created)


@transaction.atomic
def invitation_answer(*, event: Event, user, answer: str) -> Invitation:
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO, Invitation.Answer.MAYBE):
        raise ValidationError(_("Answer yes, no or maybe."))
    invitation = Invitation.objects.filter(event=event, user=user).first()
    if invitation is None:
        raise PermissionDenied(_("You are not invited to this event."))
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    return invitation


@transaction.atomic
def event_delete(*, event: Event, actor) -> None:
    if not policy.user_has_permission_for_instance(actor, DELETE, event):
        raise PermissionDenied(_("You may not delete this event."))
    event.delete()


def feed_token(*, user) -> FeedToken:
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_regenerate(*, user) -> FeedToken:
    token = feed_token(user=user)
    token.token = secrets.token_urlsafe()
    token.save(update_fields=["token"])
    return token


def users_by_identifiers(text: str):
    """Members named in a comma-separated list of e-mail addresses."""
    emails = [part.strip().lower() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
    unknown = sorted(set(emails) - {u.email.lower() for u in users})
    if unknown:
        raise ValidationError(
            {"invitees": _("No member has these addresses: %(list)s.") % {"list": ", ".join(unknown)}}
        )
    return users
