"""Reads of the public workshops: the state of a proposal as its animators see it (derived from
the page and Wagtail's workflow states, never stored twice), the proposals of a member, the
places left at a workshop."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from workspace.publishing import permissions as policy
from workspace.publishing.models import EventReviewTaskState, Registration

DRAFT, PENDING, CHANGES, PUBLISHED, REFUSED = "draft", "pending", "changes", "published", "refused"
LABELS = {
    DRAFT: _("draft"),
    PENDING: _("awaiting review"),
    CHANGES: _("changes requested"),
    PUBLISHED: _("published"),
    REFUSED: _("refused"),
}
EDITABLE = {DRAFT, CHANGES, REFUSED}  # under review: locked, as Wagtail locks it; published: the officer's


@dataclass
class State:
    code: str
    comment: str = ""
    reviewer: object = None

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def editable(self):
        return self.code in EDITABLE

    @property
    def withdrawable(self):
        return self.code in (PENDING, CHANGES)


def lead_of(event):
    """The page of a series that goes through the workflow (the first one created)."""
    from home.models import EventPage

    if event.series is None:
        return event
    return EventPage.objects.filter(series=event.series).order_by("pk").first() or event


def followers_of(lead):
    from home.models import EventPage

    if lead.series is None:
        return EventPage.objects.none()
    return EventPage.objects.filter(series=lead.series).exclude(pk=lead.pk)


def _latest_states(page_ids) -> dict:
    """{page id: its latest WorkflowState} in two queries."""
    if not page_ids:
        return {}
    base = ContentType.objects.get_for_model(Page)
    latest = {}
    rows = (
        WorkflowState.objects.filter(base_content_type=base, object_id__in=[str(i) for i in page_ids])
        .select_related("current_task_state__finished_by")
        .order_by("created_at", "pk")
    )
    for ws in rows:
        latest[int(ws.object_id)] = ws
    refused = set(
        EventReviewTaskState.objects.filter(
            pk__in=[ws.current_task_state_id for ws in latest.values() if ws.current_task_state_id], refused=True
        ).values_list("pk", flat=True)
    )
    for ws in latest.values():
        ws.refused = ws.current_task_state_id in refused
    return latest


def _state(page, ws) -> State:
    if page.live:
        return State(PUBLISHED)
    if ws is None:
        return State(DRAFT)
    task = ws.current_task_state
    if ws.status == WorkflowState.STATUS_IN_PROGRESS:
        return State(PENDING)
    if ws.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return State(CHANGES, task.comment if task else "", task.finished_by if task else None)
    if ws.status == WorkflowState.STATUS_CANCELLED and getattr(ws, "refused", False):
        return State(REFUSED, task.comment if task else "", task.finished_by if task else None)
    return State(DRAFT)


def proposal_state(event) -> State:
    lead = lead_of(event)
    return _state(lead, _latest_states([lead.pk]).get(lead.pk))


def proposals(user):
    """The proposals ``user`` may follow, lead pages only, each with ``.state``, ``.dates`` (the
    pages of its series in date order) and ``.upcoming``; newest first. A fixed number of
    queries whatever their number."""
    events = list(
        policy.events_for(user, policy.VIEW)
        .select_related("place", "proposed_by")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        )
        .order_by("start", "pk")
    )
    series, leads = {}, []
    for event in events:
        if event.series is None:
            leads.append(event)
            event.dates = [event]
        else:
            series.setdefault(event.series, []).append(event)
    for pages in series.values():
        lead = min(pages, key=lambda p: p.pk)
        lead.dates = pages
        leads.append(lead)
    states = _latest_states([lead.pk for lead in leads])
    now = timezone.now()
    for lead in leads:
        lead.state = _state(lead, states.get(lead.pk))
        lead.upcoming = any(p.end >= now for p in lead.dates)
    leads.sort(key=lambda p: p.dates[0].start, reverse=False)
    return leads


def registrations_of(event):
    """(confirmed, waiting, cancelled) of an event, each in the order they came."""
    rows = list(Registration.objects.filter(event=event).order_by("created", "pk"))
    return (
        [r for r in rows if r.status == Registration.Status.CONFIRMED],
        [r for r in rows if r.status == Registration.Status.WAITING],
        [r for r in rows if r.status == Registration.Status.CANCELLED],
    )


def places_left(event) -> int | None:
    """Places left at an online-registration event (None when unlimited)."""
    if event.capacity is None:
        return None
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def registration_events(user):
    """The upcoming published events with online registration whose registrants ``user`` sees."""
    return (
        policy.events_for(user, policy.REGISTRANTS)
        .live()
        .filter(registration="online", end__gte=timezone.now())
        .select_related("place")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        )
        .order_by("start")
    )
