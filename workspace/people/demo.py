"""Demo accounts: one per role, a referent per territory, the network's 150 animators over the places."""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from core import roles
from core.demo import demo_email, network_data
from directory.models import PlacePage, Territory
from directory.services import territory_referent_assign
from workspace.people import services

FIRST_NAMES = [
    "Camille",
    "Julien",
    "Sophie",
    "Thomas",
    "Léa",
    "Nicolas",
    "Claire",
    "Mathieu",
    "Émilie",
    "Antoine",
    "Céline",
    "Pierre",
    "Aurélie",
    "Sébastien",
    "Marion",
    "Guillaume",
    "Laure",
    "Romain",
    "Élodie",
    "Damien",
    "Sandrine",
    "Fabien",
    "Hélène",
    "Vincent",
    "Nathalie",
    "Olivier",
    "Pauline",
    "Jérôme",
    "Manon",
    "Cédric",
    "Josiane",
    "Bernard",
    "Christine",
    "Alain",
    "Monique",
    "Gérard",
    "Françoise",
    "Patrick",
    "Chantal",
    "Yves",
    "Inès",
    "Lucas",
    "Chloé",
    "Maxime",
    "Anaïs",
    "Kévin",
    "Justine",
    "Benoît",
    "Agathe",
    "Rémi",
]
LAST_NAMES = [
    "Delpech",
    "Lacombe",
    "Bouscarel",
    "Vidal",
    "Lafon",
    "Marty",
    "Couderc",
    "Cayla",
    "Bessières",
    "Rouquié",
    "Fourès",
    "Lagarrigue",
    "Maury",
    "Pélissié",
    "Carrié",
    "Delmas",
    "Lacoste",
    "Bouzou",
    "Calmon",
    "Vayssières",
    "Rigal",
    "Gardes",
    "Pouget",
    "Austruy",
    "Teulières",
    "Lapeyre",
    "Cassagne",
    "Dufour",
    "Séguy",
    "Malbec",
    "Lavergne",
    "Bru",
    "Cabanes",
    "Gineste",
    "Lescure",
    "Mourgues",
    "Pradel",
    "Sabatié",
    "Trémoulet",
    "Valette",
    "Astorg",
    "Bonnet",
    "Costes",
    "Fabre",
    "Glandier",
    "Issaly",
    "Juillac",
    "Lacam",
    "Molinié",
    "Nouvel",
]
# lot-network.yaml: 150 animators, volunteers and professionals.
ANIMATOR_COUNT = 150
# Every fifth animator is a volunteer (a club, an association); the others are professionals.
JOB_TITLES = ["Animateur multimédia", "Médiatrice numérique", "Conseiller numérique", "Animatrice multimédia"]
VOLUNTEER_TITLE = "Bénévole – accompagnement numérique"


def animator_job_title(number: int) -> str:
    if number % 5 == 0:
        return VOLUNTEER_TITLE
    return JOB_TITLES[number % len(JOB_TITLES)]


@cache
def _demo_password_hash():
    # Hashing is deliberately slow: hash the shared demo password once, not once per account.
    return make_password(settings.DEMO_PASSWORD)


# the advisors of the other partner agencies of the esp@p (their Advisor rows: workspace.espap.demo)
OTHER_ADVISORS = [
    ("conseiller.cram", "Hélène", "Lacoste", "Conseillère retraite Carsat Midi-Pyrénées (visio-accueil)"),
    ("conseiller.udaf", "Paul", "Delmas", "Conseiller UDAF du Lot – Point Info Famille (visio-accueil)"),
    ("conseiller.mloc", "Sarah", "Bouzid", "Conseillère Mission Locale du Lot (visio-accueil)"),
    ("conseiller.anpe", "Julien", "Marty", "Conseiller France Travail Cahors (visio-accueil)"),
]


def _account(email, first_name, last_name, *, role=None, **fields):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = services.user_create(
            email=email,
            password=None,
            first_name=first_name,
            last_name=last_name,
            password_hash=_demo_password_hash(),
            **fields,
        )
    if role:
        roles.grant(user, role)
    return user


def demo_accounts():
    """(role label, e-mail) of every demo account, for the README and ``make run``."""
    data = network_data()
    rows = [
        (roles.LABELS[roles.COORDINATOR], demo_email("coordinateur")),
        (roles.LABELS[roles.COMMUNICATION], demo_email("communication")),
    ]
    rows += [
        (f"{roles.LABELS[roles.REFERENT]} – {t['name']}", demo_email(f"referent.{t['slug']}"))
        for t in data["territories"]
    ]
    rows.append(
        (
            f"{roles.LABELS[roles.ANIMATOR]} (1 … {ANIMATOR_COUNT})",
            demo_email("animateur1") + f" … animateur{ANIMATOR_COUNT}",
        )
    )
    rows += [
        (roles.LABELS[roles.AGENCY_ADVISOR] + " CAF", demo_email("conseiller.caf")),
        (roles.LABELS[roles.AGENCY_ADVISOR] + " CPAM", demo_email("conseiller.cpam")),
        (
            roles.LABELS[roles.AGENCY_ADVISOR] + " Carsat, UDAF, Mission Locale, France Travail",
            "conseiller.cram, conseiller.udaf, conseiller.mloc, conseiller.anpe",
        ),
        (roles.LABELS[roles.PRESCRIBER], demo_email("prescripteur")),
        (roles.LABELS[roles.TICKET_MANAGER], demo_email("gestionnaire.ticket")),
    ]
    return rows


@transaction.atomic
def load(log=print) -> None:
    roles.ensure_groups()
    data = network_data()
    territories = {t.slug: t for t in Territory.objects.all()}

    _account(
        demo_email("coordinateur"),
        "Martine",
        "Delbos",
        role=roles.COORDINATOR,
        is_superuser=True,
        is_staff=True,
        job_title="Coordinatrice du réseau des EPM",
    )
    _account(
        demo_email("communication"),
        "Hugo",
        "Carles",
        role=roles.COMMUNICATION,
        job_title="Chargé de communication",
    )
    for index, item in enumerate(data["territories"]):
        territory = territories[item["slug"]]
        user = _account(
            demo_email(f"referent.{item['slug']}"),
            FIRST_NAMES[(index * 7 + 3) % len(FIRST_NAMES)],
            LAST_NAMES[(index * 5 + 11) % len(LAST_NAMES)],
            territory=territory,
            job_title=f"Référent technique – {territory.name}",
        )
        territory_referent_assign(user=user, territory=territory)

    places = list(PlacePage.objects.order_by("path").select_related("territory"))
    _animators(places)
    _account(
        demo_email("conseiller.caf"),
        "Isabelle",
        "Roques",
        role=roles.AGENCY_ADVISOR,
        job_title="Conseillère CAF du Lot (visio-accueil)",
    )
    _account(
        demo_email("conseiller.cpam"),
        "Bruno",
        "Fabre",
        role=roles.AGENCY_ADVISOR,
        job_title="Conseiller CPAM du Lot (visio-accueil)",
    )
    for local, first, last, title in OTHER_ADVISORS:
        _account(demo_email(local), first, last, role=roles.AGENCY_ADVISOR, job_title=title)
    _account(
        demo_email("prescripteur"),
        "Agnès",
        "Soulié",
        role=roles.PRESCRIBER,
        job_title="Prescriptrice Ticket déclic – Conseil départemental",
    )
    _account(
        demo_email("gestionnaire.ticket"),
        "Karim",
        "Benali",
        role=roles.TICKET_MANAGER,
        job_title="Gestionnaire Ticket déclic – AFORMAC",
    )
    _pending_registrations(territories, places)
    log(f"  {get_user_model().objects.count()} comptes")


def _animators(places) -> None:
    """The animators, created in bulk (there are 150): their account, role, desk and network space.

    Does what ``services.user_create`` does for one member, for many at once: the same rows.
    """
    from workspace.spaces.addresses import PERSONAL_PREFIX
    from workspace.spaces.models import Membership, Space, SpaceUserObjectPermission
    from workspace.spaces.permissions import CODENAMES, ROLE_ACTIONS
    from workspace.spaces.services import _permissions, network_space_ensure

    User = get_user_model()
    wanted = {demo_email(f"animateur{number}"): number for number in range(1, ANIMATOR_COUNT + 1)}
    existing = set(User.objects.filter(email__in=list(wanted)).values_list("email", flat=True))
    new = []
    for email, number in wanted.items():
        if email in existing:
            continue
        place = places[(number - 1) * len(places) // ANIMATOR_COUNT] if places else None
        new.append(
            User(
                email=email,
                first_name=FIRST_NAMES[(number - 1) % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number * 3 + (number - 1) // len(FIRST_NAMES) * 7) % len(LAST_NAMES)],
                password=_demo_password_hash(),
                place=place,
                territory=place.territory if place else None,
                job_title=animator_job_title(number),
            )
        )
    if not new:
        return
    User.objects.bulk_create(new)
    users = list(User.objects.filter(email__in=[user.email for user in new]).order_by("pk"))
    roles.group(roles.ANIMATOR).user_set.add(*users)
    desks = Space.objects.bulk_create(
        [
            Space(
                kind=Space.Kind.PERSONAL,
                owner=user,
                name=_desk_name(user),
                slug=f"{PERSONAL_PREFIX}{user.pk}",
            )
            for user in users
        ]
    )
    network = network_space_ensure()
    memberships = [Membership(space=desk, user=desk.owner, role=Membership.Role.OWNER) for desk in desks]
    memberships += [Membership(space=network, user=user, role=Membership.Role.MEMBER) for user in users]
    Membership.objects.bulk_create(memberships)
    perms = _permissions()
    SpaceUserObjectPermission.objects.bulk_create(
        [
            SpaceUserObjectPermission(
                user=membership.user, content_object=membership.space, permission=perms[CODENAMES[action]]
            )
            for membership in memberships
            for action in sorted(ROLE_ACTIONS[membership.role])
        ]
    )


def _desk_name(user) -> str:
    from django.utils.translation import gettext as _

    return _("Desk of %(name)s") % {"name": user.get_display_name()}


PENDING_REQUESTS = [
    (
        "Lucie",
        "Bonnefous",
        "lucie.bonnefous",
        "grand-figeac",
        "animator",
        "Je viens d'être recrutée comme animatrice à la cyber-base et je souhaite rejoindre le réseau.",
    ),
    (
        "Marc",
        "Issaly",
        "marc.issaly",
        "grand-figeac",
        "volunteer",
        "Bénévole au club informatique, j'aide les aînés le jeudi après-midi.",
    ),
    (
        "Sylvie",
        "Cammas",
        "sylvie.cammas",
        "quercy-blanc",
        "partner",
        "Secrétaire de mairie, je voudrais suivre les actions esp@p de notre commune.",
    ),
]


def _pending_registrations(territories, places):
    from workspace.people.models import RegistrationRequest

    for first, last, local, slug, role, message in PENDING_REQUESTS:
        email = demo_email(local)
        if RegistrationRequest.objects.filter(email=email).exists():
            continue
        territory = territories[slug]
        place = next((p for p in places if p.territory_id == territory.pk), None)
        RegistrationRequest.objects.create(
            first_name=first,
            last_name=last,
            email=email,
            territory=territory,
            place=place if role != "partner" else None,
            role=role,
            message=message,
        )
