"""Wagtail's workflow signals, turned into what the proposer and the reviewers are told (after
the commit), and the other dates of a series published with their approved lead."""

from wagtail.signals import task_rejected, task_submitted, workflow_approved


def _event_of(obj):
    from home.models import EventPage

    obj = getattr(obj, "specific", obj)
    return obj if isinstance(obj, EventPage) else None


def on_task_submitted(sender, instance, user=None, **kwargs):
    from workspace.publishing import notices
    from workspace.publishing.models import EventReviewTask

    task = instance.task.specific
    event = _event_of(instance.workflow_state.content_object)
    if event is None or not isinstance(task, EventReviewTask):
        return
    notices.submitted_on_commit(event, task.reviewer_users(event), actor=user)


def on_task_rejected(sender, instance, user=None, **kwargs):
    from workspace.publishing import notices

    event = _event_of(instance.workflow_state.content_object)
    if event is None or event.proposed_by_id is None:
        return
    refused = bool(getattr(instance.specific, "refused", False))
    notices.changes_requested_on_commit(event, instance.comment, actor=user, refused=refused)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    from workspace.publishing import notices, services

    event = _event_of(instance.content_object)
    if event is None or event.proposed_by_id is None:
        return
    services.series_publish(lead=event, user=user)
    notices.published_on_commit(event, actor=user)


def connect():
    task_submitted.connect(on_task_submitted, dispatch_uid="publishing-task-submitted")
    task_rejected.connect(on_task_rejected, dispatch_uid="publishing-task-rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="publishing-workflow-approved")
