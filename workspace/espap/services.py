"""What changes in esp@p. Each service asks the policy first, works in one transaction, locks the
row whose state it moves (a slot being booked, an appointment, a grid) so that two mediators
booking the same slot at once cannot both succeed (the database's constraint is the last word),
and tells the people concerned after the commit: an e-mail with an iCalendar invitation to the
inhabitant (when they gave an address), the advisor and the site's mediators, and a notification.
"""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notify import notify
from workspace.espap import notices
from workspace.espap import permissions as policy
from workspace.espap.models import SLOT_MINUTES, Advisor, Appointment, AppointmentDocument, Slot, WeeklyGrid

MAX_WEEKS = 26  # a weekly slot is published for at most half a year at once
CONSENT_WORDING = _(
    "I agree that my name, my contact details and the subject of my appointment are kept by the "
    "esp@p and the partner agency to organise this appointment, and erased afterwards."
)


class EspapError(Exception):
    """A rule refused the action; ``code`` names the rule, the message says it to the user."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _require(user, action, obj=None):
    if not policy.can(user, action, obj):
        raise EspapError("forbidden", _("You may not do this."))


# --- Slots ------------------------------------------------------------------------------------


def slot_publish(*, actor, starts_at: datetime.datetime, minutes: int, sites, weeks: int = 1, now=None) -> list[Slot]:
    """Publish a slot, or the same slot every week for ``weeks`` weeks. A slot in the past, or
    overlapping another slot of the same advisor, is refused (all or nothing)."""
    advisor = policy.advisor_of(actor)
    if advisor is None:
        raise EspapError("forbidden", _("Only an agency advisor publishes slots."))
    now = now or timezone.now()
    sites = list(sites)
    if not sites:
        raise EspapError("no_site", _("Choose at least one site."))
    if any(not site.espap for site in sites):
        raise EspapError("not_a_site", _("A chosen place is not an esp@p site."))
    if minutes not in SLOT_MINUTES:
        raise EspapError("length", _("A slot lasts 20, 30, 45 or 60 minutes."))
    if not 1 <= weeks <= MAX_WEEKS:
        raise EspapError("weeks", _("A weekly slot repeats for 1 to %(max)s weeks.") % {"max": MAX_WEEKS})
    if starts_at <= now:
        raise EspapError("past", _("A slot cannot start in the past."))
    length = datetime.timedelta(minutes=minutes)
    starts = [_same_wall_time(starts_at, week) for week in range(weeks)]
    series = uuid.uuid4() if weeks > 1 else None
    with transaction.atomic():
        Advisor.objects.select_for_update().filter(pk=advisor.pk).first()  # one publisher at a time
        for start in starts:
            clash = (
                Slot.objects.filter(advisor=advisor, withdrawn=False, starts_at__lt=start + length)
                .filter(starts_at__gt=start - datetime.timedelta(minutes=max(SLOT_MINUTES)))
                .only("starts_at", "minutes")
            )
            for other in clash:
                if other.starts_at < start + length and start < other.ends_at:
                    raise EspapError(
                        "overlap",
                        _("You already have a slot at %(when)s.")
                        % {"when": timezone.localtime(other.starts_at).strftime("%d/%m/%Y %H:%M")},
                    )
        created = []
        for start in starts:
            slot = Slot.objects.create(advisor=advisor, starts_at=start, minutes=minutes, series=series)
            slot.sites.set(sites)
            created.append(slot)
    return created


def _same_wall_time(starts_at: datetime.datetime, weeks: int) -> datetime.datetime:
    """The same local time ``weeks`` weeks later (10:00 stays 10:00 across the change of hour)."""
    local = timezone.localtime(starts_at)
    naive = local.replace(tzinfo=None) + datetime.timedelta(weeks=weeks)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def slot_withdraw(*, actor, slot: Slot, series: bool = False, now=None) -> int:
    """Withdraw a free slot (or every free future slot of its series). A booked slot stays: its
    appointment must be cancelled or rescheduled first, with a reason the inhabitant is told."""
    advisor = policy.advisor_of(actor)
    if advisor is None or slot.advisor_id != advisor.pk:
        raise EspapError("forbidden", _("You may not do this."))
    now = now or timezone.now()
    slots = Slot.objects.filter(pk=slot.pk)
    if series and slot.series:
        slots = Slot.objects.filter(series=slot.series, starts_at__gte=now)
    with transaction.atomic():
        free = slots.filter(withdrawn=False).exclude(appointments__status__in=Appointment.HOLDING)
        count = free.update(withdrawn=True)
    if not count:
        raise EspapError("booked", _("This slot is booked: cancel or reschedule the appointment first."))
    return count


def free_slots(*, site, agency=None, now=None):
    """The future slots still free at ``site`` (for an agency), soonest first."""
    now = now or timezone.now()
    slots = (
        Slot.objects.filter(sites=site, withdrawn=False, starts_at__gt=now)
        .exclude(appointments__status__in=Appointment.HOLDING)
        .select_related("advisor__agency", "advisor__user")
    )
    if agency is not None:
        slots = slots.filter(advisor__agency=agency)
    return slots.order_by("starts_at")


# --- Appointments --------------------------------------------------------------------------------


def _take(slot_id: int, site, now) -> Slot:
    slot = Slot.objects.select_for_update(of=("self",)).select_related("advisor__agency").filter(pk=slot_id).first()
    if slot is None or slot.withdrawn:
        raise EspapError("no_slot", _("This slot is no longer offered."))
    if slot.starts_at <= now:
        raise EspapError("past", _("This slot has already begun: choose a later one."))
    if not slot.sites.filter(pk=site.pk).exists():
        raise EspapError("site", _("This slot is not offered at this site."))
    if slot.appointments.filter(status__in=Appointment.HOLDING).exists():
        raise EspapError("taken", _("This slot has just been booked by someone else: choose another one."))
    return slot


def _create(slot, site, fields, *, status, source, actor, now) -> Appointment:
    try:
        with transaction.atomic():
            return Appointment.objects.create(
                slot=slot,
                site=site,
                agency=slot.advisor.agency,
                status=status,
                source=source,
                mediator=actor if status == Appointment.Status.CONFIRMED and actor else None,
                created_by=actor,
                consent_at=now,
                consent_text=str(CONSENT_WORDING),
                name=fields["name"].strip(),
                phone=fields.get("phone", "").strip(),
                email=fields.get("email", "").strip(),
                subject=fields["subject"].strip(),
                documents=fields.get("documents", "").strip(),
                category=fields.get("category", ""),
            )
    except IntegrityError:
        raise EspapError("taken", _("This slot has just been booked by someone else: choose another one.")) from None


def _check_inhabitant(fields: dict, consent: bool) -> None:
    if not consent:
        raise EspapError("consent", _("The inhabitant's consent is needed to book an appointment."))
    if not fields.get("name", "").strip() or not fields.get("subject", "").strip():
        raise EspapError("fields", _("Give the inhabitant's name and the subject of the appointment."))


def appointment_book(*, actor, slot: Slot, site, fields: dict, consent: bool, now=None) -> Appointment:
    """A mediator books ``slot`` at their site for an inhabitant (confirmed at once)."""
    _require(actor, policy.BOOK, site)
    _check_inhabitant(fields, consent)
    now = now or timezone.now()
    with transaction.atomic():
        slot = _take(slot.pk, site, now)
        appointment = _create(
            slot,
            site,
            fields,
            status=Appointment.Status.CONFIRMED,
            source=Appointment.Source.MEDIATOR,
            actor=actor,
            now=now,
        )
        notices.confirmed_on_commit(appointment)
    return appointment


def appointment_request(*, slot: Slot, site, fields: dict, consent: bool, now=None) -> Appointment:
    """An inhabitant asks for ``slot`` on the site's public page: the slot is held, the site's
    mediators confirm it (or cancel it with a reason the inhabitant is told)."""
    if not site.espap or not site.live:
        raise EspapError("site", _("This place does not offer video appointments."))
    _check_inhabitant(fields, consent)
    if not fields.get("phone", "").strip() and not fields.get("email", "").strip():
        raise EspapError("contact", _("Give a phone number or an e-mail address so that the place can confirm."))
    now = now or timezone.now()
    with transaction.atomic():
        slot = _take(slot.pk, site, now)
        appointment = _create(
            slot,
            site,
            fields,
            status=Appointment.Status.REQUESTED,
            source=Appointment.Source.PUBLIC,
            actor=None,
            now=now,
        )
        notices.requested_on_commit(appointment)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__advisor__user", "slot__advisor__agency", "site", "agency")
        .get(pk=appointment.pk)
    )


def appointment_confirm(*, actor, appointment: Appointment) -> Appointment:
    _require(actor, policy.BOOK, appointment)
    with transaction.atomic():
        appointment = _locked(appointment)
        if appointment.status != Appointment.Status.REQUESTED:
            raise EspapError("state", _("Only a requested appointment can be confirmed."))
        appointment.status = Appointment.Status.CONFIRMED
        appointment.mediator = actor
        appointment.save(update_fields=["status", "mediator", "updated_at"])
        notices.confirmed_on_commit(appointment)
    return appointment


def appointment_cancel(*, actor, appointment: Appointment, reason: str, now=None) -> Appointment:
    """Cancel an upcoming appointment with a reason everyone is told; the slot is free again."""
    _require(actor, policy.BOOK, appointment)
    reason = (reason or "").strip()
    if not reason:
        raise EspapError("reason", _("Say why the appointment is cancelled: the inhabitant is told."))
    with transaction.atomic():
        appointment = _locked(appointment)
        if not appointment.is_upcoming:
            raise EspapError("state", _("This appointment is no longer upcoming."))
        appointment.status = Appointment.Status.CANCELLED
        appointment.reason = reason[:300]
        appointment.save(update_fields=["status", "reason", "updated_at"])
        notices.cancelled_on_commit(appointment, actor=actor)
    return appointment


def appointment_cancel_by_inhabitant(*, appointment: Appointment) -> Appointment:
    """The inhabitant cancels with the personal link of their acknowledgement."""
    with transaction.atomic():
        appointment = _locked(appointment)
        if not appointment.is_upcoming:
            raise EspapError("state", _("This appointment is no longer upcoming."))
        appointment.status = Appointment.Status.CANCELLED
        appointment.reason = str(_("Cancelled by the inhabitant"))
        appointment.save(update_fields=["status", "reason", "updated_at"])
        notices.cancelled_on_commit(appointment)
    return appointment


def appointment_reschedule(*, actor, appointment: Appointment, slot: Slot, reason: str, now=None) -> Appointment:
    """Move an upcoming appointment to another free slot (same inhabitant, same subject): the old
    one is marked rescheduled and points to the new one; both sides get the new invitation."""
    _require(actor, policy.BOOK, appointment)
    reason = (reason or "").strip()
    if not reason:
        raise EspapError("reason", _("Say why the appointment is moved: the inhabitant is told."))
    now = now or timezone.now()
    with transaction.atomic():
        old = _locked(appointment)
        if not old.is_upcoming:
            raise EspapError("state", _("This appointment is no longer upcoming."))
        old.status = Appointment.Status.RESCHEDULED
        old.reason = reason[:300]
        old.save(update_fields=["status", "reason", "updated_at"])
        new_slot = _take(slot.pk, old.site, now)
        fields = {f: getattr(old, f) for f in ("name", "phone", "email", "subject", "documents", "category")}
        new = _create(
            new_slot, old.site, fields, status=Appointment.Status.CONFIRMED, source=old.source, actor=actor, now=now
        )
        new.consent_at, new.consent_text = old.consent_at, old.consent_text
        new.save(update_fields=["consent_at", "consent_text"])
        old.rescheduled_to = new
        old.save(update_fields=["rescheduled_to"])
        notices.rescheduled_on_commit(old, new, actor=actor)
    return new


def appointment_outcome(*, actor, appointment: Appointment, status: str, category: str = "", note=None, now=None):
    """The advisor records what happened: seen, no-show or excused, the subject's category, and
    keeps a follow-up note. Not before the appointment's start."""
    _require(actor, policy.OUTCOME, appointment)
    now = now or timezone.now()
    if status not in Appointment.OUTCOMES:
        raise EspapError("status", _("Choose seen, no-show or excused."))
    with transaction.atomic():
        appointment = _locked(appointment)
        if appointment.status not in (Appointment.Status.CONFIRMED, *Appointment.OUTCOMES):
            raise EspapError("state", _("Only a confirmed appointment gets an outcome."))
        if appointment.slot.starts_at > now:
            raise EspapError("future", _("The outcome is recorded once the appointment has begun."))
        appointment.status = status
        appointment.category = category[:40]
        if note is not None:
            appointment.advisor_note = note.strip()[:4000]
        appointment.outcome_at = now
        appointment.save(update_fields=["status", "category", "advisor_note", "outcome_at", "updated_at"])
    return appointment


def call_mark(*, actor, appointment: Appointment, event: str, now=None) -> Appointment:
    """The call's start (both sides connected) and end fill the appointment's record; the first
    start and the last end count."""
    if not policy.is_participant(actor, appointment):
        raise EspapError("forbidden", _("You may not do this."))
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(appointment)
        if event == "started" and appointment.call_started_at is None:
            appointment.call_started_at = now
            appointment.save(update_fields=["call_started_at", "updated_at"])
        elif event == "ended" and appointment.call_started_at is not None:
            appointment.call_ended_at = now
            appointment.save(update_fields=["call_ended_at", "updated_at"])
    return appointment


DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def document_send(*, actor, appointment: Appointment, upload, now=None) -> AppointmentDocument:
    """The mediator sends the advisor a scanned paper: a PDF or a picture of at most 10 MB, kept
    privately with the appointment and deleted after ``ESPAP_DOCUMENT_DAYS`` days."""
    import filetype

    if not policy.is_participant(actor, appointment) or appointment.purged_at:
        raise EspapError("forbidden", _("You may not do this."))
    if upload.size > DOCUMENT_MAX_BYTES:
        raise EspapError("size", _("A document is at most 10 MB."))
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        raise EspapError("type", _("Send a PDF or a picture (JPEG, PNG, WebP)."))
    now = now or timezone.now()
    keep = datetime.timedelta(days=settings.ESPAP_DOCUMENT_DAYS)
    document = AppointmentDocument.objects.create(
        appointment=appointment,
        file=upload,
        filename=(upload.name or "document").rsplit("/", 1)[-1][:200],
        size=upload.size,
        uploaded_by=actor,
        delete_after=timezone.localdate(now) + keep,
    )
    notices.document_on_commit(document)
    return document


# --- Weekly grids --------------------------------------------------------------------------------


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def grid_counts_from_appointments(site, week: datetime.date) -> dict[str, int]:
    """{agency code: interviews seen} at ``site`` in the week of ``week``: what pre-fills the grid."""
    from django.db.models import Count

    start = timezone.make_aware(datetime.datetime.combine(week, datetime.time()))
    end = start + datetime.timedelta(days=7)
    rows = (
        Appointment.objects.filter(
            site=site, status=Appointment.Status.SEEN, slot__starts_at__gte=start, slot__starts_at__lt=end
        )
        .values("agency__code")
        .annotate(n=Count("pk"))
    )
    return {row["agency__code"]: row["n"] for row in rows}


def grid_for(site, week: datetime.date) -> WeeklyGrid:
    """The stored grid of ``site`` for the week, or a new one pre-filled from the appointments."""
    week = monday(week)
    grid = WeeklyGrid.objects.filter(site=site, week=week).first()
    if grid is None:
        grid = WeeklyGrid(site=site, week=week, visio=grid_counts_from_appointments(site, week))
    return grid


def _whole_counts(values: dict, allowed) -> dict[str, int]:
    counts = {}
    for key, value in (values or {}).items():
        if key not in allowed:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 100_000:
            raise EspapError("count", _("Counts are whole numbers, 0 or more."))
        if value:
            counts[key] = value
    return counts


def grid_save(*, actor, site, week: datetime.date, services: dict, visio: dict, publics: dict, comment: str = ""):
    """Store a site's counts for a week. A validated week is locked: nothing changes it until
    the referent unlocks it."""
    from workspace.espap import grids

    _require(actor, policy.GRID, site)
    week = monday(week)
    if week > monday(timezone.localdate()):
        raise EspapError("future", _("A week is counted once it has begun."))
    with transaction.atomic():
        grid, _created = WeeklyGrid.objects.select_for_update().get_or_create(site=site, week=week)
        if grid.locked:
            raise EspapError("locked", _("This week is validated: ask the referent to unlock it to change it."))
        grid.services = _whole_counts(services, grids.SERVICE_KEYS)
        grid.visio = _whole_counts(visio, grids.agency_codes())
        grid.publics = _whole_counts(publics, grids.PUBLIC_KEYS)
        grid.comment = (comment or "").strip()[:2000]
        grid.updated_by = actor
        grid.save()
    return grid


def grid_validate(*, actor, grid: WeeklyGrid, now=None) -> WeeklyGrid:
    """Validate a filled week once it is over (its Sunday has passed): it is locked from then on."""
    _require(actor, policy.VALIDATE, grid.site)
    if grid.pk is None:
        raise EspapError("empty", _("Nothing to validate: this week is not filled in yet."))
    if grid.week + datetime.timedelta(days=7) > timezone.localdate(now or timezone.now()):
        raise EspapError("early", _("A week is validated once it is over."))
    with transaction.atomic():
        grid = WeeklyGrid.objects.select_for_update(of=("self",)).select_related("site").get(pk=grid.pk)
        if grid.locked:
            raise EspapError("locked", _("This week is already validated."))
        grid.validated_at = now or timezone.now()
        grid.validated_by = actor
        grid.save(update_fields=["validated_at", "validated_by", "updated_at"])
    return grid


def grid_unlock(*, actor, grid: WeeklyGrid, reason: str) -> WeeklyGrid:
    """Unlock a validated week, with a reason written in the audit log."""
    _require(actor, policy.VALIDATE, grid.site)
    if grid.pk is None:
        raise EspapError("state", _("This week is not validated."))
    reason = (reason or "").strip()
    if not reason:
        raise EspapError("reason", _("Say why the week is unlocked: it is written in the audit log."))
    with transaction.atomic():
        grid = WeeklyGrid.objects.select_for_update(of=("self",)).select_related("site").get(pk=grid.pk)
        if not grid.locked:
            raise EspapError("state", _("This week is not validated."))
        grid.validated_at = None
        grid.validated_by = None
        grid.save(update_fields=["validated_at", "validated_by", "updated_at"])
        audit.record(
            actor=actor,
            action="espap.grid_unlock",
            summary=_("Counting grid of %(site)s, week %(week)s, unlocked: %(reason)s")
            % {"site": grid.site.title, "week": grid.week.strftime("%G-W%V"), "reason": reason[:200]},
            territory=grid.site.territory,
            target=grid,
        )
    return grid


def notify_members(users, text, url, key=""):
    notify(users=users, kind="espap", text=text, url=url, key=key)
