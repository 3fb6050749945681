"""Reads of the place cards: what the public sees, the proposed change and where it stands."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from wagtail.models import Page, TaskState, WorkflowState

from workspace.placecard import permissions as policy

PENDING = "pending"
CHANGES = "changes"
APPROVED = "approved"


@dataclass
class CardState:
    status: str | None  # PENDING, CHANGES, APPROVED or None (never proposed)
    draft: object | None  # the proposed version (a PlacePage not saved) while one waits
    comment: str = ""
    reviewer: object | None = None
    at: object | None = None
    workflow_state: WorkflowState | None = None


def card_state(place) -> CardState:
    """Where the card of ``place`` stands: a change waiting for the referent, sent back with a
    comment, or the last change approved."""
    state = (
        WorkflowState.objects.for_instance(place)
        .select_related("current_task_state__finished_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None:
        return CardState(status=None, draft=None)
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return CardState(status=PENDING, draft=place.get_latest_revision_as_object(), workflow_state=state)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task = state.current_task_state
        return CardState(
            status=CHANGES,
            draft=place.get_latest_revision_as_object(),
            comment=task.comment if task else "",
            reviewer=task.finished_by if task else None,
            at=task.finished_at if task else None,
            workflow_state=state,
        )
    if state.status == WorkflowState.STATUS_APPROVED:
        task = state.current_task_state
        return CardState(
            status=APPROVED,
            draft=None,
            comment=task.comment if task else "",
            reviewer=task.finished_by if task else None,
            at=task.finished_at if task else None,
            workflow_state=state,
        )
    return CardState(status=None, draft=None)


def pending_cards(user):
    """The places of ``user``'s scope with a change waiting for review or sent back, oldest
    first, each annotated with ``waiting`` (True: waiting for the referent)."""
    page_type = ContentType.objects.get_for_model(Page)
    active = WorkflowState.objects.filter(
        base_content_type=page_type,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return (
        policy.places_for(user, policy.REVIEW)
        .filter(
            Exists(active.filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]))
        )
        .annotate(waiting=Exists(active.filter(status=WorkflowState.STATUS_IN_PROGRESS)))
        .select_related("territory", "latest_revision__user")
        .order_by("latest_revision__created_at")
    )


def open_task_state(place) -> TaskState | None:
    state = WorkflowState.objects.for_instance(place).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
    task = state.current_task_state if state else None
    return task if task is not None and task.status == TaskState.STATUS_IN_PROGRESS else None
