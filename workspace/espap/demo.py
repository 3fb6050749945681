"""Demo of esp@p: the 9 sites of the network with their partner agencies and hours, an advisor for
each of the six agencies (``conseiller.caf``, ``conseiller.cpam``…), three months of video
appointments in every state (Tuesday and Thursday mornings, never on a public holiday), weekly
counting grids (validated up to two weeks ago, the last ones waiting), survey answers in the
current survey period, and sites that fall short of each rule of the label. Every run makes sure
today holds an appointment the demo advisor (``conseiller.caf``) and the mediator of its site can
join (the next half hour).

Rows are written directly (not through the services) so that dates can lie in the past; the
states they end in are the ones the services would have produced. Idempotent.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core import roles
from core.demo import demo_email, is_working_day
from directory.models import PartnerAgency, PlacePage
from workspace.espap.models import Advisor, Appointment, Slot, SurveyAnswer, SurveyPeriod, WeeklyGrid
from workspace.espap.services import CONSENT_WORDING, grid_counts_from_appointments, monday

ADVISORS = {
    "caf": ("conseiller.caf", "05 65 53 10 10"),
    "cpam": ("conseiller.cpam", "05 65 53 20 20"),
    "cram": ("conseiller.cram", "05 65 53 30 30"),
    "udaf": ("conseiller.udaf", "05 65 53 40 40"),
    "mloc": ("conseiller.mloc", "05 65 53 50 50"),
    "anpe": ("conseiller.anpe", "05 65 53 60 60"),
}
# Carsat (ex-CRAM) took three quarters of the visio interviews in 2009: it offers the most slots
WEIGHT = {"cram": 3, "caf": 2, "cpam": 2, "anpe": 1, "mloc": 1, "udaf": 1}
FIRST = [
    "Jeanne",
    "Marcel",
    "Odette",
    "Louis",
    "Yvette",
    "Roger",
    "Simone",
    "Henri",
    "Lucienne",
    "André",
    "Nadia",
    "Kevin",
    "Sandrine",
    "Thierry",
    "Léa",
    "Mohamed",
    "Chantal",
    "Jérôme",
]
LAST = [
    "Vidal",
    "Delpech",
    "Lacombe",
    "Bessières",
    "Cazals",
    "Fournié",
    "Lagarrigue",
    "Maury",
    "Pélissié",
    "Rigal",
    "Soulié",
    "Vayssières",
    "Bouscasse",
    "Calmettes",
]
SUBJECTS = {
    "caf": [
        ("Dossier de prime d'activité", "activity"),
        ("Aide au logement après un déménagement", "housing"),
        ("Changement de situation familiale", "benefits"),
    ],
    "cpam": [
        ("Carte Vitale et droits", "rights"),
        ("Complémentaire santé solidaire", "css"),
        ("Remboursement de soins", "refunds"),
    ],
    "cram": [
        ("Dossier de départ en retraite", "retirement"),
        ("Relevé de carrière incomplet", "career"),
        ("Pension de réversion", "retirement"),
    ],
    "udaf": [("Médiation familiale", "family"), ("Budget du foyer", "budget")],
    "mloc": [
        ("Recherche d'un apprentissage", "job"),
        ("Permis de conduire et mobilité", "mobility"),
        ("Entrée en formation", "training"),
    ],
    "anpe": [
        ("Inscription comme demandeur d'emploi", "registration"),
        ("Actualisation et indemnisation", "job"),
        ("Formation qualifiante", "training"),
    ],
}
DOCUMENTS = "Pièce d'identité, dernier avis d'imposition, RIB"


def _aware(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load(log=print) -> None:
    User = get_user_model()
    sites = list(PlacePage.objects.filter(espap=True).order_by("path").select_related("territory"))
    agencies = {a.code: a for a in PartnerAgency.objects.all()}
    if not sites or not agencies:
        return
    advisors = {}
    for code, (local, phone) in ADVISORS.items():
        user = User.objects.filter(email=demo_email(local)).first()
        if user is None or code not in agencies:
            continue
        advisors[code] = Advisor.objects.get_or_create(user=user, defaults={"agency": agencies[code], "phone": phone})[
            0
        ]
    if not advisors:
        return
    # one site with a social partner only: below the 2008 rule of one social and one employment partner
    short = sites[-1]
    if {a.code for a in short.espap_agencies.all()} != {"caf", "cpam"}:
        short.espap_agencies.set([agencies[c] for c in ("caf", "cpam") if c in agencies])
        short.save(update_fields=["espap_agencies"])  # a ParentalManyToManyField is written on save
    if not Slot.objects.exists():
        _history(sites, advisors, log)
    _today(sites, advisors)


def _history(sites, advisors, log):
    """Three months of visio-accueil slots and appointments, on working days (made in bulk)."""
    rng = random.Random(46)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=91)
    site_agencies = {s.pk: [a.code for a in s.espap_agencies.all()] for s in sites}
    mediators = {}
    for user in get_user_model().objects.filter(place__in=sites, groups__name=roles.GROUP_NAMES[roles.ANIMATOR]):
        mediators.setdefault(user.place_id, user)
    slots, bookings = [], []
    day = start
    while day <= today + datetime.timedelta(days=21):
        if day.weekday() in (1, 3) and is_working_day(day):
            for code, advisor in advisors.items():
                where = [s for s in sites if code in site_agencies[s.pk]] or sites[:3]
                for n in range(WEIGHT[code] * 2):
                    slot = Slot(advisor=advisor, starts_at=_aware(day, 9 + n // 2, 30 * (n % 2)), minutes=30)
                    slots.append((slot, where))
                    past = day < today
                    if rng.random() > (0.7 if past else 0.35):
                        continue
                    site = rng.choice(where)
                    status = _status(rng, past)
                    bookings.append(_book(rng, slot, site, code, status, mediators.get(site.pk), past))
        day += datetime.timedelta(days=1)
    Slot.objects.bulk_create([slot for slot, _where in slots])
    through = Slot.sites.through
    slot_field, site_field = Slot.sites.field.m2m_field_name(), Slot.sites.field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [
            through(**{f"{slot_field}_id": slot.pk, f"{site_field}_id": site.pk})
            for slot, where in slots
            for site in where
        ]
    )
    for appointment in bookings:
        appointment.slot = appointment.slot  # the slot has its primary key now
    Appointment.objects.bulk_create(bookings)
    log(f"  esp@p : {len(bookings)} rendez-vous de visio-accueil sur trois mois")
    _grids(sites, rng, today)
    _survey(sites, rng, today, advisors)


def _status(rng, past: bool) -> str:
    if not past:
        return "requested" if rng.random() < 0.15 else "confirmed"
    roll = rng.random()
    if roll < 0.74:
        return "seen"
    if roll < 0.84:
        return "no_show"
    if roll < 0.9:
        return "excused"
    if roll < 0.96:
        return "cancelled"
    return "rescheduled"


def _book(rng, slot, site, code, status, mediator, past) -> Appointment:
    """An appointment on ``slot`` (not saved yet)."""
    subject, category = rng.choice(SUBJECTS[code])
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    a = Appointment(
        slot=slot,
        site=site,
        agency=slot.advisor.agency,
        mediator=mediator if status != "requested" else None,
        status=status,
        source="public" if status == "requested" or rng.random() < 0.2 else "mediator",
        name=name,
        phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        email=f"{name.split()[0].lower()}.{rng.randint(1, 99)}@example.org" if rng.random() < 0.6 else "",
        subject=subject,
        documents=DOCUMENTS,
        consent_at=slot.starts_at - datetime.timedelta(days=rng.randint(2, 10)),
        consent_text=str(CONSENT_WORDING),
        category=category if status == "seen" else "",
        reason={"cancelled": "Empêchement de l'usager", "rescheduled": "Conseiller absent ce jour-là"}.get(status, ""),
    )
    if status in ("seen", "no_show", "excused"):
        a.outcome_at = slot.ends_at
    if status == "seen":
        a.call_started_at = slot.starts_at + datetime.timedelta(minutes=rng.randint(0, 4))
        a.call_ended_at = a.call_started_at + datetime.timedelta(minutes=rng.randint(12, 28))
        if rng.random() < 0.4:
            a.advisor_note = "Dossier complet transmis au service instructeur ; rappel de l'usager sous quinze jours."
    return a


def _grids(sites, rng, today):
    this_week = monday(today)
    for site in sites:
        for back in range(1, 11):
            week = this_week - datetime.timedelta(weeks=back)
            visio = grid_counts_from_appointments(site, week)
            WeeklyGrid.objects.get_or_create(
                site=site,
                week=week,
                defaults={
                    "services": {
                        "information": rng.randint(4, 18),
                        "documents": rng.randint(2, 12),
                        "online_help": rng.randint(3, 15),
                        "scan_print_send": rng.randint(1, 9),
                        "guided_search": rng.randint(0, 6),
                    },
                    "visio": visio,
                    "publics": {
                        "young": rng.randint(1, 6),
                        "adults": rng.randint(5, 15),
                        "seniors": rng.randint(3, 12),
                        "jobseekers": rng.randint(1, 5),
                    },
                    "validated_at": _aware(week + datetime.timedelta(days=9), 10) if back > 2 else None,
                },
            )


def _survey(sites, rng, today, advisors):
    SurveyPeriod.objects.get_or_create(
        site=None,
        defaults={"opens_on": today - datetime.timedelta(days=150), "closes_on": today + datetime.timedelta(days=32)},
    )
    agencies = [a.agency for a in advisors.values()]
    services = ["information", "documents", "online_help", "scan_print_send", "guided_search", "visio"]
    answers = []
    for _n in range(140):
        satisfaction = 4 if rng.random() < 0.62 else (3 if rng.random() < 0.92 else 2)
        used = rng.sample(services, rng.randint(1, 3))
        answers.append(
            SurveyAnswer(
                site=rng.choice(sites),
                agency=rng.choice(agencies) if "visio" in used else None,
                answered_on=today - datetime.timedelta(days=rng.randint(0, 140)),
                answers={
                    "services": used,
                    "mediator_help": min(4, satisfaction + rng.randint(0, 1)),
                    "come_back": rng.random() < 0.93,
                    "heard_from": rng.choice(["town_hall", "word_of_mouth", "press", "agency", "place"]),
                },
                satisfaction=satisfaction,
                would_recommend=rng.random() < (0.97 if satisfaction >= 3 else 0.4),
                comment=rng.choice(
                    [
                        "",
                        "",
                        "",
                        "Très bon accueil, merci à l'animatrice.",
                        "Pratique de ne pas aller jusqu'à Cahors.",
                        "Le son était un peu faible au début.",
                    ]
                ),
            )
        )
    SurveyAnswer.objects.bulk_create(answers)


def _today(sites, advisors):
    """An appointment of the demo advisor at the next half hour, joinable now by them and by the
    mediator of its site (once a day: a second run the same day adds nothing)."""
    advisor = advisors.get("caf")
    if advisor is None:
        return
    now = timezone.localtime()
    start_of_day = _aware(now.date(), 0)
    if Appointment.objects.filter(
        slot__advisor=advisor,
        slot__starts_at__gte=start_of_day,
        slot__starts_at__lt=start_of_day + datetime.timedelta(days=1),
        status="confirmed",
    ).exists():
        return
    User = get_user_model()
    caf_sites = [s for s in sites if s.espap_agencies.filter(code="caf").exists()]
    mediator = (
        User.objects.filter(place__in=caf_sites, groups__name=roles.GROUP_NAMES[roles.ANIMATOR]).order_by("pk").first()
    )
    site = next(
        (s for s in caf_sites if mediator and s.pk == mediator.place_id), caf_sites[0] if caf_sites else sites[0]
    )
    minute = 30 if now.minute < 30 else 0
    starts = now.replace(minute=minute, second=0, microsecond=0)
    if minute == 0:
        starts += datetime.timedelta(hours=1)
    starts -= datetime.timedelta(minutes=30)  # begun at most half an hour ago: the call is open now
    slot = Slot.objects.create(advisor=advisor, starts_at=starts, minutes=45)
    slot.sites.set([site])
    Appointment.objects.create(
        slot=slot,
        site=site,
        agency=advisor.agency,
        mediator=mediator,
        status="confirmed",
        source="mediator",
        name="Jeanne Vidal",
        phone="06 12 34 56 78",
        email="jeanne.vidal@example.org",
        subject="Dossier de prime d'activité : pièces manquantes",
        documents=DOCUMENTS,
        consent_at=timezone.now(),
        consent_text=str(CONSENT_WORDING),
        created_by=mediator,
    )
