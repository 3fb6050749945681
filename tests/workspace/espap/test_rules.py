"""The rules of slots and appointments, through the services: what an advisor and a mediator
would notice (a refusal with its reason, a slot taken once, everyone told)."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.workspace.espap.conftest import INHABITANT, at
from workspace.espap import jobs, notices, services
from workspace.espap.models import Appointment, Slot


def test_a_slot_in_the_past_is_refused(espap):
    with pytest.raises(services.EspapError) as refused:
        services.slot_publish(actor=espap.advisor, starts_at=at(-1), minutes=30, sites=[espap.assier])
    assert refused.value.code == "past"
    assert not Slot.objects.exists()


def test_overlapping_slots_of_one_advisor_are_refused_but_not_of_two(espap, make_slot):
    make_slot(hour=10)
    with pytest.raises(services.EspapError) as refused:
        services.slot_publish(actor=espap.advisor, starts_at=at(1, 10, 15), minutes=30, sites=[espap.assier])
    assert refused.value.code == "overlap"
    services.slot_publish(actor=espap.advisor, starts_at=at(1, 10, 30), minutes=30, sites=[espap.assier])
    services.slot_publish(actor=espap.colleague, starts_at=at(1, 10, 15), minutes=30, sites=[espap.assier])
    assert Slot.objects.count() == 3


def test_a_weekly_slot_repeats_at_the_same_wall_time_and_is_withdrawn_as_a_series(espap):
    slots = services.slot_publish(actor=espap.advisor, starts_at=at(2, 9), minutes=45, sites=[espap.assier], weeks=10)
    assert len(slots) == 10 and len({s.series for s in slots}) == 1
    # 10 weeks cross the change of hour in spring or autumn: the local time stays 09:00
    assert {timezone.localtime(s.starts_at).time() for s in slots} == {datetime.time(9)}
    assert [(b.starts_at.date() - a.starts_at.date()).days for a, b in zip(slots, slots[1:], strict=False)] == [7] * 9
    services.appointment_book(actor=espap.mediator, slot=slots[3], site=espap.assier, fields=INHABITANT, consent=True)
    withdrawn = services.slot_withdraw(actor=espap.advisor, slot=slots[0], series=True)
    assert withdrawn == 9  # the booked one stays
    assert list(Slot.objects.filter(withdrawn=False)) == [slots[3]]


def test_only_advisors_publish_and_only_at_esp_p_sites(espap):
    with pytest.raises(services.EspapError):
        services.slot_publish(actor=espap.mediator, starts_at=at(1), minutes=30, sites=[espap.assier])
    with pytest.raises(services.EspapError) as refused:
        services.slot_publish(actor=espap.advisor, starts_at=at(1), minutes=30, sites=[espap.figeac])
    assert refused.value.code == "not_a_site"


def test_booking_confirms_and_tells_everyone_with_an_invitation(
    espap, make_slot, mailoutbox, django_capture_on_commit_callbacks
):
    slot = make_slot()
    with django_capture_on_commit_callbacks(execute=True):
        a = services.appointment_book(
            actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True
        )
    assert a.status == "confirmed" and a.agency == espap.caf and a.mediator == espap.mediator
    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {espap.advisor.email, espap.mediator.email, INHABITANT["email"]}
    invitation = mailoutbox[0].attachments[0]
    body = invitation[1] if isinstance(invitation[1], str) else invitation[1].decode()
    assert invitation[0] == "rendez-vous.ics" and "METHOD:REQUEST" in body
    assert f"UID:espap-{a.pk}@maillage" in body


def test_double_booking_is_refused(espap, make_slot):
    slot = make_slot()
    services.appointment_book(actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True)
    with pytest.raises(services.EspapError) as refused:
        services.appointment_book(
            actor=espap.other_mediator, slot=slot, site=espap.gourdon, fields=INHABITANT, consent=True
        )
    assert refused.value.code == "taken"
    assert Appointment.objects.count() == 1


def test_the_database_refuses_a_second_live_appointment_on_a_slot(espap, make_appointment):
    a = make_appointment()
    fields = {f: getattr(a, f) for f in ("name", "subject", "consent_at", "consent_text")}
    with pytest.raises(IntegrityError):
        Appointment.objects.create(slot=a.slot, site=a.site, agency=a.agency, status="confirmed", **fields)


def test_a_cancelled_slot_can_be_booked_again_and_the_past_cannot(espap, make_slot):
    slot = make_slot()
    a = services.appointment_book(actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True)
    services.appointment_cancel(actor=espap.mediator, appointment=a, reason="Malade")
    again = services.appointment_book(
        actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True
    )
    assert again.status == "confirmed"
    Slot.objects.filter(pk=slot.pk).update(starts_at=at(-1))
    other = make_slot(days=2)
    Slot.objects.filter(pk=other.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(services.EspapError) as refused:
        services.appointment_book(actor=espap.mediator, slot=other, site=espap.assier, fields=INHABITANT, consent=True)
    assert refused.value.code == "past"


def test_consent_and_a_site_of_the_slot_are_required(espap, make_slot):
    slot = make_slot(sites=[espap.gourdon])
    with pytest.raises(services.EspapError) as refused:
        services.appointment_book(actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True)
    assert refused.value.code == "site"
    with pytest.raises(services.EspapError) as refused:
        services.appointment_book(
            actor=espap.other_mediator, slot=slot, site=espap.gourdon, fields=INHABITANT, consent=False
        )
    assert refused.value.code == "consent"
    with pytest.raises(services.EspapError):  # a mediator books at their own site only
        services.appointment_book(actor=espap.mediator, slot=slot, site=espap.gourdon, fields=INHABITANT, consent=True)


def test_a_public_request_holds_the_slot_until_a_mediator_confirms(espap, make_slot):
    slot = make_slot()
    a = services.appointment_request(slot=slot, site=espap.assier, fields={**INHABITANT, "email": ""}, consent=True)
    assert a.status == "requested" and a.source == "public"
    with pytest.raises(services.EspapError):
        services.appointment_book(actor=espap.mediator, slot=slot, site=espap.assier, fields=INHABITANT, consent=True)
    with pytest.raises(services.EspapError):
        services.appointment_confirm(actor=espap.other_mediator, appointment=a)
    services.appointment_confirm(actor=espap.mediator, appointment=a)
    a.refresh_from_db()
    assert a.status == "confirmed" and a.mediator == espap.mediator


def test_rescheduling_moves_the_inhabitant_to_a_free_slot_with_a_reason(espap, make_appointment, make_slot):
    a = make_appointment()
    later = make_slot(days=3)
    with pytest.raises(services.EspapError):
        services.appointment_reschedule(actor=espap.mediator, appointment=a, slot=later, reason="")
    new = services.appointment_reschedule(actor=espap.mediator, appointment=a, slot=later, reason="Conseillère absente")
    a.refresh_from_db()
    assert a.status == "rescheduled" and a.rescheduled_to == new and a.reason == "Conseillère absente"
    assert new.slot == later and new.name == a.name and new.status == "confirmed"
    # the first slot is free again
    assert a.slot in services.free_slots(site=espap.assier)


def test_the_outcome_is_the_advisor_s_after_the_start(espap, make_appointment):
    upcoming = make_appointment()
    with pytest.raises(services.EspapError) as refused:
        services.appointment_outcome(actor=espap.advisor, appointment=upcoming, status="seen")
    assert refused.value.code == "future"
    past = make_appointment(past=True, hour=14)
    with pytest.raises(services.EspapError):
        services.appointment_outcome(actor=espap.colleague, appointment=past, status="seen")  # not their slot
    services.appointment_outcome(
        actor=espap.advisor, appointment=past, status="seen", category="activity", note="Suivi"
    )
    past.refresh_from_db()
    assert (past.status, past.category, past.advisor_note) == ("seen", "activity", "Suivi")


def test_the_daily_job_reminds_once_purges_after_the_retention_and_keeps_the_figures(
    espap, make_appointment, mailoutbox, settings
):
    tomorrow = make_appointment(days=1, email="")
    make_appointment(days=3, hour=11)
    result = jobs.espap_daily()
    assert result["reminded"] == 1
    assert any("téléphon" in m.body or "phone them" in m.body for m in mailoutbox)
    assert jobs.espap_daily()["reminded"] == 0
    old = make_appointment(past=settings.ESPAP_PERSONAL_DATA_DAYS + 2, hour=15)
    services.appointment_outcome(actor=espap.advisor, appointment=old, status="seen")
    assert jobs.espap_daily()["purged"] == 1
    old.refresh_from_db()
    tomorrow.refresh_from_db()
    assert old.purged_at and old.name == "—" and not old.phone and not old.email and old.status == "seen"
    assert tomorrow.name == INHABITANT["name"]


def test_an_unconfirmed_request_lapses_once_its_time_has_passed(espap, make_slot):
    slot = make_slot()
    a = services.appointment_request(slot=slot, site=espap.assier, fields=INHABITANT, consent=True)
    Slot.objects.filter(pk=slot.pk).update(starts_at=at(-1))
    assert jobs.espap_daily()["lapsed"] == 1
    a.refresh_from_db()
    assert a.status == "cancelled"


def test_a_cancelled_invitation_removes_the_event(espap, make_appointment):
    a = make_appointment()
    assert b"METHOD:CANCEL" in notices.ics(a, cancel=True) and b"STATUS:CANCELLED" in notices.ics(a, cancel=True)


@pytest.mark.django_db(transaction=True)
def test_two_mediators_booking_the_same_slot_at_once_book_it_once(espap, make_slot):
    """Two sites click "book" on the same slot at the same moment: one gets it, the other is
    told it was just taken (the slot's row lock, and the database's constraint behind it)."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL (the PostgreSQL run covers it)")
    slot = make_slot()
    results, barrier = [], threading.Barrier(2)

    def book(mediator, site):
        barrier.wait()
        try:
            services.appointment_book(actor=mediator, slot=slot, site=site, fields=INHABITANT, consent=True)
            results.append("ok")
        except services.EspapError as error:
            results.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(espap.mediator, espap.assier)),
        threading.Thread(target=book, args=(espap.other_mediator, espap.gourdon)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "taken"]
    assert Appointment.objects.filter(slot=slot).count() == 1
