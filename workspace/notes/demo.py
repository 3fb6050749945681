"""Demo notes in the working groups, the network space and a desk. Found by (space, title)."""

from django.db import transaction

from core.demo import demo_email
from workspace.notes.models import Note
from workspace.spaces.models import Membership

NOTES = {
    "evaluation-espap": [
        (
            "animateur1",
            "Grille de comptage hebdomadaire",
            (
                "Colonnes retenues : date, esp@p, organisme (CAF, CPAM, MSA, Pôle emploi, CARSAT), type de "
                "service (consultation Internet, visio-accueil), durée.\n\nÀ valider à la prochaine "
                "réunion."
            ),
            True,
        ),
        (
            "animateur3",
            "Enquête de satisfaction – questions",
            (
                "1. Comment avez-vous connu l'esp@p ?\n2. Le rendez-vous en visio-accueil a-t-il répondu à "
                "votre demande ?\n3. Recommanderiez-vous ce service ?"
            ),
            False,
        ),
    ],
    "ticket-declic-modules": [
        (
            "animateur4",
            "Liste des modules 2026",
            (
                "Découverte de l'ordinateur · Internet et messagerie · Démarches en ligne · Photo numérique"
                " · Traitement de texte."
            ),
            True,
        ),
    ],
    "communication": [
        (
            "communication",
            "Calendrier des affiches",
            "Mars : ateliers démarches en ligne.\nMai : Fête de l'Internet.\nSeptembre : rentrée des EPM.",
            True,
        ),
        (
            "animateur2",
            "Idées d'articles",
            "Portrait d'un usager du Ticket déclic à Figeac ; la visio-accueil CAF à Gourdon.",
            False,
        ),
    ],
    "telecentres": [
        (
            "animateur10",
            "Conclusions du groupe",
            (
                "Deux EPM pilotes équipés de postes de télétravail. Modèle économique fragile sans soutien "
                "des communautés de communes."
            ),
            True,
        ),
    ],
    "network": [
        (
            "coordinateur",
            "Bienvenue dans l'espace réseau",
            (
                "Cet espace est partagé par tous les membres du réseau des EPM du Lot : forum, fichiers "
                "communs et agenda du réseau."
            ),
            True,
        ),
    ],
}


@transaction.atomic
def load(*, groups: dict, log=print) -> None:
    from django.contrib.auth import get_user_model

    from workspace.notes import services

    User = get_user_model()
    created = 0
    for slug, notes in NOTES.items():
        space = groups.get(slug)
        if space is None:
            continue
        archived = space.is_archived
        for local_part, title, body, pinned in notes:
            if Note.objects.filter(space=space, title=title).exists():
                continue
            author = User.objects.filter(email=demo_email(local_part)).first()
            if author is None:
                continue
            if archived:  # written while the group was live: no service may write there now
                from workspace.spaces.html import sanitize

                Note.objects.create(
                    space=space, title=title, body=sanitize(body), pinned=pinned, created_by=author, updated_by=author
                )
            else:
                services.note_create(space=space, author=author, title=title, body=body, pinned=pinned)
            created += 1
    animator = User.objects.filter(email=demo_email("animateur1")).first()
    desk = Membership.objects.filter(user=animator, space__kind="personal").select_related("space").first()
    if desk and not Note.objects.filter(space=desk.space).exists():
        services.note_create(
            space=desk.space,
            author=animator,
            title="À faire cette semaine",
            body="Préparer l'atelier photo de jeudi.\nRappeler la mairie pour la salle.",
            pinned=True,
        )
        created += 1
    log(f"  {created} notes ajoutées")
