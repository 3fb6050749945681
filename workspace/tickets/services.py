"""What changes in the Ticket déclic scheme. Each service asks the policy first, works in one
transaction, locks the rows whose state it moves (a ticket, a claim) so two animators or two
managers acting at once cannot both succeed, and tells the people concerned after the commit.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notify import notify
from workspace.tickets import permissions as policy
from workspace.tickets import reference as refs
from workspace.tickets.models import (
    CONSENT_WORDING,
    SESSIONS,
    VALIDITY_MONTHS,
    Assessment,
    Attendance,
    Beneficiary,
    Claim,
    Enrolment,
    ErasureRequest,
    Framework,
    Interview,
    InterviewLevel,
    Mastery,
    Session,
    Ticket,
)


class TicketError(Exception):
    """A rule of the scheme refused the action; ``code`` names the rule, the message says it
    to the user in their language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _require(user, action, ticket=None):
    if not policy.can(user, action, ticket):
        raise TicketError("forbidden", _("You may not do this."))


def _today() -> datetime.date:
    return timezone.localdate()


# --- Issue ----------------------------------------------------------------------------------


BENEFICIARY_FIELDS = ("first_name", "last_name", "public", "commune", "postcode", "email", "phone")


@transaction.atomic
def ticket_issue(*, actor, organisation, beneficiary: dict, issued_on: datetime.date | None = None) -> Ticket:
    """A nominative ticket for ``beneficiary`` (a dict of BENEFICIARY_FIELDS, the consent
    given), valid 12 months from its issue date."""
    if organisation.pk not in policy.organisation_ids(actor):
        raise TicketError("forbidden", _("You may only issue tickets of your organisation."))
    issued_on = issued_on or _today()
    person = Beneficiary.objects.create(
        **{name: (beneficiary.get(name) or "").strip() for name in BENEFICIARY_FIELDS},
        consent_at=timezone.now(),
        consent_text=str(CONSENT_WORDING),
    )
    ticket = Ticket.objects.create(
        organisation=organisation,
        issued_by=actor,
        beneficiary=person,
        issued_on=issued_on,
        expires_on=issued_on + relativedelta(months=VALIDITY_MONTHS),
        framework=Framework.objects.get(is_default=True),
    )
    return ticket


@transaction.atomic
def ticket_reissue(*, actor, ticket: Ticket) -> Ticket:
    """A lost ticket: a new reference for the same person and the same validity; the old one is
    cancelled and can no longer be registered. A ticket already registered needs none (the place
    follows its holder by name)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _require(actor, policy.ISSUE, ticket)
    if ticket.status != Ticket.Status.ISSUED:
        raise TicketError("not_issued", _("Only a ticket not yet registered can be re-issued."))
    ticket.status = Ticket.Status.CANCELLED
    ticket.ended_at = timezone.now()
    ticket.end_reason = _("Lost: re-issued.")
    ticket.save(update_fields=["status", "ended_at", "end_reason"])
    new = Ticket.objects.create(
        organisation=ticket.organisation,
        issued_by=actor,
        beneficiary=ticket.beneficiary,
        issued_on=_today(),
        expires_on=ticket.expires_on,
        framework=ticket.framework,
        replaces=ticket,
    )
    audit.record(
        actor=actor,
        action="ticket.reissue",
        target=new,
        summary=f"{ticket.display_reference} → {new.display_reference}",
    )
    return new


@transaction.atomic
def ticket_cancel(*, actor, ticket: Ticket, reason: str) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _require(actor, policy.ISSUE, ticket)
    if ticket.status != Ticket.Status.ISSUED:
        raise TicketError("not_issued", _("Only a ticket not yet registered can be cancelled."))
    if not reason.strip():
        raise TicketError("reason", _("Say why the ticket is cancelled."))
    ticket.status = Ticket.Status.CANCELLED
    ticket.ended_at = timezone.now()
    ticket.end_reason = reason.strip()
    ticket.save(update_fields=["status", "ended_at", "end_reason"])
    audit.record(actor=actor, action="ticket.cancel", target=ticket, summary=reason)
    return ticket


# --- Register -------------------------------------------------------------------------------


class Lookup:
    """What a typed reference is, said to the animator before they register it."""

    def __init__(self, code: str, message: str, ticket: Ticket | None = None):
        self.code, self.message, self.ticket = code, message, ticket

    @property
    def ok(self) -> bool:
        return self.code == "valid"


def lookup(user, typed: str) -> Lookup:
    compact = refs.normalise(typed)
    if not compact:
        return Lookup("empty", _("Type the reference printed on the ticket."))
    if not refs.is_well_formed(compact):
        return Lookup(
            "typo",
            _("This reference is not valid: check each character (it has 9, like 7K3M-Q9TD-X)."),
        )
    ticket = Ticket.objects.select_related("beneficiary", "place__place", "organisation").filter(reference=compact)
    ticket = ticket.first()
    if ticket is None:
        return Lookup("unknown", _("No ticket has this reference. Check it with the prescriber."))
    place = policy.partner_place(user)
    if ticket.status == Ticket.Status.CANCELLED:
        return Lookup("cancelled", _("This ticket was cancelled (lost and re-issued, or withdrawn)."), ticket)
    if ticket.status == Ticket.Status.EXPIRED or (ticket.is_open and ticket.expires_on < _today()):
        return Lookup("expired", _("This ticket expired on %(date)s.") % {"date": _date(ticket.expires_on)}, ticket)
    if ticket.place_id is not None:
        if place is not None and ticket.place_id == place.pk:
            return Lookup("here", _("This ticket is already registered at your place."), ticket)
        return Lookup("elsewhere", _("This ticket is already registered at another place."), ticket)
    if ticket.status != Ticket.Status.ISSUED:
        return Lookup("closed", _("This ticket can no longer be registered."), ticket)
    return Lookup("valid", _("Valid ticket: it can be registered at your place."), ticket)


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


@transaction.atomic
def ticket_register(*, actor, typed: str) -> Ticket:
    """Register the ticket whose reference was typed at the actor's partner place."""
    place = policy.partner_place(actor)
    if place is None:
        raise TicketError("forbidden", _("Only an animator of a partner place registers tickets."))
    found = lookup(actor, typed)
    if not found.ok:
        raise TicketError(found.code, found.message)
    ticket = Ticket.objects.select_for_update().get(pk=found.ticket.pk)
    if ticket.status != Ticket.Status.ISSUED or ticket.place_id is not None:  # registered meanwhile
        raise TicketError("elsewhere", _("This ticket is already registered at another place."))
    ticket.place = place
    ticket.status = Ticket.Status.REGISTERED
    ticket.registered_at = timezone.now()
    ticket.registered_by = actor
    ticket.save(update_fields=["place", "status", "registered_at", "registered_by"])
    if ticket.issued_by_id:
        notify(
            users=[ticket.issued_by],
            kind="ticket",
            text=_("%(name)s registered at %(place)s with ticket %(reference)s.")
            % {"name": ticket.beneficiary.full_name, "place": place.place.title, "reference": ticket},
            url=ticket.get_absolute_url(),
            actor=actor,
        )
    return ticket


# --- Course ---------------------------------------------------------------------------------


def _followed(actor, ticket) -> Ticket:
    _require(actor, policy.FOLLOW, ticket)
    if ticket.status not in Ticket.FOLLOWED:
        raise TicketError("not_followed", _("This course is over: it can no longer change."))
    return ticket


@transaction.atomic
def interview_record(*, actor, ticket: Ticket, held_on, levels: dict, notes: str = "") -> Interview:
    """The positioning interview: its date, the starting level per domain (``{domain_id:
    level}``) and notes. Recording it again corrects it."""
    ticket = _followed(actor, Ticket.objects.select_for_update().get(pk=ticket.pk))
    interview, _created = Interview.objects.update_or_create(
        ticket=ticket, defaults={"held_on": held_on, "animator": actor, "notes": notes.strip()}
    )
    domains = set(ticket.framework.domains.values_list("pk", flat=True))
    for domain_id, level in levels.items():
        if int(domain_id) in domains:
            InterviewLevel.objects.update_or_create(
                interview=interview, domain_id=domain_id, defaults={"level": int(level)}
            )
    if ticket.status == Ticket.Status.REGISTERED:
        ticket.status = Ticket.Status.IN_PROGRESS
        ticket.save(update_fields=["status"])
    return interview


@transaction.atomic
def session_plan(*, actor, starts_at, module, animator=None, capacity: int | None = None) -> Session:
    place = policy.partner_place(actor)
    if place is None:
        raise TicketError("forbidden", _("Only an animator of a partner place plans sessions."))
    if not place.modules.filter(pk=module.pk).exists():
        raise TicketError("module", _("Your place does not offer this module."))
    if starts_at < timezone.now() - datetime.timedelta(days=31):
        raise TicketError("past", _("A session is planned at most a month after the fact."))
    return Session.objects.create(
        place=place,
        starts_at=starts_at,
        module=module,
        animator=animator or actor,
        capacity=capacity or place.group_size,
    )


def counted_sessions(ticket) -> int:
    """Sessions that count towards the ten: attended, or planned and not yet marked."""
    return ticket.enrolments.filter(attendance__in=[Attendance.PRESENT, Attendance.PLANNED]).count()


@transaction.atomic
def session_enrol(*, actor, session: Session, ticket: Ticket) -> Enrolment:
    ticket = _followed(actor, Ticket.objects.select_for_update().get(pk=ticket.pk))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.place_id != ticket.place_id:
        raise TicketError("place", _("This learner is registered at another place."))
    if Enrolment.objects.filter(session=session, ticket=ticket).exists():
        raise TicketError("twice", _("This learner is already in this session."))
    if session.enrolments.exclude(attendance=Attendance.EXCUSED).count() >= session.capacity:
        raise TicketError("full", _("This session is full (%(n)s places).") % {"n": session.capacity})
    if counted_sessions(ticket) >= SESSIONS:
        raise TicketError(
            "eleventh", _("This learner already has %(n)s sessions: a ticket pays for %(n)s.") % {"n": SESSIONS}
        )
    if session.starts_at.date() > ticket.expires_on:
        raise TicketError("expired", _("The session is after the ticket's expiry date."))
    return Enrolment.objects.create(session=session, ticket=ticket)


@transaction.atomic
def attendance_record(*, actor, enrolment: Enrolment, attendance: str, comment: str | None = None) -> Enrolment:
    """Mark one learner at one session. The tenth attended session completes the course and
    opens the place's claim; an eleventh is refused."""
    if attendance not in Attendance.values:
        raise TicketError("attendance", _("Choose present, excused or absent."))
    ticket = _followed(actor, Ticket.objects.select_for_update().get(pk=enrolment.ticket_id))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if attendance == Attendance.PRESENT and enrolment.attendance != Attendance.PRESENT:
        if enrolment.session.starts_at > timezone.now() + datetime.timedelta(hours=2):
            raise TicketError("future", _("Attendance is taken on the day of the session."))
        if ticket.enrolments.filter(attendance=Attendance.PRESENT).count() >= SESSIONS:
            raise TicketError(
                "eleventh",
                _("This learner already attended %(n)s sessions: a ticket pays for %(n)s.") % {"n": SESSIONS},
            )
    enrolment.attendance = attendance
    if comment is not None:
        enrolment.comment = comment.strip()
    enrolment.save(update_fields=["attendance", "comment"])
    if ticket.enrolments.filter(attendance=Attendance.PRESENT).count() >= SESSIONS:
        _complete(actor, ticket)
    return enrolment


def _complete(actor, ticket: Ticket) -> Claim:
    ticket.status = Ticket.Status.COMPLETED
    ticket.ended_at = timezone.now()
    ticket.save(update_fields=["status", "ended_at"])
    claim, created = Claim.objects.get_or_create(ticket=ticket, defaults={"place": ticket.place})
    if created:
        transaction.on_commit(lambda: _tell_managers_of(claim))
    return claim


def _tell_managers_of(claim: Claim) -> None:
    from django.contrib.auth import get_user_model

    from core import roles

    managers = get_user_model().objects.filter(groups__name=roles.GROUP_NAMES[roles.TICKET_MANAGER], is_active=True)
    notify(
        users=list(managers),
        kind="ticket",
        text=_("%(place)s completed the course of ticket %(reference)s: a claim of %(amount)s € to validate.")
        % {"place": claim.place.place.title, "reference": claim.ticket, "amount": claim.amount},
        url=claim.ticket.get_absolute_url(),
    )


def sheet_previous(enrolment: Enrolment) -> dict[int, str]:
    """{item id: level} as it stood before ``enrolment``'s session: the latest recorded."""
    earlier = (
        Assessment.objects.filter(
            enrolment__ticket_id=enrolment.ticket_id, enrolment__session__starts_at__lt=enrolment.session.starts_at
        )
        .order_by("enrolment__session__starts_at")
        .values_list("item_id", "level")
    )
    return dict(earlier)


@transaction.atomic
def sheet_record(*, actor, enrolment: Enrolment, levels: dict) -> int:
    """The positioning sheet of one learner at one session: ``{item_id: level}``. Only the
    items whose level changed from the previous sheet are stored. Returns how many changed."""
    ticket = enrolment.ticket
    _require(actor, policy.FOLLOW, ticket)
    if ticket.status not in (*Ticket.FOLLOWED, Ticket.Status.COMPLETED):
        raise TicketError("not_followed", _("This course is over: it can no longer change."))
    if enrolment.attendance != Attendance.PRESENT:
        raise TicketError("absent", _("A sheet is filled for a learner present at the session."))
    items = set(ticket.framework.domains.values_list("competences__items__pk", flat=True))
    before = sheet_previous(enrolment)
    changed = 0
    for item_id, level in levels.items():
        item_id = int(item_id)
        if item_id not in items or level not in Mastery.values:
            continue
        if before.get(item_id, Mastery.NOT_SEEN) == level:
            Assessment.objects.filter(enrolment=enrolment, item_id=item_id).delete()
            continue
        Assessment.objects.update_or_create(enrolment=enrolment, item_id=item_id, defaults={"level": level})
        changed += 1
    return changed


@transaction.atomic
def ticket_close(*, actor, ticket: Ticket, reason: str) -> Ticket:
    """Close a course before its tenth session (moved away, found a job…): no claim is opened."""
    ticket = _followed(actor, Ticket.objects.select_for_update().get(pk=ticket.pk))
    if not reason.strip():
        raise TicketError("reason", _("Say why the course is closed early."))
    ticket.status = Ticket.Status.CLOSED
    ticket.ended_at = timezone.now()
    ticket.end_reason = reason.strip()
    ticket.save(update_fields=["status", "ended_at", "end_reason"])
    ticket.enrolments.filter(attendance=Attendance.PLANNED, session__starts_at__gt=timezone.now()).delete()
    audit.record(actor=actor, action="ticket.close", target=ticket, summary=reason)
    return ticket


# --- Payment --------------------------------------------------------------------------------


def _claim_for_update(actor, claim) -> Claim:
    _require(actor, policy.PAY)
    return Claim.objects.select_for_update(of=("self",)).select_related("ticket", "place__place").get(pk=claim.pk)


@transaction.atomic
def claim_validate(*, actor, claim: Claim) -> Claim:
    claim = _claim_for_update(actor, claim)
    if claim.status not in (Claim.Status.OPEN, Claim.Status.REJECTED):
        raise TicketError("state", _("This claim is already validated or paid."))
    claim.status = Claim.Status.VALIDATED
    claim.decided_at, claim.decided_by, claim.reject_reason = timezone.now(), actor, ""
    claim.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
    audit.record(actor=actor, action="claim.validate", target=claim.ticket, summary=str(claim.amount))
    return claim


@transaction.atomic
def claim_reject(*, actor, claim: Claim, reason: str) -> Claim:
    claim = _claim_for_update(actor, claim)
    if claim.status == Claim.Status.PAID:
        raise TicketError("paid", _("This claim is paid: it cannot be rejected."))
    if not reason.strip():
        raise TicketError("reason", _("Say why the claim is rejected: the place will read it."))
    claim.status = Claim.Status.REJECTED
    claim.decided_at, claim.decided_by, claim.reject_reason = timezone.now(), actor, reason.strip()
    claim.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
    animators = claim.place.place.members.filter(is_active=True)
    notify(
        users=list(animators),
        kind="ticket",
        text=_("The claim for ticket %(reference)s was rejected: %(reason)s")
        % {"reference": claim.ticket, "reason": claim.reject_reason},
        url=claim.ticket.get_absolute_url(),
        actor=actor,
    )
    return claim


@transaction.atomic
def claim_pay(*, actor, claim: Claim, paid_on, payment_reference: str) -> Claim:
    """Paid once, whatever happens: a second payment, even at the same moment, is refused (the
    row lock makes the second wait, then see PAID)."""
    claim = _claim_for_update(actor, claim)
    if claim.status == Claim.Status.PAID:
        raise TicketError("paid", _("This claim is already paid."))
    if claim.status != Claim.Status.VALIDATED:
        raise TicketError("state", _("Validate the claim before paying it."))
    if not payment_reference.strip():
        raise TicketError("reference", _("Give the payment's reference (transfer, mandate)."))
    claim.status = Claim.Status.PAID
    claim.paid_on, claim.payment_reference = paid_on, payment_reference.strip()[:60]
    claim.save(update_fields=["status", "paid_on", "payment_reference"])
    audit.record(
        actor=actor, action="claim.pay", target=claim.ticket, summary=f"{claim.amount} € {claim.payment_reference}"
    )
    return claim


# --- Learner's log, erasure ----------------------------------------------------------------


@transaction.atomic
def erasure_request(*, ticket: Ticket) -> ErasureRequest:
    """The learner asked from their log: the managers are told; nothing is erased until one of
    them confirms (a click in a shared place must not destroy a course in progress)."""
    pending = ticket.erasure_requests.filter(done_at__isnull=True).first()
    if pending:
        return pending
    request = ErasureRequest.objects.create(ticket=ticket)
    from django.contrib.auth import get_user_model

    from core import roles

    managers = get_user_model().objects.filter(groups__name=roles.GROUP_NAMES[roles.TICKET_MANAGER], is_active=True)
    transaction.on_commit(
        lambda: notify(
            users=list(managers),
            kind="ticket",
            text=_("The holder of ticket %(reference)s asks for their personal data to be erased.")
            % {"reference": ticket},
            url=ticket.get_absolute_url(),
        )
    )
    return request


@transaction.atomic
def beneficiary_erase(*, actor, ticket: Ticket) -> None:
    """Anonymise the person: name, contact and commune go; their tickets, sessions, sheets and
    payments stay for the figures, and their log link stops working."""
    _require(actor, policy.PAY)
    person = Beneficiary.objects.select_for_update().get(pk=ticket.beneficiary_id)
    person.first_name = person.last_name = person.email = person.phone = person.commune = ""
    person.erased_at = timezone.now()
    person.save()
    for each in person.tickets.all():
        each.log_token = f"erased-{each.pk}"
        each.save(update_fields=["log_token"])
        Enrolment.objects.filter(ticket=each).update(comment="")
        Interview.objects.filter(ticket=each).update(notes="")
    ErasureRequest.objects.filter(ticket__beneficiary=person, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    audit.record(actor=actor, action="ticket.erase", target=ticket, summary=ticket.display_reference)


# --- Figures --------------------------------------------------------------------------------


def status_counts(tickets) -> dict[str, int]:
    counts = dict(tickets.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Ticket.Status.values}


def attended_q() -> Q:
    return Q(enrolments__attendance=Attendance.PRESENT)
