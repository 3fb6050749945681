"""The review task of the workshops animators propose, and the visitors' online registrations.

``EventReviewTask`` is a Wagtail workflow task (the coordinator adds it to a workflow in the admin,
as Wagtail documents for custom tasks): its reviewers are either the communications officers or
the referent of the proposed event's territory; the coordinator may always act. Its task state
remembers whether the reviewer *refused* the proposal outright, which Wagtail's own "reject"
(shown as "Request changes") does not tell apart.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from core import roles


class EventReviewTaskState(TaskState):
    refused = models.BooleanField(_("refused"), default=False)

    class Meta:
        verbose_name = _("review of a proposed workshop")
        verbose_name_plural = _("reviews of proposed workshops")


class EventReviewTask(Task):
    class Reviewers(models.TextChoices):
        COMMUNICATION = "communication", _("The communications officers")
        REFERENTS = "referents", _("The referent of the event's territory")

    reviewers = models.CharField(
        _("reviewers"), max_length=20, choices=Reviewers.choices, default=Reviewers.COMMUNICATION
    )

    admin_form_fields = Task.admin_form_fields + ["reviewers"]
    task_state_class = EventReviewTaskState

    class Meta:
        verbose_name = _("Review of proposed workshops")
        verbose_name_plural = _("Reviews of proposed workshops")

    @classmethod
    def get_description(cls):
        return _(
            "The communications officers, or the referent of the event's territory, "
            "review the workshops animators propose"
        )

    # -- who reviews ------------------------------------------------------------------------

    def user_may_review(self, obj, user) -> bool:
        """Whether ``user`` reviews ``obj`` (an event page) at this step."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if self.reviewers == self.Reviewers.COMMUNICATION:
            return roles.has_role(user, roles.COMMUNICATION)
        from directory.permissions import is_referent_of

        place = getattr(getattr(obj, "specific", obj), "place", None)
        return place is not None and is_referent_of(user, place.territory)

    def reviewer_users(self, obj):
        """The members who review ``obj`` (told when it is submitted)."""
        from django.contrib.auth import get_user_model

        User = get_user_model()
        if self.reviewers == self.Reviewers.COMMUNICATION:
            return list(User.objects.filter(is_active=True, groups__name=roles.GROUP_NAMES[roles.COMMUNICATION]))
        from directory.services import territory_referents

        place = getattr(getattr(obj, "specific", obj), "place", None)
        if place is None or place.territory_id is None:
            return []
        return [u for u in territory_referents(place.territory) if u.is_active]

    # -- Wagtail's task interface (as GroupApprovalTask) ------------------------------------

    def user_can_access_editor(self, obj, user):
        return self.user_may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_may_review(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("refuse", _("Refuse"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "refuse":
            # a refusal is Wagtail's reject (the proposer is told, with the comment) that also
            # ends the workflow: the proposal must be submitted again from the start
            state = task_state.specific
            state.refused = True
            state.save(update_fields=["refused"])
            state.reject(user=user, **kwargs)
            state.workflow_state.refresh_from_db()
            state.workflow_state.cancel(user=user)
            return None
        if action_name == "approve":
            # The reviewers this task names need not hold Wagtail's "publish" permission on the
            # agenda (referents do not): their approval is the decision. When it is the last
            # task, the workflow finishes without a user, so that Wagtail's publish step does
            # not check that permission again; the approval itself is logged with the reviewer.
            task_state.approve(user=user, update=False, **kwargs)
            workflow_state = task_state.workflow_state
            workflow_state.refresh_from_db()
            last = workflow_state.get_next_task() is None
            workflow_state.update(user=None if last else user)
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task=self.task_ptr)
        if user is None or not user.is_authenticated or not user.is_active:
            return TaskState.objects.none()
        if user.is_superuser:
            return states
        if self.reviewers == self.Reviewers.COMMUNICATION:
            return states if roles.has_role(user, roles.COMMUNICATION) else TaskState.objects.none()
        from directory.permissions import administrable_territories
        from home.models import EventPage

        territories = administrable_territories(user)
        pages = EventPage.objects.filter(place__territory__in=territories).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in pages])


def _token():
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A visitor's place at a workshop with online registration: confirmed while places are left,
    else on the waiting list, in the order they came."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "home.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    consent_text = models.TextField(_("consent wording"), blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    created = models.DateTimeField(_("registered on"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="publishing_registration_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.event_id}"

    @property
    def contact(self):
        return " · ".join(x for x in (self.email, self.phone) if x)
