"""The daily job: expiry (never of what is completed, closed, cancelled or claimed), the warning
to the prescriber 30 days before an unused ticket expires, the reminder the day before a session,
the erasure three years after a course; each rule done once however often the job runs."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from core import roles
from workspace.tickets import jobs, services
from workspace.tickets.models import Attendance, Claim, Enrolment, Session, Ticket


def _expire_on(ticket, day):
    Ticket.objects.filter(pk=ticket.pk).update(expires_on=day)
    ticket.refresh_from_db()
    return ticket


def _today():
    return timezone.localdate()


def _fr_day(moment, fmt="j F"):
    with translation.override("fr"):
        return date_format(timezone.localtime(moment), fmt)


# --- Expiry ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_open_tickets_past_their_date_expire_once(make_ticket):
    yesterday = _today() - datetime.timedelta(days=1)
    issued = make_ticket("issued", issued_on=_today() - relativedelta(months=12, days=1))
    registered = _expire_on(make_ticket("registered", first_name="Reg"), yesterday)
    in_progress = _expire_on(make_ticket("in_progress", first_name="Prog"), yesterday)
    last_day = _expire_on(make_ticket("registered", first_name="Today"), _today())
    assert issued.expires_on < _today()
    assert jobs.tickets_daily()["expired"] == 3
    for ticket in (issued, registered, in_progress):
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.EXPIRED and ticket.ended_at is not None and ticket.end_reason
    last_day.refresh_from_db()
    assert last_day.status == Ticket.Status.REGISTERED  # valid through its last day
    ended_at = issued.ended_at
    assert jobs.tickets_daily()["expired"] == 0
    issued.refresh_from_db()
    assert issued.ended_at == ended_at


@pytest.mark.django_db
def test_expiry_never_touches_what_was_completed_paid_closed_cancelled_or_claimed(make_ticket, scheme):
    yesterday = _today() - datetime.timedelta(days=1)
    paid = make_ticket("completed")
    services.claim_validate(actor=scheme.manager, claim=paid.claim)
    services.claim_pay(actor=scheme.manager, claim=paid.claim, paid_on=_today(), payment_reference="VIR-7")
    paid = _expire_on(paid, yesterday)
    closed = make_ticket("in_progress", first_name="Clo")
    services.ticket_close(actor=scheme.animator, ticket=closed, reason="Déménagement")
    closed = _expire_on(closed, yesterday)
    cancelled = make_ticket("issued", first_name="Can")
    services.ticket_cancel(actor=scheme.prescriber, ticket=cancelled, reason="Erreur")
    cancelled = _expire_on(cancelled, yesterday)
    claimed = _expire_on(make_ticket("in_progress", first_name="Cla"), yesterday)  # a claim on an open ticket
    Claim.objects.create(ticket=claimed, place=scheme.partner)
    before = {t.pk: (t.status, t.ended_at, t.end_reason) for t in Ticket.objects.all()}

    assert jobs.tickets_daily()["expired"] == 0
    after = {t.pk: (t.status, t.ended_at, t.end_reason) for t in Ticket.objects.all()}
    assert after == before
    claim = Claim.objects.get(ticket=paid)
    assert claim.status == Claim.Status.PAID and claim.payment_reference == "VIR-7"


# --- Warning 30 days before -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_prescriber_is_warned_once_30_days_before_an_unused_ticket_expires(make_ticket, scheme):
    soon = _expire_on(make_ticket("issued"), _today() + datetime.timedelta(days=20))
    also = _expire_on(make_ticket("issued", first_name="Noé"), _today() + datetime.timedelta(days=30))
    later = _expire_on(make_ticket("issued", first_name="Later"), _today() + datetime.timedelta(days=40))
    used = _expire_on(make_ticket("registered", first_name="Used"), _today() + datetime.timedelta(days=10))
    mail.outbox.clear()

    assert jobs.tickets_daily()["warned"] == 2
    notes = list(scheme.prescriber.notifications.filter(text__contains="relancez son titulaire"))
    assert sorted(n.url for n in notes) == sorted([soon.get_absolute_url(), also.get_absolute_url()])
    assert len(mail.outbox) == 1  # one e-mail listing both
    message = mail.outbox[0]
    assert message.to == [scheme.prescriber.email]
    assert soon.display_reference in message.body and also.display_reference in message.body
    assert later.display_reference not in message.body and used.display_reference not in message.body
    assert soon.get_absolute_url() in message.body
    for ticket in (soon, also):
        ticket.refresh_from_db()
        assert ticket.expiry_warned_at is not None
    later.refresh_from_db()
    used.refresh_from_db()
    assert later.expiry_warned_at is None and used.expiry_warned_at is None

    mail.outbox.clear()
    assert jobs.tickets_daily()["warned"] == 0
    assert mail.outbox == []
    assert scheme.prescriber.notifications.filter(text__contains="relancez son titulaire").count() == 2


@pytest.mark.django_db
def test_when_the_issuer_left_their_organisation_colleagues_are_warned(make_ticket, scheme, create_user):
    colleague = create_user(role=roles.PRESCRIBER, first_name="Claire")
    scheme.organisation.members.add(colleague)
    ticket = _expire_on(make_ticket("issued"), _today() + datetime.timedelta(days=5))
    scheme.prescriber.is_active = False
    scheme.prescriber.save()
    mail.outbox.clear()
    jobs.tickets_daily()
    assert colleague.notifications.filter(url=ticket.get_absolute_url()).count() == 1
    assert [m.to for m in mail.outbox] == [[colleague.email]]


# --- Reminder the day before a session ------------------------------------------------------


def _session(scheme, when, module=0):
    return Session.objects.create(
        place=scheme.partner, starts_at=when, module=scheme.modules[module], animator=scheme.animator
    )


def _tomorrow_at(hour):
    day = _today() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.mark.django_db
def test_learners_are_reminded_the_day_before_and_the_animator_hears_of_those_without_e_mail(make_ticket, scheme):
    session = _session(scheme, _tomorrow_at(14), module=3)
    far = _session(scheme, _tomorrow_at(14) + datetime.timedelta(days=2))
    with_mail = make_ticket("in_progress", first_name="Lucie", email="lucie@exemple.test")
    without = make_ticket("registered", first_name="Jean", last_name="Sansmail", email="")
    excused = make_ticket("in_progress", first_name="Eve", email="eve@exemple.test")
    for ticket in (with_mail, without, excused):
        services.session_enrol(actor=scheme.animator, session=session, ticket=ticket)
        services.session_enrol(actor=scheme.animator, session=far, ticket=ticket)
    Enrolment.objects.filter(session=session, ticket=excused).update(attendance=Attendance.EXCUSED)
    mail.outbox.clear()

    assert jobs.tickets_daily()["reminded"] == 1
    assert [m.to for m in mail.outbox] == [["lucie@exemple.test"]]
    body = mail.outbox[0].body
    assert scheme.modules[3].title in body
    assert scheme.partner.place.title in body
    assert _fr_day(session.starts_at, "l j F Y") in body and "14h00" in body
    assert f"/espace/tickets/carnet/{with_mail.log_token}/" in body
    assert "14h00" in mail.outbox[0].subject
    notes = list(scheme.animator.notifications.filter(url=session.get_absolute_url()))
    assert len(notes) == 1 and "Jean Sansmail" in notes[0].text and "Lucie" not in notes[0].text
    session.refresh_from_db()
    far.refresh_from_db()
    assert session.reminded_at is not None and far.reminded_at is None

    mail.outbox.clear()
    assert jobs.tickets_daily()["reminded"] == 0
    assert mail.outbox == []
    assert scheme.animator.notifications.filter(url=session.get_absolute_url()).count() == 1


@pytest.mark.django_db
def test_a_session_everyone_can_be_told_of_sends_no_notification(make_ticket, scheme):
    session = _session(scheme, _tomorrow_at(9))
    ticket = make_ticket("in_progress", email="lucie@exemple.test")
    services.session_enrol(actor=scheme.animator, session=session, ticket=ticket)
    mail.outbox.clear()
    jobs.tickets_daily()
    assert len(mail.outbox) == 1
    assert not scheme.animator.notifications.filter(url=session.get_absolute_url()).exists()


@pytest.mark.django_db
def test_a_past_session_is_not_reminded(make_ticket, scheme):
    session = _session(scheme, timezone.now() - datetime.timedelta(hours=1))
    jobs.tickets_daily()
    session.refresh_from_db()
    assert session.reminded_at is None


# --- Retention ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_personal_data_goes_three_years_after_the_last_ticket_ended(make_ticket, scheme):
    old = make_ticket("completed", email="old@exemple.test", phone="0600000000")
    services.claim_validate(actor=scheme.manager, claim=old.claim)
    services.claim_pay(actor=scheme.manager, claim=old.claim, paid_on=_today(), payment_reference="VIR-9")
    recent = make_ticket("completed", first_name="Recent")
    Ticket.objects.filter(pk=old.pk).update(ended_at=timezone.now() - relativedelta(years=3, days=1))
    Ticket.objects.filter(pk=recent.pk).update(ended_at=timezone.now() - relativedelta(years=2))
    token = old.log_token

    assert jobs.tickets_daily()["erased"] == 1
    old.refresh_from_db()
    person = old.beneficiary
    assert person.erased_at is not None
    assert person.email == person.phone == person.first_name == person.last_name == ""
    assert old.log_token != token and old.status == Ticket.Status.COMPLETED
    assert old.claim.status == Claim.Status.PAID and old.enrolments.count() == 10  # the figures stay
    recent.refresh_from_db()
    assert recent.beneficiary.erased_at is None
    assert jobs.tickets_daily()["erased"] == 0


@pytest.mark.django_db
def test_a_person_with_a_ticket_still_open_keeps_their_data(make_ticket, scheme):
    old = make_ticket("completed")
    Ticket.objects.filter(pk=old.pk).update(ended_at=timezone.now() - relativedelta(years=4))
    again = services.ticket_issue(actor=scheme.prescriber, organisation=scheme.organisation, beneficiary={})
    Ticket.objects.filter(pk=again.pk).update(beneficiary=old.beneficiary)
    assert jobs.tickets_daily()["erased"] == 0


# --- The command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_runs_the_job(make_ticket, capsys):
    make_ticket("issued", issued_on=_today() - relativedelta(months=13))
    call_command("tickets_daily")
    out = capsys.readouterr().out
    assert out.startswith("tickets_daily: {") and "'expired': 1" in out
    call_command("tickets_daily")
    assert "'expired': 0" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_ticket_that_ended_without_a_date_counts_from_its_expiry(make_ticket):
    old = make_ticket("issued", first_name="Old")
    Ticket.objects.filter(pk=old.pk).update(
        status=Ticket.Status.EXPIRED, ended_at=None, expires_on=_today() - relativedelta(years=3, days=2)
    )
    young = make_ticket("issued", first_name="Young")
    Ticket.objects.filter(pk=young.pk).update(
        status=Ticket.Status.EXPIRED, ended_at=None, expires_on=_today() - relativedelta(years=1)
    )
    assert jobs.tickets_daily()["erased"] == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.beneficiary.erased_at is not None and young.beneficiary.erased_at is None
