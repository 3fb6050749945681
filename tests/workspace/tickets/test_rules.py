"""Every rule of the scheme, as the people in it would notice it."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from workspace.tickets import reference as refs
from workspace.tickets import services
from workspace.tickets.models import Attendance, Beneficiary, Claim, Enrolment, Session, Ticket


def session_at(scheme, days=1, module=0, capacity=None):
    return Session.objects.create(
        place=scheme.partner,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        module=scheme.modules[module],
        animator=scheme.animator,
        capacity=capacity or 5,
    )


class TestReference:
    def test_a_reference_is_nine_symbols_with_a_check_symbol_and_forgives_typing(self):
        for _ in range(200):
            ref = refs.new_reference()
            assert len(ref) == 9 and refs.is_well_formed(ref)
        ref = refs.new_reference()
        typed = refs.display(ref).lower().replace("0", "o").replace("1", "l")
        assert refs.normalise(typed) == ref

    def test_every_single_mistyped_symbol_is_caught(self):
        ref = refs.new_reference()
        for position in range(9):
            for symbol in refs.ALPHABET:
                if symbol != ref[position]:
                    assert not refs.is_well_formed(ref[:position] + symbol + ref[position + 1 :])


@pytest.mark.django_db
class TestIssueAndRegister:
    def test_issue_gives_twelve_months_and_records_consent(self, make_ticket):
        ticket = make_ticket(issued_on=datetime.date(2026, 3, 15))
        assert ticket.expires_on == datetime.date(2027, 3, 15)
        assert ticket.status == Ticket.Status.ISSUED and ticket.framework.name == "Pix"
        assert ticket.beneficiary.consent_at is not None
        assert "effacés sur demande" in ticket.beneficiary.consent_text  # the wording read, in French

    def test_a_prescriber_issues_for_their_organisation_only(self, scheme):
        with pytest.raises(services.TicketError):
            services.ticket_issue(
                actor=scheme.prescriber,
                organisation=scheme.other_organisation,
                beneficiary={"first_name": "A", "last_name": "B", "public": "senior"},
            )

    def test_registering_a_valid_reference(self, scheme, make_ticket):
        ticket = make_ticket()
        assert services.lookup(scheme.animator, refs.display(ticket.reference).lower()).code == "valid"
        registered = services.ticket_register(actor=scheme.animator, typed=ticket.reference)
        assert registered.status == Ticket.Status.REGISTERED and registered.place == scheme.partner
        assert services.lookup(scheme.animator, ticket.reference).code == "here"

    def test_wrong_check_character(self, scheme, make_ticket):
        ticket = make_ticket()
        wrong = ticket.reference[:-1] + next(s for s in refs.ALPHABET if s != ticket.reference[-1])
        found = services.lookup(scheme.animator, wrong)
        assert found.code == "typo" and "pas valable" in found.message
        with pytest.raises(services.TicketError):
            services.ticket_register(actor=scheme.animator, typed=wrong)

    def test_unknown_but_well_formed(self, scheme):
        body = "ABCDEFGH"
        assert services.lookup(scheme.animator, body + refs.check_symbol(body)).code == "unknown"

    def test_expired(self, scheme, make_ticket):
        ticket = make_ticket(issued_on=timezone.localdate() - datetime.timedelta(days=400))
        assert services.lookup(scheme.animator, ticket.reference).code == "expired"
        with pytest.raises(services.TicketError) as refused:
            services.ticket_register(actor=scheme.animator, typed=ticket.reference)
        assert refused.value.code == "expired"

    def test_registered_elsewhere(self, scheme, make_ticket):
        ticket = make_ticket()
        services.ticket_register(actor=scheme.other_animator, typed=ticket.reference)
        found = services.lookup(scheme.animator, ticket.reference)
        assert found.code == "elsewhere"
        with pytest.raises(services.TicketError):
            services.ticket_register(actor=scheme.animator, typed=ticket.reference)

    def test_only_animators_of_partner_places_register(self, scheme, make_ticket):
        ticket = make_ticket()
        with pytest.raises(services.TicketError) as refused:
            services.ticket_register(actor=scheme.plain_animator, typed=ticket.reference)
        assert refused.value.code == "forbidden"

    def test_reissue_cancels_the_old_reference(self, scheme, make_ticket):
        old = make_ticket()
        new = services.ticket_reissue(actor=scheme.prescriber, ticket=old)
        old.refresh_from_db()
        assert old.status == Ticket.Status.CANCELLED and new.replaces == old
        assert new.reference != old.reference and new.expires_on == old.expires_on
        assert new.beneficiary_id == old.beneficiary_id
        assert services.lookup(scheme.animator, old.reference).code == "cancelled"
        assert services.lookup(scheme.animator, new.reference).code == "valid"

    def test_another_prescriber_cannot_reissue_or_cancel(self, scheme, make_ticket):
        ticket = make_ticket()
        with pytest.raises(services.TicketError):
            services.ticket_reissue(actor=scheme.other_prescriber, ticket=ticket)
        with pytest.raises(services.TicketError):
            services.ticket_cancel(actor=scheme.other_prescriber, ticket=ticket, reason="x")


@pytest.mark.django_db
class TestCourse:
    def test_the_interview_starts_the_course(self, scheme, make_ticket):
        ticket = make_ticket("registered")
        domain = ticket.framework.domains.first()
        services.interview_record(
            actor=scheme.animator, ticket=ticket, held_on=timezone.localdate(), levels={domain.pk: 2}, notes="Timide"
        )
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.IN_PROGRESS
        assert ticket.interview.levels.get(domain=domain).level == 2

    def test_ten_attended_sessions_complete_and_an_eleventh_is_refused(self, scheme, make_ticket):
        ticket = make_ticket("completed")
        assert ticket.status == Ticket.Status.COMPLETED
        assert Claim.objects.filter(ticket=ticket).count() == 1
        with pytest.raises(services.TicketError):  # the course is over: no new session
            services.session_enrol(actor=scheme.animator, session=session_at(scheme), ticket=ticket)

    def test_the_eleventh_enrolment_is_refused_while_ten_are_planned(self, scheme, make_ticket):
        ticket = make_ticket("in_progress")
        for n in range(10):
            services.session_enrol(actor=scheme.animator, session=session_at(scheme, days=n + 1), ticket=ticket)
        with pytest.raises(services.TicketError) as refused:
            services.session_enrol(actor=scheme.animator, session=session_at(scheme, days=20), ticket=ticket)
        assert refused.value.code == "eleventh"

    def test_an_excused_session_frees_its_place_in_the_ten(self, scheme, make_ticket):
        ticket = make_ticket("in_progress")
        past = Session.objects.create(
            place=scheme.partner, starts_at=timezone.now(), module=scheme.modules[0], animator=scheme.animator
        )
        enrolment = services.session_enrol(actor=scheme.animator, session=past, ticket=ticket)
        services.attendance_record(actor=scheme.animator, enrolment=enrolment, attendance=Attendance.EXCUSED)
        assert services.counted_sessions(ticket) == 0

    def test_a_full_session_refuses_a_sixth(self, scheme, make_ticket):
        session = session_at(scheme, capacity=1)
        services.session_enrol(actor=scheme.animator, session=session, ticket=make_ticket("in_progress"))
        with pytest.raises(services.TicketError) as refused:
            services.session_enrol(actor=scheme.animator, session=session, ticket=make_ticket("in_progress"))
        assert refused.value.code == "full"

    def test_attendance_is_not_taken_days_ahead(self, scheme, make_ticket):
        enrolment = services.session_enrol(
            actor=scheme.animator, session=session_at(scheme, days=3), ticket=make_ticket("in_progress")
        )
        with pytest.raises(services.TicketError):
            services.attendance_record(actor=scheme.animator, enrolment=enrolment, attendance=Attendance.PRESENT)

    def test_early_closure_needs_a_reason_and_opens_no_claim(self, scheme, make_ticket):
        ticket = make_ticket("in_progress")
        with pytest.raises(services.TicketError):
            services.ticket_close(actor=scheme.animator, ticket=ticket, reason=" ")
        services.ticket_close(actor=scheme.animator, ticket=ticket, reason="A trouvé un emploi")
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.CLOSED and ticket.end_reason == "A trouvé un emploi"
        assert not Claim.objects.filter(ticket=ticket).exists()
        with pytest.raises(services.TicketError):
            services.session_enrol(actor=scheme.animator, session=session_at(scheme), ticket=ticket)

    def test_the_sheet_stores_changes_only_and_shows_the_previous_level(self, scheme, make_ticket):
        ticket = make_ticket("completed")
        first, second = list(Enrolment.objects.filter(ticket=ticket).order_by("session__starts_at"))[:2]
        item = ticket.framework.domains.first().competences.first().items.first()
        assert services.sheet_record(actor=scheme.animator, enrolment=first, levels={item.pk: "progress"}) == 1
        assert services.sheet_previous(second) == {item.pk: "progress"}
        # the same level again at the next session is not a change
        assert services.sheet_record(actor=scheme.animator, enrolment=second, levels={item.pk: "progress"}) == 0
        assert services.sheet_record(actor=scheme.animator, enrolment=second, levels={item.pk: "acquired"}) == 1

    def test_another_place_cannot_follow_the_learner(self, scheme, make_ticket):
        ticket = make_ticket("in_progress")
        with pytest.raises(services.TicketError):
            services.ticket_close(actor=scheme.other_animator, ticket=ticket, reason="x")


@pytest.mark.django_db
class TestPayment:
    def test_validate_then_pay_once(self, scheme, make_ticket):
        claim = make_ticket("completed").claim
        with pytest.raises(services.TicketError):  # not validated yet
            services.claim_pay(actor=scheme.manager, claim=claim, paid_on=timezone.localdate(), payment_reference="V1")
        services.claim_validate(actor=scheme.manager, claim=claim)
        services.claim_pay(actor=scheme.manager, claim=claim, paid_on=timezone.localdate(), payment_reference="V1")
        with pytest.raises(services.TicketError) as refused:
            services.claim_pay(actor=scheme.manager, claim=claim, paid_on=timezone.localdate(), payment_reference="V2")
        assert refused.value.code == "paid"
        with pytest.raises(services.TicketError):
            services.claim_reject(actor=scheme.manager, claim=claim, reason="Oups")
        claim.refresh_from_db()
        assert claim.payment_reference == "V1"

    def test_a_rejection_needs_a_reason_the_place_reads(self, scheme, make_ticket):
        from workspace.notifications.models import Notification

        claim = make_ticket("completed").claim
        with pytest.raises(services.TicketError):
            services.claim_reject(actor=scheme.manager, claim=claim, reason="")
        services.claim_reject(actor=scheme.manager, claim=claim, reason="Feuille de présence non signée")
        assert Notification.objects.filter(user=scheme.animator, text__contains="non signée").exists()

    def test_only_the_manager_pays(self, scheme, make_ticket):
        claim = make_ticket("completed").claim
        for user in (scheme.animator, scheme.prescriber, scheme.referent):
            with pytest.raises(services.TicketError):
                services.claim_validate(actor=user, claim=claim)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_pay_once(scheme, make_ticket):
    """Two managers click "paid" at the same moment: one wins, the other is told it is paid."""
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL (the PostgreSQL run covers it)")
    claim = make_ticket("completed").claim
    services.claim_validate(actor=scheme.manager, claim=claim)
    results, barrier = [], threading.Barrier(2)

    def pay(reference):
        from django.db import connections

        barrier.wait()
        try:
            services.claim_pay(
                actor=scheme.manager, claim=claim, paid_on=timezone.localdate(), payment_reference=reference
            )
            results.append("ok")
        except services.TicketError as error:
            results.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(f"V{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "paid"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


@pytest.mark.django_db
def test_erasure_anonymises_the_person_and_keeps_the_figures(scheme, make_ticket, client):
    ticket = make_ticket("completed", first_name="Odile", email="odile@example.org")
    token = ticket.log_token
    services.erasure_request(ticket=ticket)
    services.erasure_request(ticket=ticket)  # asking twice is one request
    assert ticket.erasure_requests.count() == 1
    with pytest.raises(services.TicketError):
        services.beneficiary_erase(actor=scheme.animator, ticket=ticket)
    services.beneficiary_erase(actor=scheme.manager, ticket=ticket)
    person = Beneficiary.objects.get(pk=ticket.beneficiary_id)
    assert person.first_name == "" and person.email == "" and person.erased_at
    assert person.full_name == "(effacé)" or person.full_name == "(erased)"
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.COMPLETED
    assert Enrolment.objects.filter(ticket=ticket, attendance="present").count() == 10
    assert Claim.objects.filter(ticket=ticket).exists()
    assert services.status_counts(Ticket.objects.all())["completed"] == 1
    assert Ticket.objects.get(pk=ticket.pk).log_token != token
    assert not ticket.erasure_requests.filter(done_at__isnull=True).exists()
