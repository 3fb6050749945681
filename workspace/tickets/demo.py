"""Demo of the Ticket déclic scheme: the prescribing organisations, twelve partner places with
their modules, about 80 tickets over the last twelve months in every state, their sessions
(Tuesdays and Thursdays, never on a public holiday nor at night), attendance, positioning sheets
and claims waiting or paid. The demo prescriber, the manager and ``animateur1`` (whose place is a
partner) see their part at once.

Rows are written directly (not through the services) so that dates can lie in the past; the
states they end in are the ones the services would have produced. Idempotent: nothing is added
once the demo tickets exist.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core import roles
from core.demo import demo_email
from workspace.tickets import catalogue
from workspace.tickets.models import (
    CONSENT_WORDING,
    Assessment,
    Attendance,
    Beneficiary,
    Claim,
    CourseModule,
    Enrolment,
    Framework,
    Interview,
    InterviewLevel,
    Item,
    Mastery,
    Organisation,
    PartnerPlace,
    Public,
    Session,
    Ticket,
)

ORGANISATIONS = [
    "Conseil départemental du Lot (RSA)",
    "Mission Locale du Lot",
    "CAF du Lot",
    "CRAM / MSA (retraites)",
    "Chambres consulaires du Lot",
    "AGEFOS PME (DIF)",
]
PUBLIC_BY_ORGANISATION = {
    0: [Public.RSA, Public.PARENT_ALONE],
    1: [Public.YOUTH],
    2: [Public.PARENT_ALONE, Public.USER_SERVICES, Public.PARENT_PUPIL],
    3: [Public.SENIOR],
    4: [Public.SPOUSE, Public.EMPLOYEE],
    5: [Public.EMPLOYEE],
}
FIRST = (
    "Lucie Jean Odile Marcel Sabrina Thierry Nadia Kevin Josiane Alain Samia Bernard Coralie Yvette Mathis "
    "Gisèle Rémi Inès Paulette Hervé"
).split()
LAST = (
    "Bessières Lacombe Delpech Vidal Cayrou Murat Soulié Lagarrigue Bouscarel Fabre Couderc Marty Roques Lafon "
    "Salvat Cammas Delmas Pouget Rigal Vernhes"
).split()
# fixed public holidays (month, day); the movable ones fall on Mondays or Thursdays, checked below
HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
# (state, how many): about 80 tickets
PLAN = [
    ("issued", 10),
    ("registered", 6),
    ("in_progress", 22),
    ("paid", 18),
    ("validated", 4),
    ("claim_open", 6),
    ("expired", 6),
    ("cancelled", 4),
    ("closed", 4),
]


def _easter(year: int) -> datetime.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def is_holiday(day: datetime.date) -> bool:
    if (day.month, day.day) in HOLIDAYS:
        return True
    easter = _easter(day.year)
    return day in {
        easter + datetime.timedelta(days=1),
        easter + datetime.timedelta(days=39),
        easter + datetime.timedelta(days=50),
    }


def workshop_days(start: datetime.date, end: datetime.date):
    """Tuesdays and Thursdays between ``start`` and ``end``, public holidays and August left out."""
    day = start
    while day <= end:
        if day.weekday() in (1, 3) and not is_holiday(day) and day.month != 8:
            yield day
        day += datetime.timedelta(days=1)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load(log=print) -> None:
    catalogue.load()
    if Ticket.objects.filter(beneficiary__email__endswith=".demo.maillage.test").exists():
        return
    from directory.models import PlacePage

    rng = random.Random(2008)
    today = timezone.localdate()
    User = get_user_model()
    organisations = [Organisation.objects.get_or_create(name=name)[0] for name in ORGANISATIONS]
    prescriber = User.objects.filter(email=demo_email("prescripteur")).first()
    if prescriber is not None:
        organisations[0].members.add(prescriber)
    first_animator = User.objects.filter(email=demo_email("animateur1")).select_related("place").first()
    if first_animator is not None and first_animator.place_id:
        PlacePage.objects.filter(pk=first_animator.place_id).update(ticket_declic=True)
    staffed = set(
        User.objects.filter(groups__name=roles.GROUP_NAMES[roles.ANIMATOR]).values_list("place_id", flat=True)
    )
    places = sorted(
        PlacePage.objects.filter(ticket_declic=True),
        key=lambda p: (p.pk != getattr(first_animator, "place_id", None), p.pk not in staffed, p.path),
    )[:12]
    modules = list(CourseModule.objects.order_by("number"))
    partners = []
    for index, place in enumerate(places):
        partner, _ = PartnerPlace.objects.get_or_create(place=place)
        offered = modules[:10] + [m for m in modules[10:] if (m.number + index) % 3 == 0]
        partner.modules.set(offered)
        partners.append(partner)
    if not partners:
        log("  Ticket déclic : aucun lieu partenaire")
        return
    animators = {
        p.pk: User.objects.filter(place=p.place, groups__name=roles.GROUP_NAMES[roles.ANIMATOR]).first()
        for p in partners
    }
    framework = Framework.objects.get(is_default=True)
    items = list(Item.objects.filter(competence__domain__framework=framework))
    domains = list(framework.domains.all())

    # a calendar of sessions per place, filled as the tickets need them
    calendars = {p.pk: [] for p in partners}

    def next_sessions(partner, after: datetime.date, count: int, until: datetime.date):
        """``count`` sessions of ``partner`` from ``after`` with a free place, created on demand."""
        found = []
        calendar = calendars[partner.pk]
        for day in workshop_days(after, until):
            session = next((s for s in calendar if s.starts_at.date() == day), None)
            if session is None:
                offered = list(partner.modules.all()) or modules
                session = Session.objects.create(
                    place=partner,
                    starts_at=_at(day, 14 if day.weekday() == 1 else 9, 30 if day.weekday() == 3 else 0),
                    module=offered[len(calendar) % len(offered)],
                    animator=animators.get(partner.pk),
                    capacity=partner.group_size,
                )
                session.taken = 0
                calendar.append(session)
            if session.taken < session.capacity:
                session.taken += 1
                found.append(session)
                if len(found) == count:
                    break
        return found

    manager = User.objects.filter(email=demo_email("gestionnaire.ticket")).first()
    number = 0
    for state, how_many in PLAN:
        for _ in range(how_many):
            number += 1
            org_index = number % len(organisations)
            organisation = organisations[org_index]
            if state == "issued":
                issued = today - datetime.timedelta(days=rng.randint(2, 60))
            elif state == "expired":
                issued = today - datetime.timedelta(days=rng.randint(370, 420))
            elif state in ("paid", "validated", "claim_open"):
                issued = today - datetime.timedelta(days=rng.randint(110, 330))
            else:
                issued = today - datetime.timedelta(days=rng.randint(20, 200))
            person = Beneficiary.objects.create(
                first_name=FIRST[number % len(FIRST)],
                last_name=LAST[(number * 7) % len(LAST)],
                public=rng.choice(PUBLIC_BY_ORGANISATION[org_index]),
                commune=places[number % len(places)].commune,
                postcode=places[number % len(places)].postcode,
                email=f"apprenant{number}@exemple.demo.maillage.test" if number % 4 else "",
                phone=f"06 12 {number:02d} 34 {(number * 3) % 100:02d}",
                consent_at=_at(issued, 10),
                consent_text=str(CONSENT_WORDING),
            )
            ticket = Ticket.objects.create(
                organisation=organisation,
                issued_by=prescriber if org_index == 0 else None,
                beneficiary=person,
                issued_on=issued,
                expires_on=issued.replace(year=issued.year + 1)
                if not (issued.month == 2 and issued.day == 29)
                else issued + datetime.timedelta(days=365),
                framework=framework,
            )
            if state in ("issued", "expired", "cancelled"):
                if state != "issued":
                    ticket.status = Ticket.Status.EXPIRED if state == "expired" else Ticket.Status.CANCELLED
                    ticket.ended_at = _at(
                        ticket.expires_on if state == "expired" else issued + datetime.timedelta(days=9), 6
                    )
                    ticket.end_reason = "" if state == "expired" else "Ticket perdu : réémis."
                    ticket.save()
                    if state == "cancelled":
                        Ticket.objects.create(
                            organisation=organisation,
                            issued_by=ticket.issued_by,
                            beneficiary=person,
                            issued_on=issued + datetime.timedelta(days=9),
                            expires_on=ticket.expires_on,
                            framework=framework,
                            replaces=ticket,
                        )
                continue
            partner = partners[number % len(partners)]
            registered = issued + datetime.timedelta(days=rng.randint(3, 15))
            ticket.place = partner
            ticket.registered_at = _at(registered, 10, 15)
            ticket.registered_by = animators.get(partner.pk)
            ticket.status = Ticket.Status.REGISTERED
            if state == "registered":
                ticket.save()
                continue
            interview = Interview.objects.create(
                ticket=ticket,
                held_on=registered,
                animator=animators.get(partner.pk),
                notes="Souhaite surtout gérer ses courriels et ses démarches en ligne.",
            )
            InterviewLevel.objects.bulk_create(
                [InterviewLevel(interview=interview, domain=d, level=rng.choice([0, 0, 1, 1, 2])) for d in domains]
            )
            complete = state in ("paid", "validated", "claim_open")
            if complete:
                wanted = 10
            elif state == "closed":
                wanted = rng.randint(2, 5)
            else:
                wanted = rng.randint(1, 8)
            horizon = today + datetime.timedelta(days=21)
            sessions = next_sessions(partner, registered + datetime.timedelta(days=5), wanted + 1, horizon)
            attended, enrolled = 0, []
            for session in sessions:
                if attended >= wanted:
                    break
                past = session.starts_at.date() < today
                if not past and complete:
                    break
                mark = Attendance.PLANNED
                if past:
                    mark = (
                        Attendance.PRESENT
                        if rng.random() > 0.08 or complete
                        else rng.choice([Attendance.EXCUSED, Attendance.ABSENT])
                    )
                enrolled.append(Enrolment(session=session, ticket=ticket, attendance=mark))
                if mark in (Attendance.PRESENT, Attendance.PLANNED):
                    attended += 1
            Enrolment.objects.bulk_create(enrolled)
            present = [
                e
                for e in Enrolment.objects.filter(ticket=ticket, attendance=Attendance.PRESENT).order_by(
                    "session__starts_at"
                )
            ]
            marks, levels = [], {}
            for enrolment in present:
                for item in rng.sample(items, 3):
                    now = levels.get(item.pk, Mastery.NOT_SEEN)
                    nxt = Mastery.IN_PROGRESS if now == Mastery.NOT_SEEN else Mastery.ACQUIRED
                    if now != nxt:
                        levels[item.pk] = nxt
                        marks.append(Assessment(enrolment=enrolment, item=item, level=nxt))
            Assessment.objects.bulk_create(marks)
            last = present[-1].session.starts_at if present else ticket.registered_at
            if complete and len(present) >= 10:
                ticket.status = Ticket.Status.COMPLETED
                ticket.ended_at = last + datetime.timedelta(hours=2)
                ticket.save()
                claim = Claim.objects.create(ticket=ticket, place=partner)
                opened = ticket.ended_at
                fields = {"opened_at": opened}
                if state in ("validated", "paid"):
                    fields.update(
                        status=Claim.Status.VALIDATED,
                        decided_at=opened + datetime.timedelta(days=6),
                        decided_by=manager,
                    )
                if state == "paid":
                    paid = (opened + datetime.timedelta(days=25)).date()
                    fields.update(
                        status=Claim.Status.PAID,
                        paid_on=min(paid, today),
                        payment_reference=f"VIR-{paid:%Y%m}-{number:03d}",
                    )
                Claim.objects.filter(pk=claim.pk).update(**fields)
            elif state == "closed":
                ticket.status = Ticket.Status.CLOSED
                ticket.ended_at = last + datetime.timedelta(days=10)
                ticket.end_reason = rng.choice(
                    ["A trouvé un emploi à Toulouse.", "Déménagement hors du Lot.", "Raisons de santé."]
                )
                ticket.save()
                Enrolment.objects.filter(ticket=ticket, attendance=Attendance.PLANNED).delete()
            else:
                ticket.status = Ticket.Status.IN_PROGRESS
                ticket.save()
    # sessions planned ahead with room left, so that the animator can enrol someone at once
    for partner in partners[:3]:
        next_sessions(partner, today + datetime.timedelta(days=1), 2, today + datetime.timedelta(days=21))
    log(f"  Ticket déclic : {Ticket.objects.count()} tickets, {len(partners)} lieux partenaires")
