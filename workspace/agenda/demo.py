"""Demo events in the groups, the network space and a desk, around today so that the desk's
"next events" shows them. Found by (space, title): a second run adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import daytime, demo_email, next_working_day
from workspace.agenda import services
from workspace.agenda.models import Event

# (space, author, title, days from today, hour (None: all day), hours long, place, recurrence, invitees)
EVENTS = [
    ("network", "coordinateur", "Rencontre annuelle des animateurs", 24, 9, 7, "Cahors, salle des fêtes", "", []),
    ("network", "coordinateur", "Fête de l'Internet", 45, None, 0, "Dans tous les EPM", "", []),
    (
        "evaluation-espap",
        "animateur1",
        "Réunion du groupe évaluation",
        6,
        14,
        2,
        "Cyber-base de Gourdon",
        "monthly",
        ["animateur2", "animateur3", "animateur5"],
    ),
    ("evaluation-espap", "animateur2", "Test de la grille de comptage", 3, 10, 1, "", "", []),
    ("ticket-declic-modules", "animateur4", "Atelier d'écriture des modules", 9, 9, 3, "Figeac", "", ["animateur7"]),
    ("communication", "communication", "Point presse mensuel", 2, 11, 1, "En visioconférence", "monthly", []),
    ("personal:animateur1", "animateur1", "Permanence démarches en ligne", 1, 14, 3, "", "weekly", []),
]


@transaction.atomic
def load(*, groups: dict, log=print) -> None:
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.maillage.test")}
    today = timezone.localdate()
    created = 0
    for slug, author, title, days, hour, hours, location, recurrence, invited in EVENTS:
        author_user = users.get(demo_email(author))
        if author_user is None:
            continue
        space = author_user.personal_space if slug.startswith("personal:") else groups.get(slug)
        if space is None or space.is_archived or Event.objects.filter(space=space, title=title).exists():
            continue
        # a working day, in daytime hours (core.demo): no meeting on a public holiday or at night
        day = next_working_day(today + datetime.timedelta(days=days), saturday=hour is None)
        if hour is None:
            start, end = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0))), None
        else:
            start, end = daytime(day, hour, hours=hours)
        services.event_create(
            space=space,
            author=author_user,
            title=title,
            starts_at=start,
            ends_at=end,
            all_day=hour is None,
            location=location,
            recurrence=recurrence,
            invitees=[users[demo_email(local)] for local in invited if demo_email(local) in users],
        )
        created += 1
    log(f"  {created} événements ajoutés")
