"""Writes of the public workshops: proposals that go through Wagtail's moderation workflow, and
visitors' online registrations with a cap and a waiting list.

A proposal is one ``home.EventPage`` per date, created as a draft (not live) under the agenda
(``EventIndexPage``), with a revision, so that the officer reviews it in the Wagtail admin as any
other page. Recurring dates share a ``series``: the first page (the *lead*) alone goes through
the workflow, and when it is approved the other dates are published with it (the reviewer reads
one proposal, not twelve). Errors are ``ValidationError`` (shown on the form) or
``PermissionDenied`` (the policy, asked first).
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from workspace.publishing import notices, selectors
from workspace.publishing import permissions as policy
from workspace.publishing.models import Registration

COLLECTION_NAME = "Propositions"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_EXTRA_DATES = 12
COMMON_FIELDS = (
    "title",
    "theme",
    "audience",
    "summary",
    "capacity",
    "registration",
    "contact",
    "registration_url",
)


# --- Proposals ----------------------------------------------------------------------------------


def _agenda():
    from home.models import EventIndexPage

    index = EventIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("The public site has no agenda yet: the communications officer must create it."))
    return index


def _slug(title: str, start) -> str:
    base = slugify(title)[:60] or "atelier"
    return f"{base}-{timezone.localtime(start):%Y-%m-%d}-{uuid.uuid4().hex[:6]}"


def image_store(*, actor, upload, title: str):
    """Keep the proposal's picture as a Wagtail image in the "Propositions" collection, where
    the officer finds it; only a real picture of at most 5 MB is taken."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from core.images import is_picture

    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError({"image": _("The picture is larger than 5 MB.")})
    if not is_picture(upload):
        raise ValidationError({"image": _("This file is not a picture (JPEG, PNG, GIF or WebP).")})
    upload.seek(0)
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(name=COLLECTION_NAME)
    image = get_image_model()(title=title[:255], collection=collection, uploaded_by_user=actor)
    image.file.save(upload.name, upload, save=False)
    image.save()
    return image


def _apply(page, fields: dict, start, end):
    for name in COMMON_FIELDS:
        if name in fields:
            setattr(page, name, fields[name])
    if fields.get("image") is not None:
        page.image = fields["image"]
    page.start, page.end = start, end


def _check_dates(dates):
    if not dates:
        raise ValidationError({"start": _("Give the date of the workshop.")})
    if len(dates) > MAX_EXTRA_DATES + 1:
        raise ValidationError(_("At most %(n)s other dates.") % {"n": MAX_EXTRA_DATES})
    now = timezone.now()
    for start, end in dates:
        if start < now:
            raise ValidationError(
                {"start": _("The date %(date)s is past.") % {"date": timezone.localtime(start).strftime("%d/%m/%Y")}}
            )
        if end <= start:
            raise ValidationError({"end": _("The end must come after the start.")})


def _start_workflow(lead, actor):
    workflow = lead.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review workflow applies to the agenda: the coordinator must set one."))
    return workflow.start(lead, actor)


@transaction.atomic
def event_propose(*, actor, place, fields: dict, dates: list, image_upload=None) -> list:
    """Propose a workshop at ``place`` on ``dates`` ([(start, end)…], the first one leads): the
    pages are created as drafts under the agenda and the lead is submitted to the workflow that
    applies to it, with ``actor`` as requester. Returns the pages, lead first."""
    from home.models import EventPage

    if not policy.may_propose(actor, place):
        raise PermissionDenied(_("You may propose workshops for your own place only."))
    _check_dates(dates)
    index = _agenda()
    if image_upload:
        fields = {**fields, "image": image_store(actor=actor, upload=image_upload, title=fields.get("title", ""))}
    series = uuid.uuid4() if len(dates) > 1 else None
    pages = []
    for start, end in dates:
        page = EventPage(
            slug=_slug(fields.get("title", ""), start),
            place=place,
            proposed_by=actor,
            series=series,
            owner=actor,
            live=False,
            has_unpublished_changes=True,
        )
        _apply(page, fields, start, end)
        index.add_child(instance=page)  # Page.save runs full_clean: EventPage.clean's rules apply
        page.save_revision(user=actor, log_action=True)
        pages.append(page)
    _start_workflow(pages[0], actor)
    return pages


@transaction.atomic
def event_resubmit(*, actor, event, fields: dict, dates: list, image_upload=None) -> list:
    """Save the changes of a proposal (a new revision of each of its dates) and submit it again:
    after "request changes" the same workflow resumes at the task that asked for them (Wagtail's
    ``WorkflowState.resume``); a draft, withdrawn or refused proposal starts the workflow anew.
    A proposal under review is locked (as Wagtail locks it for non-reviewers), a published one
    is the officer's to change in the admin."""
    from home.models import EventPage

    lead = selectors.lead_of(event)
    if not policy.can(actor, policy.EDIT, lead):
        raise PermissionDenied(_("You may not change this proposal."))
    state = selectors.proposal_state(lead)
    if state.code not in selectors.EDITABLE:
        raise ValidationError(_("This proposal cannot be changed now: it is %(state)s.") % {"state": state.label})
    _check_dates(dates)
    if image_upload:
        fields = {**fields, "image": image_store(actor=actor, upload=image_upload, title=fields.get("title", ""))}
    followers = list(selectors.followers_of(lead).filter(live=False).order_by("start", "pk"))
    if len(dates) > 1 and lead.series is None:
        lead.series = uuid.uuid4()
    pages = [lead]
    for i, (start, end) in enumerate(dates):
        if i == 0:
            page = lead
        elif i - 1 < len(followers):
            page = followers[i - 1]
        else:
            page = EventPage(
                slug=_slug(fields.get("title", ""), start),
                place=lead.place,
                proposed_by=lead.proposed_by,
                series=lead.series,
                owner=lead.owner,
                live=False,
                has_unpublished_changes=True,
            )
            _apply(page, fields, start, end)
            lead.get_parent().add_child(instance=page)
            page.save_revision(user=actor, log_action=True)
            pages.append(page)
            continue
        _apply(page, fields, start, end)
        page.full_clean()
        page.save()  # not live: the row is the draft, nothing public changes
        page.save_revision(user=actor, log_action=True)
        if page is not lead:
            pages.append(page)
    for extra in followers[len(dates) - 1 :]:
        extra.delete()  # a draft date taken out of the series
    workflow_state = lead.current_workflow_state
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user=actor)
    else:
        _start_workflow(lead, actor)
    return pages


@transaction.atomic
def event_withdraw(*, actor, event) -> None:
    """Take a proposal out of review (Wagtail's cancel): it stays a draft its animators may
    change and submit again."""
    lead = selectors.lead_of(event)
    if not policy.can(actor, policy.WITHDRAW, lead):
        raise PermissionDenied(_("You may not withdraw this proposal."))
    workflow_state = lead.current_workflow_state
    if workflow_state is None:
        raise ValidationError(_("This proposal is not under review."))
    workflow_state.cancel(user=actor)


def series_publish(*, lead, user=None) -> int:
    """When the lead of a series is approved, its other dates go live with it."""
    count = 0
    for page in selectors.followers_of(lead).filter(live=False):
        revision = page.get_latest_revision()
        if revision is not None:
            revision.publish(user=user)
            count += 1
    return count


# --- Online registration ------------------------------------------------------------------------


def _lock(event):
    """Hold the event's page row until the commit: two visitors taking the last place are served
    one after the other (PostgreSQL; SQLite serialises writers anyway)."""
    from home.models import EventPage

    Page.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).first()
    return EventPage.objects.select_related("place").get(pk=event.pk)


def registration_refusal(event) -> str:
    """Why ``event`` takes no online registration now ("" when it does)."""
    if not event.live or event.registration != event.Registration.ONLINE:
        return _("This workshop does not take registrations on this site.")
    if event.start <= timezone.now():
        return _("This workshop has already started or is over: registration is closed.")
    return ""


@transaction.atomic
def registration_create(*, event, name: str, email: str = "", phone: str = "", consent_text: str) -> Registration:
    """Register a visitor: a confirmed place while the capacity allows, else the waiting list.
    The confirmation e-mail (with the event as an .ics file) goes after the commit."""
    email, phone, name = (email or "").strip().lower(), (phone or "").strip(), (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give your name.")})
    if not email and not phone:
        raise ValidationError({"email": _("Give an e-mail address or a phone number.")})
    event = _lock(event)
    refusal = registration_refusal(event)
    if refusal:
        raise ValidationError(refusal)
    active = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    duplicate = _("You are already registered for this workshop with this e-mail address.")
    if email and active.filter(email=email).exists():
        raise ValidationError({"email": duplicate})
    confirmed = active.filter(status=Registration.Status.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=name[:120],
                email=email,
                phone=phone[:30],
                consent=True,
                consent_text=consent_text,
                consent_at=timezone.now(),
                status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
            )
    except IntegrityError:
        raise ValidationError({"email": duplicate}) from None
    notices.registered_on_commit(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration, actor=None) -> Registration | None:
    """Cancel a registration (the visitor through their link, or someone of the place): a
    confirmed place goes to the first of the waiting list, who is told by e-mail. Returns the
    registration moved up, if any."""
    event = _lock(registration.event)
    if actor is not None and not policy.can(actor, policy.REGISTRANTS, event):
        raise PermissionDenied(_("You may not manage the registrations of this workshop."))
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return None
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = actor
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    promoted = None
    if was_confirmed and event.end > timezone.now():
        confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
        if event.capacity is None or confirmed < event.capacity:
            promoted = Registration.objects.filter(event=event, status=Registration.Status.WAITING).first()
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.promoted_at = timezone.now()
                promoted.save(update_fields=["status", "promoted_at"])
    notices.cancelled_on_commit(registration, promoted=promoted, by_place=actor is not None)
    return promoted


def split_dates(day: datetime.date, start: datetime.time, end: datetime.time, extra_days=()) -> list:
    """[(start, end)…] in the current time zone for the first day and each extra day."""
    tz = timezone.get_current_timezone()
    out = []
    for d in [day, *[x for x in extra_days if x != day]]:
        out.append(
            (
                timezone.make_aware(datetime.datetime.combine(d, start), tz),
                timezone.make_aware(datetime.datetime.combine(d, end), tz),
            )
        )
    return out
