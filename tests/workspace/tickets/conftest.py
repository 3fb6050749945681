"""The people of the scheme for the tickets tests: two prescribing organisations, two partner
places in two territories with their animators, a referent, the manager, and a ticket factory
that walks a ticket to any state through the real services."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from core import roles
from tests.factories import TerritoryFactory, place
from workspace.tickets import services
from workspace.tickets.models import CourseModule, Organisation, PartnerPlace, Public, Session


@pytest.fixture
def scheme(create_user, db):
    from directory.services import territory_referent_assign
    from workspace.tickets import catalogue

    catalogue.load()  # the migration loads it; a transactional test before this one may have flushed it

    north, south = TerritoryFactory(name="Cauvaldor"), TerritoryFactory(name="Grand Cahors")
    gramat, cahors, figeac = (
        place(north, title="Cyber-base de Gramat"),
        place(south, title="EPM de Cahors"),
        place(north, title="EPM de Figeac"),
    )
    modules = list(CourseModule.objects.order_by("number"))
    partner = PartnerPlace.objects.create(place=gramat)
    partner.modules.set(modules[:12])
    other_partner = PartnerPlace.objects.create(place=cahors)
    other_partner.modules.set(modules[:5])
    cd, caf = (
        Organisation.objects.create(name="Conseil départemental du Lot"),
        Organisation.objects.create(name="CAF du Lot"),
    )
    people = SimpleNamespace(
        prescriber=create_user(role=roles.PRESCRIBER, first_name="Paule", last_name="Prescriptrice"),
        other_prescriber=create_user(role=roles.PRESCRIBER, first_name="Pierre", last_name="Caf"),
        animator=create_user(role=roles.ANIMATOR, first_name="Anne", last_name="Animatrice", place=gramat),
        other_animator=create_user(role=roles.ANIMATOR, first_name="Alain", last_name="Cahors", place=cahors),
        plain_animator=create_user(role=roles.ANIMATOR, first_name="Noé", last_name="Figeac", place=figeac),
        referent=create_user(role=roles.REFERENT, first_name="Rémi", last_name="Référent"),
        other_referent=create_user(role=roles.REFERENT, first_name="Rita", last_name="Sud"),
        manager=create_user(role=roles.TICKET_MANAGER, first_name="Maya", last_name="Gestion"),
        coordinator=create_user(role=roles.COORDINATOR, first_name="Cora", last_name="Coordination"),
        member=create_user(first_name="Marc", last_name="Membre"),
    )
    cd.members.add(people.prescriber)
    caf.members.add(people.other_prescriber)
    territory_referent_assign(territory=north, user=people.referent)
    territory_referent_assign(territory=south, user=people.other_referent)
    return SimpleNamespace(
        **vars(people),
        north=north,
        south=south,
        partner=partner,
        other_partner=other_partner,
        organisation=cd,
        other_organisation=caf,
        modules=modules,
    )


def beneficiary(**fields):
    data = {"first_name": "Lucie", "last_name": "Bessières", "public": Public.SENIOR, "commune": "Gramat"}
    data.update(fields)
    return data


@pytest.fixture
def make_ticket(scheme):
    """make_ticket(state="issued"|"registered"|"in_progress"|"completed", **beneficiary)."""

    def make(state="issued", issued_on=None, **person):
        ticket = services.ticket_issue(
            actor=scheme.prescriber,
            organisation=scheme.organisation,
            beneficiary=beneficiary(**person),
            issued_on=issued_on,
        )
        if state == "issued":
            return ticket
        ticket = services.ticket_register(actor=scheme.animator, typed=ticket.reference)
        if state == "registered":
            return ticket
        services.interview_record(actor=scheme.animator, ticket=ticket, held_on=timezone.localdate(), levels={})
        if state == "in_progress":
            return _refresh(ticket)
        for n in range(10):
            session = Session.objects.create(
                place=scheme.partner,
                starts_at=timezone.now() - datetime.timedelta(days=30 - n),
                module=scheme.modules[n],
                animator=scheme.animator,
            )
            enrolment = services.session_enrol(actor=scheme.animator, session=session, ticket=ticket)
            services.attendance_record(actor=scheme.animator, enrolment=enrolment, attendance="present")
        return _refresh(ticket)

    return make


def _refresh(ticket):
    ticket.refresh_from_db()
    return ticket
