"""Wagtail's workflow e-mails, sent only to those who can follow their links.

Wagtail tells the requester of a moderation when it is approved or rejected, by an e-mail whose
links open the admin. The animators who propose a workshop (``workspace.publishing``) or a change
to their place's card (``workspace.placecard``) have no access to the admin: their module tells
them, by a notification and an e-mail that lead into the workspace. Wagtail's e-mail then goes
only to the recipients who may open the admin, so that nobody gets the news twice, once with a
link that refuses them.

The notifiers are connected under Wagtail's own ``dispatch_uid`` by this app, which Django loads
before ``wagtail.admin``: Wagtail's connection of the same uid is then a no-op.
"""

from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier


def _can_open_the_admin(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


class ApprovalEmailNotifier(WorkflowStateApprovalEmailNotifier):
    def get_valid_recipients(self, instance, **kwargs):
        return {user for user in super().get_valid_recipients(instance, **kwargs) if _can_open_the_admin(user)}


class RejectionEmailNotifier(WorkflowStateRejectionEmailNotifier):
    def get_valid_recipients(self, instance, **kwargs):
        return {user for user in super().get_valid_recipients(instance, **kwargs) if _can_open_the_admin(user)}


approval_notifier = ApprovalEmailNotifier()
rejection_notifier = RejectionEmailNotifier()


def connect():
    from wagtail.models import WorkflowState
    from wagtail.signals import workflow_approved, workflow_rejected

    workflow_approved.connect(
        approval_notifier, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
    workflow_rejected.connect(
        rejection_notifier, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
