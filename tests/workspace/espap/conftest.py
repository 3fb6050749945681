"""The people of esp@p for its tests: two esp@p sites in two territories with their mediators,
a place that is not a site, advisors of two agencies (and a colleague of the first), a referent
of each territory, the coordinator and a plain member; ``make_slot`` and ``make_appointment``
walk through the real services."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from core import roles
from directory.models import PartnerAgency
from tests.factories import TerritoryFactory, place
from workspace.espap import services
from workspace.espap.models import Advisor

INHABITANT = {
    "name": "Jeanne Vidal",
    "phone": "05 65 00 00 01",
    "email": "jeanne.vidal@example.org",
    "subject": "Dossier de prime d'activité",
    "documents": "Avis d'imposition, RIB",
}


@pytest.fixture
def espap(create_user, db):
    from directory.services import territory_referent_assign

    caf = PartnerAgency.objects.update_or_create(
        code="caf", defaults={"name": "Caisse d'allocations familiales", "family": "social"}
    )[0]
    cpam = PartnerAgency.objects.update_or_create(
        code="cpam", defaults={"name": "Caisse primaire d'assurance maladie", "family": "social"}
    )[0]
    anpe = PartnerAgency.objects.update_or_create(
        code="anpe", defaults={"name": "ANPE (aujourd'hui France Travail)", "family": "employment-training"}
    )[0]
    north, south = TerritoryFactory(name="Grand-Figeac"), TerritoryFactory(name="Quercy-Bouriane")
    assier = place(
        north,
        title="Cyber-base d'Assier",
        commune="Assier",
        espap=True,
        opening_hours="Mo-Fr 09:00-12:00,14:00-18:00; PH off",
        phone="05 65 00 00 10",
    )
    gourdon = place(
        south,
        title="Cyber-base de Gourdon",
        commune="Gourdon",
        espap=True,
        opening_hours="Mo,We,Fr 14:00-18:00; Sa 09:00-12:00; PH off",
    )
    figeac = place(north, title="EPM de Figeac", commune="Figeac")
    assier.espap_agencies.set([caf, anpe])
    gourdon.espap_agencies.set([caf, cpam])
    assier.save(update_fields=["espap_agencies"])  # a ParentalManyToManyField is written on save
    gourdon.save(update_fields=["espap_agencies"])
    people = SimpleNamespace(
        advisor=create_user(role=roles.AGENCY_ADVISOR, first_name="Isabelle", last_name="Roques"),
        colleague=create_user(role=roles.AGENCY_ADVISOR, first_name="Claire", last_name="Caf"),
        other_advisor=create_user(role=roles.AGENCY_ADVISOR, first_name="Bruno", last_name="Fabre"),
        mediator=create_user(role=roles.ANIMATOR, first_name="Anne", last_name="Médiatrice", place=assier),
        other_mediator=create_user(role=roles.ANIMATOR, first_name="Alain", last_name="Gourdon", place=gourdon),
        plain_animator=create_user(role=roles.ANIMATOR, first_name="Noé", last_name="Figeac", place=figeac),
        referent=create_user(role=roles.REFERENT, first_name="Rémi", last_name="Référent"),
        other_referent=create_user(role=roles.REFERENT, first_name="Rita", last_name="Sud"),
        coordinator=create_user(role=roles.COORDINATOR, first_name="Cora", last_name="Coordination"),
        member=create_user(first_name="Marc", last_name="Membre"),
    )
    Advisor.objects.create(user=people.advisor, agency=caf, phone="05 65 00 00 99")
    Advisor.objects.create(user=people.colleague, agency=caf)
    Advisor.objects.create(user=people.other_advisor, agency=cpam)
    territory_referent_assign(territory=north, user=people.referent)
    territory_referent_assign(territory=south, user=people.other_referent)
    return SimpleNamespace(
        **vars(people),
        caf=caf,
        cpam=cpam,
        anpe=anpe,
        north=north,
        south=south,
        assier=assier,
        gourdon=gourdon,
        figeac=figeac,
    )


def at(days: int = 1, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware datetime ``days`` from today at ``hour``:``minute``, local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def make_slot(espap):
    def make(advisor=None, *, days=1, hour=10, minute=0, minutes=30, sites=None, weeks=1):
        return services.slot_publish(
            actor=advisor or espap.advisor,
            starts_at=at(days, hour, minute),
            minutes=minutes,
            sites=sites or [espap.assier, espap.gourdon],
            weeks=weeks,
        )[0]

    return make


@pytest.fixture
def make_appointment(espap, make_slot):
    """An appointment booked by the Assier mediator on a new slot of the CAF advisor; with
    ``past=True`` its slot is moved into the past afterwards (the services refuse to book one)."""

    def make(*, slot=None, site=None, mediator=None, past=False, days=1, hour=10, **fields):
        slot = slot or make_slot(days=days, hour=hour)
        appointment = services.appointment_book(
            actor=mediator or espap.mediator,
            slot=slot,
            site=site or espap.assier,
            fields={**INHABITANT, **fields},
            consent=True,
        )
        if past:
            from workspace.espap.models import Slot

            Slot.objects.filter(pk=slot.pk).update(starts_at=at(-1 if past is True else -past, hour))
            appointment.refresh_from_db()
        return appointment

    return make
