"""The scheme's daily job: ``manage.py tickets_daily`` enqueues ``tickets_daily_task`` (django-tasks
has no scheduler; cron runs the command every morning, see the README).

Four rules, each idempotent (a second run the same day sends and changes nothing):

- **expiry**: an open ticket (issued, registered, in progress) past its expiry date becomes
  expired; a completed, closed or cancelled ticket, and any ticket with a claim (paid or not),
  is never touched;
- **warning**: 30 days before an unused (issued) ticket expires, its prescriber is told, by a
  notification and an e-mail, once (``Ticket.expiry_warned_at``);
- **reminder**: the day before a session, each learner enrolled receives an e-mail (date, time,
  place, module); those without an e-mail address are listed to the session's animator in one
  notification; ``Session.reminded_at`` marks the session done;
- **retention**: three years after the last of a person's tickets ended, their personal data is
  erased as the consent they gave says (the tickets, sessions and payments stay for the figures).
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from core import audit, roles
from core.notify import notify
from workspace.tickets.models import (
    SESSION_HOURS,
    Attendance,
    Beneficiary,
    Claim,
    Enrolment,
    ErasureRequest,
    Interview,
    Session,
    Ticket,
)

WARN_DAYS = 30
RETENTION_YEARS = 3


def tickets_daily(*, now: datetime.datetime | None = None) -> dict:
    """Run the four rules, in this order (a ticket expired today is not warned about)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "expired": expire_due(today=today, now=now),
            "warned": warn_expiring(today=today, now=now),
            "reminded": remind_sessions(now=now),
            "erased": retention_erase(now=now),
        }


@task()
def tickets_daily_task() -> dict:
    return tickets_daily()


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection(fail_silently=True).send_messages(messages)


# --- Expiry ---------------------------------------------------------------------------------


def expire_due(*, today: datetime.date, now: datetime.datetime) -> int:
    """Expire the open tickets whose last valid day is before ``today``. Each ticket is locked
    and read again before it changes, so a course completed meanwhile (its claim opened) stays
    completed."""
    due = list(
        Ticket.objects.filter(status__in=Ticket.OPEN, expires_on__lt=today, claim__isnull=True).values_list(
            "pk", flat=True
        )
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update().filter(pk=pk, status__in=Ticket.OPEN, expires_on__lt=today).first()
            )
            if ticket is None or Claim.objects.filter(ticket_id=pk).exists():
                continue
            ticket.end_reason = (
                _("Expired without being registered at a place.")
                if ticket.status == Ticket.Status.ISSUED
                else _("Expired before the end of the course.")
            )
            ticket.status = Ticket.Status.EXPIRED
            ticket.ended_at = now
            ticket.save(update_fields=["status", "ended_at", "end_reason"])
            expired += 1
    return expired


# --- Warning before expiry ------------------------------------------------------------------


def _prescribers_of(ticket, cache: dict) -> list:
    """Who issued the ticket, or when they left, the active prescribers of its organisation."""
    if ticket.issued_by_id and ticket.issued_by.is_active:
        return [ticket.issued_by]
    if ticket.organisation_id not in cache:
        cache[ticket.organisation_id] = list(
            ticket.organisation.members.filter(
                is_active=True, groups__name=roles.GROUP_NAMES[roles.PRESCRIBER]
            ).distinct()
        )
    return cache[ticket.organisation_id]


def warn_expiring(*, today: datetime.date, now: datetime.datetime) -> int:
    """Tell the prescriber, once, that a ticket of theirs not yet registered expires within 30
    days: one notification per ticket, one e-mail per prescriber listing their tickets."""
    soon = Ticket.objects.filter(
        status=Ticket.Status.ISSUED,
        expiry_warned_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=WARN_DAYS),
    ).values_list("pk", flat=True)
    per_person, organisations, warned = defaultdict(list), {}, 0
    for pk in list(soon):
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update(of=("self",))  # issued_by may be null: lock the ticket only
                .select_related("beneficiary", "organisation", "issued_by")
                .filter(pk=pk, status=Ticket.Status.ISSUED, expiry_warned_at__isnull=True)
                .first()
            )
            if ticket is None:
                continue
            ticket.expiry_warned_at = now
            ticket.save(update_fields=["expiry_warned_at"])
        warned += 1
        recipients = _prescribers_of(ticket, organisations)
        notify(
            users=recipients,
            kind="ticket",
            text=_("Ticket %(reference)s of %(name)s expires on %(date)s and is not registered yet: remind its holder.")
            % {
                "reference": ticket.display_reference,
                "name": ticket.beneficiary.full_name,
                "date": date_format(ticket.expires_on, "j F Y"),
            },
            url=ticket.get_absolute_url(),
            key=f"ticket.expiry.{ticket.pk}",
        )
        for person in recipients:
            per_person[person].append(ticket)
    base = _base_url()
    messages = []
    for person, tickets in per_person.items():
        if not person.email:
            continue
        body = render_to_string(
            "tickets/emails/expiry_warning.txt",
            {"person": person, "tickets": sorted(tickets, key=lambda t: t.expires_on), "base_url": base},
        )
        subject = ngettext(
            "Ticket déclic: a ticket expires within %(days)s days",
            "Ticket déclic: %(n)s tickets expire within %(days)s days",
            len(tickets),
        ) % {"n": len(tickets), "days": WARN_DAYS}
        messages.append(EmailMessage(subject, body, None, [person.email]))
    _send(messages)
    return warned


# --- Reminder the day before a session ------------------------------------------------------


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def remind_sessions(*, now: datetime.datetime) -> int:
    """Remind the learners of the sessions of tomorrow (and of those later today, had a run been
    missed) that were not reminded yet. Returns how many sessions were done."""
    until = _midnight(timezone.localdate(now) + datetime.timedelta(days=2))
    due = Session.objects.filter(reminded_at__isnull=True, starts_at__gt=now, starts_at__lt=until).values_list(
        "pk", flat=True
    )
    base, done, messages = _base_url(), 0, []
    for pk in list(due):
        with transaction.atomic():
            session = (
                Session.objects.select_for_update(of=("self",))  # animator may be null: lock the session only
                .select_related("module", "place__place", "animator")
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if session is None:
                continue
            session.reminded_at = now
            session.save(update_fields=["reminded_at"])
        done += 1
        enrolments = (
            Enrolment.objects.filter(
                session=session,
                attendance=Attendance.PLANNED,
                ticket__status__in=Ticket.FOLLOWED,
                ticket__beneficiary__erased_at__isnull=True,
            )
            .select_related("ticket__beneficiary")
            .order_by("ticket__beneficiary__last_name", "ticket__beneficiary__first_name")
        )
        unreachable = []
        for enrolment in enrolments:
            person = enrolment.ticket.beneficiary
            if not person.email:
                unreachable.append(person.full_name)
                continue
            messages.append(_reminder(session, enrolment.ticket, base))
        if unreachable:
            _tell_animator(session, unreachable)
    _send(messages)
    return done


def _reminder(session: Session, ticket: Ticket, base: str) -> EmailMessage:
    place = session.place.place
    when = timezone.localtime(session.starts_at)
    context = {
        "person": ticket.beneficiary,
        "session": session,
        "module": session.module.title,
        "day": date_format(when, "l j F Y"),
        "time": f"{when:%H}h{when:%M}",
        "hours": SESSION_HOURS,
        "place": place,
        "log_url": base + reverse("tickets:log", args=[ticket.log_token]),
    }
    body = render_to_string("tickets/emails/session_reminder.txt", context)
    subject = _("Reminder: your Ticket déclic workshop on %(day)s at %(time)s") % {
        "day": date_format(when, "l j F"),
        "time": context["time"],
    }
    return EmailMessage(subject, body, None, [ticket.beneficiary.email])


def _tell_animator(session: Session, names: list[str]) -> None:
    users = [session.animator] if session.animator_id and session.animator.is_active else []
    if not users:
        users = list(session.place.place.members.filter(is_active=True))
    when = timezone.localtime(session.starts_at)
    notify(
        users=users,
        kind="ticket",
        text=ngettext(
            "Session “%(module)s” of %(date)s: %(names)s has no e-mail address and was not reminded; "
            "tell them by phone.",
            "Session “%(module)s” of %(date)s: %(names)s have no e-mail address and were not reminded; "
            "tell them by phone.",
            len(names),
        )
        % {
            "module": session.module.title,
            "date": date_format(when, "l j F") + f" {when:%H}h{when:%M}",
            "names": ", ".join(names),
        },
        url=session.get_absolute_url(),
        key=f"ticket.session.{session.pk}.reminder",
    )


# --- Retention ------------------------------------------------------------------------------


def retention_erase(*, now: datetime.datetime) -> int:
    """Erase the personal data of the people whose every ticket ended more than three years ago
    (the consent wording promises it). The same fields go as when the manager erases on request
    (``services.beneficiary_erase``); the tickets, sessions and payments stay for the figures."""
    limit = now - relativedelta(years=RETENTION_YEARS)
    recent = Ticket.objects.filter(
        Q(status__in=Ticket.OPEN)
        | Q(ended_at__gte=limit)
        | Q(ended_at__isnull=True, expires_on__gte=timezone.localdate(limit))  # ended without a date: its expiry
    )
    recent_people = recent.values("beneficiary_id")
    people = (
        Beneficiary.objects.filter(erased_at__isnull=True, tickets__isnull=False)
        .exclude(pk__in=recent_people)
        .values_list("pk", flat=True)
        .distinct()
    )
    erased = 0
    for pk in list(people):
        with transaction.atomic():
            person = Beneficiary.objects.select_for_update().filter(pk=pk, erased_at__isnull=True).first()
            if person is None or recent.filter(beneficiary_id=pk).exists():  # a ticket of theirs moved meanwhile
                continue
            _anonymise(person, now)
        erased += 1
    if erased:
        audit.record(
            actor=None,
            action="ticket.retention",
            summary=ngettext(
                "%(n)s beneficiary erased three years after their course.",
                "%(n)s beneficiaries erased three years after their course.",
                erased,
            )
            % {"n": erased},
        )
    return erased


def _anonymise(person: Beneficiary, now) -> None:
    person.first_name = person.last_name = person.email = person.phone = person.commune = ""
    person.erased_at = now
    person.save()
    for ticket in person.tickets.all():
        ticket.log_token = f"erased-{ticket.pk}"
        ticket.save(update_fields=["log_token"])
        Enrolment.objects.filter(ticket=ticket).update(comment="")
        Interview.objects.filter(ticket=ticket).update(notes="")
    ErasureRequest.objects.filter(ticket__beneficiary=person, done_at__isnull=True).update(done_at=now)
