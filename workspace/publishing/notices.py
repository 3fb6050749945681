"""What people are told, after the commit: the proposer when their workshop is published, sent
back for changes (with the reviewer's comment) or refused; the reviewers when a proposal awaits
them (a notification in the bell and an e-mail); a visitor when they register (with the workshop
as an .ics file), are moved up from the waiting list, or their registration is cancelled.
A mail that cannot be sent is logged: what it tells is stored already."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.notify import notify

logger = logging.getLogger(__name__)
KIND = "publishing"


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _after_commit(fn, *args, **kwargs):
    def run():
        with translation.override(settings.LANGUAGE_CODE):
            try:
                fn(*args, **kwargs)
            except Exception:  # noqa: BLE001 - the change is stored; telling it is a courtesy
                logger.warning("publishing notice %s failed", fn.__name__, exc_info=True)

    transaction.on_commit(run)


def _send(messages) -> int:
    messages = [m for m in messages if m.to and all(m.to)]
    if messages:
        get_connection(fail_silently=False).send_messages(messages)
    return len(messages)


def _when(event) -> str:
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    return _("%(day)s from %(start)s to %(end)s") % {
        "day": start.strftime("%d/%m/%Y"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def _where(event) -> str:
    place = event.place
    if place is None:
        return event.location
    return ", ".join(x for x in (place.title, place.address, f"{place.postcode} {place.commune}".strip()) if x)


def event_url(event) -> str:
    url = event.get_url()
    return url if url and url.startswith("http") else base_url() + (url or "/")


def ics(event) -> bytes:
    """The workshop as an iCalendar file (same UID as in the agenda's feed)."""
    from home.ical import event_file

    host = base_url().split("//")[-1].split(":")[0].split("/")[0]
    return event_file(event, host=host, url=event_url(event), location=_where(event))


# --- Proposals ----------------------------------------------------------------------------------


def _proposal_mail(user, subject, lines):
    if user is None or not user.email:
        return
    _send([EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])])


def _proposer_told(event, text, lines, *, actor=None):
    user = event.proposed_by
    if user is None:
        return
    url = reverse("publishing:index")
    notify(users=[user], kind=KIND, text=text, url=url, actor=actor)
    _proposal_mail(user, text, [*lines, "", base_url() + url])


def submitted_on_commit(event, reviewers, *, actor=None):
    _after_commit(_submitted, event, reviewers, actor=actor)


def _submitted(event, reviewers, *, actor=None):
    reviewers = [u for u in reviewers if actor is None or u.pk != actor.pk]
    if not reviewers:
        return
    text = _("Workshop to review: “%(title)s”") % {"title": event.title}
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    notify(users=reviewers, kind=KIND, text=text, url=url, actor=actor)
    by = actor.get_display_name() if actor is not None else ""
    lines = [
        _("%(who)s proposes a public workshop for the agenda: “%(title)s”.") % {"who": by, "title": event.title},
        _("When: %(when)s") % {"when": _when(event)},
        _("Where: %(where)s") % {"where": _where(event)},
        "",
        _("Approve it, request changes or refuse it in the admin:"),
        base_url() + url,
    ]
    _send([EmailMessage(text, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [u.email]) for u in reviewers if u.email])


def published_on_commit(event, *, actor=None):
    _after_commit(_published, event, actor=actor)


def _published(event, *, actor=None):
    text = _("Your workshop “%(title)s” is published on the agenda.") % {"title": event.title}
    _proposer_told(event, text, [text, event_url(event)], actor=actor)


def changes_requested_on_commit(event, comment, *, actor=None, refused=False):
    _after_commit(_changes_requested, event, comment, actor=actor, refused=refused)


def _changes_requested(event, comment, *, actor=None, refused=False):
    if refused:
        text = _("Your workshop “%(title)s” was refused.") % {"title": event.title}
    else:
        text = _("Changes are requested on your workshop “%(title)s”.") % {"title": event.title}
    lines = [text]
    if comment:
        lines += ["", _("The reviewer's comment:"), comment]
    _proposer_told(event, text, lines, actor=actor)


# --- Registrations ------------------------------------------------------------------------------


def cancel_url(registration) -> str:
    return base_url() + reverse("publishing-public:cancel", args=[registration.token])


def _registration_mail(registration, subject, lead, *, with_ics=True):
    if not registration.email:
        return
    event = registration.event
    lines = [
        _("Hello %(name)s,") % {"name": registration.name},
        "",
        lead,
        "",
        f"{event.title}",
        _("When: %(when)s") % {"when": _when(event)},
        _("Where: %(where)s") % {"where": _where(event)},
        event_url(event),
    ]
    if registration.status != registration.Status.CANCELLED:
        lines += ["", _("If you cannot come, cancel with this link, so that someone else gets your place:")]
        lines.append(cancel_url(registration))
    message = EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [registration.email])
    if with_ics:
        message.attach("atelier.ics", ics(event), "text/calendar")
    _send([message])


def registered_on_commit(registration):
    from home.cache import purge

    transaction.on_commit(purge)
    _after_commit(_registered, registration)


def _registered(registration):
    title = registration.event.title
    if registration.status == registration.Status.WAITING:
        _registration_mail(
            registration,
            _("Waiting list: %(title)s") % {"title": title},
            _("The workshop is full: you are on the waiting list. If a place frees up, you will get it and an e-mail."),
            with_ics=False,
        )
    else:
        _registration_mail(
            registration,
            _("Registration confirmed: %(title)s") % {"title": title},
            _("Your registration is confirmed. The workshop is attached for your calendar."),
        )


def cancelled_on_commit(registration, *, promoted=None, by_place=False):
    from home.cache import purge

    transaction.on_commit(purge)
    _after_commit(_cancelled, registration, promoted, by_place)


def _cancelled(registration, promoted, by_place):
    title = registration.event.title
    _registration_mail(
        registration,
        _("Registration cancelled: %(title)s") % {"title": title},
        _("The place cancelled your registration.") if by_place else _("Your registration is cancelled."),
        with_ics=False,
    )
    if promoted is not None:
        _registration_mail(
            promoted,
            _("A place is free for you: %(title)s") % {"title": title},
            _("A place freed up: you move up from the waiting list and your registration is confirmed."),
        )
