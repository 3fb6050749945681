"""Demo spaces: every account's desk, the network space, and four working groups drawn from the
seeds (one archived). Idempotent: groups are found by their slug, members by their e-mail."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import demo_user
from workspace.spaces import services
from workspace.spaces.models import Invitation, Membership, Space

GROUPS = [
    {
        "slug": "evaluation-espap",
        "name": "Évaluation esp@p",
        "purpose": (
            "Produire les outils d'évaluation des espaces services publics à proximité : analyse de la "
            "charte qualité RSP, grille de comptage hebdomadaire, enquête de satisfaction des usagers."
        ),
        "visibility": Space.Visibility.OPEN,
        "owner": "animateur1",
        "members": [
            ("animateur2", "admin"),
            ("animateur3", "member"),
            ("animateur5", "member"),
            ("animateur6", "member"),
            ("conseiller.caf", "guest"),
            ("conseiller.cpam", "guest"),
        ],
        "days": (-120, 240),
    },
    {
        "slug": "ticket-declic-modules",
        "name": "Ticket déclic – modules",
        "purpose": (
            "Concevoir et mettre à jour les modules de formation du Ticket déclic : contenus, durée, "
            "supports pour les animateurs et fiches de positionnement."
        ),
        "visibility": Space.Visibility.INVITATION,
        "owner": "animateur4",
        "members": [
            ("gestionnaire.ticket", "admin"),
            ("prescripteur", "member"),
            ("animateur1", "member"),
            ("animateur7", "member"),
            ("animateur9", "member"),
        ],
        "days": (-60, 300),
    },
    {
        "slug": "communication",
        "name": "Communication",
        "purpose": (
            "Faire connaître les EPM : l'annuaire papier, les affiches des ateliers, les articles pour la "
            "presse locale et le site public."
        ),
        "visibility": Space.Visibility.OPEN,
        "owner": "communication",
        "members": [
            ("animateur1", "member"),
            ("animateur2", "member"),
            ("animateur8", "member"),
            ("animateur11", "member"),
            ("coordinateur", "admin"),
        ],
        "days": (-200, 160),
    },
    {
        "slug": "telecentres",
        "name": "Télécentres",
        "purpose": (
            "Étudier l'ouverture de télécentres dans les EPM : postes de télétravail, visioconférence, "
            "modèle économique. Groupe terminé, ses travaux restent consultables."
        ),
        "visibility": Space.Visibility.OPEN,
        "owner": "animateur10",
        "members": [
            ("animateur1", "member"),
            ("animateur12", "member"),
            ("animateur13", "member"),
            ("coordinateur", "member"),
        ],
        "days": (-500, -30),
        "archived": True,
    },
]


@transaction.atomic
def load(log=print) -> dict:
    """Return {slug: Space} of the demo groups, for the modules' demo loaders."""
    User = get_user_model()
    with_spaces = set(Membership.objects.filter(space__kind="personal").values_list("user_id", flat=True))
    for user in User.objects.exclude(pk__in=with_spaces):
        services.member_spaces_ensure(user=user)
    network = services.network_space_ensure()
    for user in User.objects.filter(is_active=True).exclude(memberships__space=network):
        services.member_spaces_ensure(user=user)

    today = timezone.localdate()
    groups = {}
    for item in GROUPS:
        space = Space.objects.filter(slug=item["slug"]).first()
        owner = demo_user(item["owner"])
        if owner is None:
            continue
        if space is None:
            start, end = (today + datetime.timedelta(days=d) for d in item["days"])
            space = services.group_create(
                creator=owner,
                name=item["name"],
                purpose=item["purpose"],
                visibility=item["visibility"],
                ends_on=max(end, today),
            )
            Space.objects.filter(pk=space.pk).update(slug=item["slug"], starts_on=start, created_at=timezone.now())
            space.refresh_from_db()
            for local_part, role in item["members"]:
                user = demo_user(local_part)
                if user is None:
                    continue
                invitation = services.member_invite(space=space, actor=owner, who=user.email, role=role)
                if invitation.status == Invitation.Status.PENDING:
                    services.invitation_answer(invitation=invitation, user=user, accept=True)
            if item.get("archived"):
                services.group_update(
                    space=space,
                    actor=owner,
                    name=space.name,
                    purpose=space.purpose,
                    visibility=space.visibility,
                    starts_on=start,
                    ends_on=end,
                )
                services.group_archive(space=space)
        groups[item["slug"]] = space
    # A pending invitation and a request, so that the pages have something to answer.
    evaluation, animator8 = groups.get("evaluation-espap"), demo_user("animateur8")
    if evaluation and animator8 and not Invitation.objects.filter(space=evaluation, user=animator8).exists():
        services.member_invite(space=evaluation, actor=demo_user("animateur1"), who=animator8.email)
    communication, animator14 = groups.get("communication"), demo_user("animateur14")
    if communication and animator14 and not Invitation.objects.filter(space=communication, user=animator14).exists():
        services.join_request(space=communication, user=animator14, message="Je peux aider pour les affiches.")
    log(f"  {Space.objects.filter(kind='group').count()} groupes de travail, {Membership.objects.count()} adhésions")
    groups["network"] = network
    return groups
