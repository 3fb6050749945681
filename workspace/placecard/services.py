"""Writes of the place cards: an animator proposes, the referent moderates.

Nothing here publishes a place directly: a proposal is a Wagtail revision of the place page,
submitted to the workflow that applies to it (the territory's "Fiches des lieux", made by
``directory.services.territory_group_sync``). The public page keeps showing the live version
until a referent approves, in the Wagtail admin or here; approving publishes the revision.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from core.notify import notify
from directory.services import territory_referents
from workspace.placecard import permissions as policy
from workspace.placecard.selectors import open_task_state

# The fields of a card an animator may change (the rest is the referent's, in the admin).
CARD_FIELDS = (
    "summary",
    "description",
    "opening_hours",
    "phone",
    "email",
    "website",
    "booking_url",
    "workstations",
    "services",
    "publics",
    "support_modes",
    "access_modes",
    "specific_support",
    "fees",
)


def _card_url(place) -> str:
    return reverse("placecard:card", args=[place.pk])


@transaction.atomic
def place_card_propose(*, user, place, changes: dict, photos_add=(), photos_remove=()):
    """Record ``changes`` to the card of ``place`` as a new revision and submit it to the
    referent: the workflow starts, or resumes when the referent had asked for changes, or
    restarts on the new revision when an earlier proposal was still waiting.

    ``photos_add``: (uploaded image file, caption) pairs; ``photos_remove``: ids of the
    ``PlacePhoto`` rows to drop. Returns the revision.
    """
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from directory.models import PlacePhoto

    if not policy.can(user, policy.PROPOSE, place):
        raise PermissionDenied
    unknown = set(changes) - set(CARD_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a card: {sorted(unknown)}")
    workflow = place.get_workflow()
    if workflow is None:
        raise ValidationError(_("No moderation is set for this place: ask the coordination."))
    draft = place.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    if photos_add or photos_remove:
        removed = {int(pk) for pk in photos_remove}
        photos = [photo for photo in draft.photos.all() if photo.pk not in removed]
        image_model = get_image_model()
        for upload, caption in photos_add:
            image = image_model(
                title=caption[:255], file=upload, uploaded_by_user=user, collection=Collection.get_first_root_node()
            )
            image.save()
            photos.append(PlacePhoto(image=image, caption=caption))
        draft.photos = photos
    draft.full_clean()
    revision = draft.save_revision(user=user, log_action=True)

    state = WorkflowState.objects.active().for_instance(place).first()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    else:
        if state is not None:
            state.cancel(user=user)
        workflow.start(place, user)

    referents = [r for r in territory_referents(place.territory) if r.pk != user.pk]
    notify(
        users=referents,
        kind="placecard",
        text=_("%(user)s proposes changes to the card of %(place)s.")
        % {"user": user.get_display_name(), "place": place.title},
        url=_card_url(place),
        actor=user,
        key=f"placecard.review.{place.pk}",
    )
    return revision


@transaction.atomic
def place_card_moderate(*, user, place, approve: bool, comment: str = ""):
    """The referent's answer from the workspace, through the same Wagtail task as the admin's
    buttons: approving publishes the revision, requesting changes sends it back with
    ``comment`` (required then). The animators are told by ``receivers``."""
    if not policy.can(user, policy.REVIEW, place):
        raise PermissionDenied
    task_state = open_task_state(place)
    if task_state is None:
        raise ValidationError(_("No change is waiting for review on this card."))
    task = task_state.task.specific
    if not any(name == ("approve" if approve else "reject") for name, _label, _modal in task.get_actions(place, user)):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError(_("Say what should be changed."))
    task.on_action(task_state.specific, user, "approve" if approve else "reject", comment=comment)


def notify_outcome(*, workflow_state, user, approved: bool) -> None:
    """Tell the place's animators (and whoever proposed) how their proposal was answered."""
    from django.contrib.auth import get_user_model

    from directory.models import PlacePage

    place = workflow_state.content_object
    place = getattr(place, "specific", place)
    if not isinstance(place, PlacePage):
        return
    recipients = {u.pk: u for u in get_user_model().objects.filter(place=place, is_active=True)}
    if workflow_state.requested_by_id and workflow_state.requested_by is not None:
        recipients.setdefault(workflow_state.requested_by_id, workflow_state.requested_by)
    if approved:
        text = _("The changes to the card of %(place)s were approved and are now public.") % {"place": place.title}
    else:
        task = workflow_state.current_task_state
        comment = task.comment if task else ""
        text = _("The referent asks for changes to the card of %(place)s: %(comment)s") % {
            "place": place.title,
            "comment": comment or "—",
        }
    notify(
        users=list(recipients.values()),
        kind="placecard",
        text=text,
        url=_card_url(place),
        actor=user,
        key=f"placecard.outcome.{place.pk}.{workflow_state.pk}.{'ok' if approved else 'changes'}",
    )
