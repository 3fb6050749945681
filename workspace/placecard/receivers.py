"""Wagtail's workflow signals → the animators' notifications, whether the referent answered in
the Wagtail admin or in the workspace."""

from django.dispatch import receiver
from wagtail.signals import workflow_approved, workflow_rejected

from workspace.placecard.services import notify_outcome


@receiver(workflow_approved, dispatch_uid="placecard.approved")
def _approved(sender, instance, user=None, **kwargs):
    notify_outcome(workflow_state=instance, user=user, approved=True)


@receiver(workflow_rejected, dispatch_uid="placecard.rejected")
def _rejected(sender, instance, user=None, **kwargs):
    notify_outcome(workflow_state=instance, user=user, approved=False)
