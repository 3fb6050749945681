"""The agenda: month, week and list views, events, answers, iCal. Thin: selectors and services."""

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.agenda import ical, selectors, services
from workspace.agenda.forms import EventForm
from workspace.agenda.models import Event, FeedToken, Invitation
from workspace.spaces.permissions import CONTRIBUTE, DELETE, policy
from workspace.spaces.shortcuts import object_or_404, space_or_404
from workspace.spaces.views import apply_errors

MODULE = "agenda"
VIEWS = ("mois", "semaine", "liste")


def _period(request):
    view = request.GET.get("vue", "mois")
    if view not in VIEWS:
        view = "mois"
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    if view == "mois":
        first = day.replace(day=1)
        start = first - datetime.timedelta(days=first.weekday())
        last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
        end = last + datetime.timedelta(days=7 - last.weekday())
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
    elif view == "semaine":
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=7)
        previous, following = start - datetime.timedelta(days=7), end
    else:
        start, end = day, day + datetime.timedelta(days=60)
        previous, following = day - datetime.timedelta(days=60), end
    return view, day, start, end, previous, following


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _agenda(request, space=None):
    view, day, start, end, previous, following = _period(request)
    found = selectors.occurrences_between(user=request.user, start=_aware(start), end=_aware(end), space=space)
    by_day = {}
    for occ in found:
        by_day.setdefault(occ.day, []).append(occ)
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days)]
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)] if view != "liste" else []
    return {
        "view": view,
        "day": day,
        "today": timezone.localdate(),
        "weeks": [[(d, by_day.get(d, [])) for d in week] for week in weeks],
        "list_days": [(d, by_day[d]) for d in sorted(by_day)],
        "previous": previous,
        "following": following,
        "month_start": day.replace(day=1),
        "week_start": start,
    }


@login_required
def my_agenda(request):
    context = _agenda(request)
    context.update({"space": None, "section": "agenda", "can_write": False})
    return render(request, "agenda/agenda.html", context)


@login_required
def space_agenda(request, slug):
    space = space_or_404(request, slug, module=MODULE)
    context = _agenda(request, space)
    context.update(
        {
            "space": space,
            "section": MODULE,
            "can_write": policy.user_has_module_permission(request.user, CONTRIBUTE, space, MODULE),
        }
    )
    return render(request, "agenda/agenda.html", context)


@login_required
def create(request, slug):
    space = space_or_404(request, slug, CONTRIBUTE, module=MODULE)
    initial = {}
    if request.GET.get("date"):
        initial["day"] = request.GET["date"]
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitees = services.users_by_identifiers(data["invitees"])
            start_time = data["start_time"] or datetime.time(0, 0)
            starts_at = timezone.make_aware(datetime.datetime.combine(data["day"], start_time))
            ends_at = (
                timezone.make_aware(datetime.datetime.combine(data["day"], data["end_time"]))
                if data["end_time"]
                else None
            )
            event = services.event_create(
                space=space,
                author=request.user,
                title=data["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                all_day=data["all_day"],
                description=data["description"],
                location=data["location"],
                place=data["place"],
                recurrence=data["recurrence"],
                repeat_until=data["repeat_until"],
                invitees=invitees,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The event is in the agenda."))
            return redirect(event.get_absolute_url())
    return render(request, "agenda/form.html", {"space": space, "form": form, "section": MODULE})


def _event(request, slug, pk):
    """An event of this space that the user may see (its space, or an invitation)."""
    event = get_object_or_404(Event.objects.select_related("space", "place", "created_by"), pk=pk, space__slug=slug)
    if selectors.may_see(request.user, event):
        return event
    space_or_404(request, slug, module=MODULE)  # 404 for a secret space, else 403
    raise PermissionDenied


@login_required
def detail(request, slug, pk):
    event = _event(request, slug, pk)
    invitations = list(event.invitations.select_related("user").order_by("user__last_name"))
    mine = next((i for i in invitations if i.user_id == request.user.pk), None)
    context = {
        "space": event.space if policy.user_has_permission_for_instance(request.user, "view", event) else None,
        "event": event,
        "invitations": invitations,
        "mine": mine,
        "answers": [c for c in Invitation.Answer.choices if c[0]],
        "can_delete": policy.user_has_permission_for_instance(request.user, DELETE, event),
        "section": MODULE,
    }
    return render(request, "agenda/detail.html", context)


@login_required
@require_POST
def answer(request, slug, pk):
    event = _event(request, slug, pk)
    try:
        services.invitation_answer(event=event, user=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def delete(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    event = object_or_404(request, Event.objects.select_related("space"), space, pk=pk)
    services.event_delete(event=event, actor=request.user)
    messages.success(request, _("The event is deleted."))
    return redirect("agenda:index", slug=space.slug)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def event_ics(request, slug, pk):
    event = _event(request, slug, pk)
    return _ics(ical.calendar([event], event.title), f"evenement-{event.pk}.ics")


def feed(request, token):
    """The member's private feed: the secret in the address stands for the login (calendar
    applications cannot log in). Regenerating the secret cuts the old address."""
    feed_token = FeedToken.objects.select_related("user").filter(token=token).first()
    if feed_token is None or not feed_token.user.is_active:
        raise Http404
    user = feed_token.user
    since = timezone.now() - datetime.timedelta(days=90)
    events = selectors.visible_events(user=user).filter(ends_at__gte=since) | selectors.visible_events(
        user=user
    ).exclude(recurrence="")
    return _ics(ical.calendar(events.select_related("space", "place").distinct(), "Maillage"), "maillage.ics")


@login_required
def feed_settings(request):
    if request.method == "POST":
        services.feed_token_regenerate(user=request.user)
        messages.success(request, _("A new address is made; the old one no longer works."))
        return redirect("my-agenda:feed-settings")
    token = services.feed_token(user=request.user)
    url = request.build_absolute_uri(f"/espace/agenda/flux/{token.token}.ics")
    return render(request, "agenda/feed.html", {"feed_url": url, "space": None, "section": "agenda"})
