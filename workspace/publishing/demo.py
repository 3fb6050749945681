"""Demo of the public workshops: the review workflow of the agenda (the communications officer
reviews the animators' proposals) and a few proposals in every state, one of them with online
registration, registrants and a waiting list. Idempotent: looked up by name and title."""

import datetime

from django.db import transaction
from django.utils import timezone

WORKFLOW_NAME = "Propositions d'ateliers des animateurs"
TASK_NAME = "Relecture par la communication"
DEMO_REGISTRANTS = [
    ("Jeanne Vidal", "jeanne.vidal@exemple.test"),
    ("Marcel Bouysset", "marcel.bouysset@exemple.test"),
    ("Odette Lafon", "odette.lafon@exemple.test"),
    ("Pierre Cassagnes", "pierre.cassagnes@exemple.test"),
    ("Simone Delpech", "simone.delpech@exemple.test"),
    ("Lucien Marty", "lucien.marty@exemple.test"),
]


def workflow_ensure(reviewers: str = "communication"):
    """The workflow "Propositions d'ateliers des animateurs" with one review task, assigned to
    the agenda (it overrides the home page's workflow for the agenda's subtree)."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from home.models import EventIndexPage
    from workspace.publishing.models import EventReviewTask

    index = EventIndexPage.objects.first()
    if index is None:
        return None
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = EventReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = EventReviewTask.objects.create(name=TASK_NAME, reviewers=reviewers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _at(days, hour, minutes=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minutes)), tz)
    return start, start + datetime.timedelta(hours=2)


@transaction.atomic
def load(log=print) -> None:
    from django.contrib.auth import get_user_model

    from core import roles
    from core.demo import demo_email
    from home.models import EventPage
    from workspace.publishing import services
    from workspace.publishing.models import Registration

    workflow = workflow_ensure()
    if workflow is None:
        log("  ateliers publics : pas d'agenda, rien à charger")
        return
    User = get_user_model()
    officer = User.objects.filter(email__iexact=demo_email("communication")).first()
    animators = [
        u
        for u in User.objects.filter(email__in=[demo_email(f"animateur{n}") for n in (12, 3, 7, 21)]).select_related(
            "place"
        )
        if u.place_id and roles.has_role(u, roles.ANIMATOR)
    ]
    if officer is None or len(animators) < 3:
        log("  ateliers publics : comptes de démo absents, rien à charger")
        return
    base = {"audience": "everyone", "contact": "", "registration_url": "", "capacity": None}
    made = 0

    def propose(animator, title, days, **fields):
        nonlocal made
        existing = EventPage.objects.filter(title=title, proposed_by=animator).first()
        if existing is not None:
            return existing, False
        made += 1
        pages = services.event_propose(
            actor=animator,
            place=animator.place,
            fields={**base, "title": title, **fields},
            dates=[_at(d, 14) for d in days],
        )
        return pages[0], True

    propose(
        animators[0],
        "Découvrir sa tablette",
        [9],
        theme="mobile",
        audience="seniors",
        summary="Allumer, se repérer, installer une application : un premier atelier tout en douceur.",
        registration="contact",
    )
    page, created = propose(
        animators[1],
        "Créer son adresse e-mail",
        [12],
        theme="internet",
        summary="Ouvrir une boîte aux lettres électronique et envoyer son premier message.",
        registration="none",
    )
    if created:
        state = page.current_workflow_state
        state.current_task_state.task.specific.on_action(
            state.current_task_state,
            officer,
            "reject",
            comment="Pouvez-vous préciser le public visé et le matériel à apporter ?",
        )
    page, created = propose(
        animators[2],
        "Sécuriser ses comptes en ligne",
        [5, 19],
        theme="safety",
        summary="Mots de passe, double authentification, arnaques courantes : les bons réflexes.",
        registration="online",
        capacity=5,
    )
    if created:
        state = page.current_workflow_state
        state.current_task_state.task.specific.on_action(state.current_task_state, officer, "approve")
        page.refresh_from_db()
        for name, email in DEMO_REGISTRANTS:
            if not Registration.objects.filter(event=page, email=email).exists():
                services.registration_create(
                    event=page, name=name, email=email, consent_text="Consentement recueilli (démo)."
                )
    log(f"  ateliers publics : {made} propositions d'animateurs, workflow « {WORKFLOW_NAME} »")
