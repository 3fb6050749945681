"""The weekly counting grids of the esp@p sites: the list of the last weeks per site, one week's
grid (pre-filled from the appointments seen that week), its validation and unlocking.

Who sees what is the policy's answer (``permissions.grids_visible_q``, ``can_see_site_grids``,
``can``); what changes goes through ``services``. A site one may not see the grids of, a week
that is not an ISO week (``2026-W49``) or lies more than a week ahead: 404."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import PartnerAgency
from workspace.espap import permissions as policy
from workspace.espap import services
from workspace.espap.forms_grid import PUBLIC, SERVICE, VISIO, GridForm
from workspace.espap.models import WeeklyGrid
from workspace.espap.shortcuts import require, site_or_404

WEEKS_LISTED = 8
SITES_PER_PAGE = 25
WAITING_PER_PAGE = 30
WAITING = "a-valider"  # ?etat=a-valider: the grids waiting for validation
VALIDATE, UNLOCK = "valider", "deverrouiller"
MAX_ID = 2**63 - 1
FIRST_YEAR = 2000  # older weeks are no one's (and keep date arithmetic far from its limits)
_ISO_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def latest_week() -> datetime.date:
    """The last week one may open: next week (a grid may be prepared a little ahead)."""
    return services.monday(timezone.localdate()) + datetime.timedelta(weeks=1)


def parse_week(value: str) -> datetime.date:
    """The Monday of an ISO week ``2026-W49``; 404 for anything else or too far ahead."""
    match = _ISO_WEEK.fullmatch(value or "")
    if match is None:
        raise Http404
    year, week = int(match[1]), int(match[2])
    if year < FIRST_YEAR:
        raise Http404
    try:
        monday = datetime.date.fromisocalendar(year, week, 1)
    except ValueError:  # week 0, 54…, or 53 of a year that has 52
        raise Http404 from None
    if monday > latest_week():
        raise Http404
    return monday


def _on_sites(q: Q) -> Q:
    """``grids_visible_q`` speaks of grids (``site_id``, ``site__…``); the same answer about the
    sites themselves, so that the list shows the sites one may see even before their first grid."""
    moved = Q()
    moved.connector, moved.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            moved.children.append(_on_sites(child))
            continue
        lookup, value = child
        if lookup == "site_id" or lookup.startswith("site_id__"):
            lookup = "pk" + lookup[len("site_id") :]
        elif lookup.startswith("site__"):
            lookup = lookup[len("site__") :]
        elif not (lookup == "pk__in" and not list(value)):  # "no grid" is "no site"
            raise ValueError(f"cannot move the grid lookup {lookup!r} to the sites")
        moved.children.append((lookup, value))
    return moved


def _page(request, template, context):
    context.setdefault("section", "espap")
    return render(request, f"espap/{template}", context)


def _grid_site(user, pk: int):
    """The site whose grids ``user`` may see (fill or validate); 404 for any other."""
    if not 0 < pk <= MAX_ID:  # SQLite cannot even compare a larger integer (OverflowError)
        raise Http404
    site = site_or_404(user, pk)
    if not policy.can_see_site_grids(user, site):
        raise Http404
    if not (policy.can(user, policy.GRID, site) or policy.can(user, policy.VALIDATE, site)):
        raise Http404
    return site


def _grid_url(site_id: int, monday: datetime.date) -> str:
    return reverse("espap:grid", args=[site_id, iso_week(monday)])


# --- The list ------------------------------------------------------------------------------------


@login_required
def grids(request):
    user = request.user
    require(user, policy.GRID)
    validates = policy.can(user, policy.VALIDATE)
    visible = policy.grids_visible_q(user)
    sites = policy.sites(user).filter(_on_sites(visible))
    waiting = WeeklyGrid.objects.filter(visible, site__in=sites, validated_at__isnull=True)
    this_week = services.monday(timezone.localdate())
    context = {
        "validates": validates,
        "waiting_count": waiting.count(),
        "this_week": this_week,
        "this_week_iso": iso_week(this_week),
        "own_site_id": policy.mediator_site_id(user),
        "filter": "",
    }
    if validates and request.GET.get("etat") == WAITING:
        waiting = waiting.select_related("site", "updated_by").order_by("week", "site__title")
        items = Paginator(waiting, WAITING_PER_PAGE).get_page(request.GET.get("page"))
        for grid in items:
            grid.url = _grid_url(grid.site_id, grid.week)
        context.update({"filter": WAITING, "page_obj": items})
        return _page(request, "grids.html", context)

    weeks = [this_week - datetime.timedelta(weeks=n) for n in range(WEEKS_LISTED)]
    sites = sites.select_related("territory").order_by("territory__name", "title")
    items = Paginator(sites, SITES_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(items)
    found = {
        (grid.site_id, grid.week): grid
        for grid in WeeklyGrid.objects.filter(
            visible, site__in=[site.pk for site in shown], week__gte=weeks[-1], week__lte=weeks[0]
        ).only("site_id", "week", "services", "visio", "validated_at")
    }
    rows = []
    for site in shown:
        cells = []
        for monday in weeks:
            grid = found.get((site.pk, monday))
            state = "empty" if grid is None else ("validated" if grid.locked else "waiting")
            cells.append({"grid": grid, "state": state, "url": _grid_url(site.pk, monday)})
        rows.append({"site": site, "cells": cells})
    context.update({"weeks": [(monday, iso_week(monday)) for monday in weeks], "rows": rows, "page_obj": items})
    return _page(request, "grids.html", context)


# --- One week ------------------------------------------------------------------------------------


def _agencies(site) -> tuple[list, list]:
    """The site's own partner agencies first, then the others, each by name."""
    own = sorted(site.espap_agencies.all(), key=lambda agency: agency.name.casefold())
    others = list(PartnerAgency.objects.exclude(pk__in=[agency.pk for agency in own]).order_by("name"))
    return own, others


def _rows(form, prefix: str):
    return [{"field": field, "value": form.value_of(field.name)} for field in form if field.name.startswith(prefix)]


@login_required
def grid(request, site, week):
    user = request.user
    monday = parse_week(week)
    site = _grid_site(user, site)
    here = _grid_url(site.pk, monday)
    grid = services.grid_for(site, monday)
    may_fill = policy.can(user, policy.GRID, site)
    may_validate = policy.can(user, policy.VALIDATE, site)
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied
        if grid.locked:
            messages.error(request, _("This week is validated: ask the referent to unlock it to change it."))
            return redirect(here)
    own, others = _agencies(site)
    form = GridForm(
        request.POST if request.method == "POST" else None,
        agencies=own + others,
        initial=GridForm.initial_for(grid),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.grid_save(actor=user, site=site, week=monday, **form.counts())
            except services.EspapError as error:
                if error.code in ("locked", "forbidden"):
                    messages.error(request, error.message)
                    return redirect(here)
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The counts of the week are saved."))
                return redirect(here)
        form.mark_errors()

    prefilled = grid.pk is None
    recorded = dict(grid.visio) if prefilled else services.grid_counts_from_appointments(site, monday)
    saved_visio = {} if prefilled else grid.visio
    own_codes = {agency.code for agency in own}
    visio_own, visio_others = [], []
    for row in _rows(form, VISIO):
        code = row["field"].name[len(VISIO) :]
        row["recorded"] = recorded.get(code, 0)
        row["differs"] = not prefilled and row["recorded"] != saved_visio.get(code, 0)
        (visio_own if code in own_codes else visio_others).append(row)
    table = [{"heading": _("Services given"), "level": "section"}, *_rows(form, SERVICE)]
    table.append({"heading": _("Video interviews per partner agency"), "level": "section"})
    if visio_own and visio_others:
        table.append({"heading": _("Partners of this site"), "level": "subsection"})
    table.extend(visio_own)
    if visio_own and visio_others:
        table.append({"heading": _("Other agencies"), "level": "subsection"})
    table.extend(visio_others)
    table.append({"heading": _("Publics received"), "level": "section"})
    table.extend(_rows(form, PUBLIC))
    previous = monday - datetime.timedelta(weeks=1)
    following = monday + datetime.timedelta(weeks=1)
    return _page(
        request,
        "grid.html",
        {
            "site": site,
            "grid": grid,
            "form": form,
            "week_iso": iso_week(monday),
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "previous_url": _grid_url(site.pk, previous) if previous.year >= FIRST_YEAR else "",
            "next_url": _grid_url(site.pk, following) if following <= latest_week() else "",
            "table": table,
            "totals": form.totals(),
            "prefilled": prefilled,
            "recorded_total": sum(recorded.values()),
            "editable": may_fill and not grid.locked,
            "may_validate": may_validate,
            "validate_url": reverse("espap:grid-action", args=[site.pk, iso_week(monday), VALIDATE]),
            "unlock_url": reverse("espap:grid-action", args=[site.pk, iso_week(monday), UNLOCK]),
        },
    )


@login_required
def grid_action(request, site, week, action):
    """POST ``valider`` (a filled week) or ``deverrouiller`` (a validated one, with a reason)."""
    user = request.user
    monday = parse_week(week)
    site = _grid_site(user, site)
    if action not in (VALIDATE, UNLOCK):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not policy.can(user, policy.VALIDATE, site):
        raise PermissionDenied
    grid = WeeklyGrid.objects.filter(site=site, week=monday).select_related("site").first()
    try:
        if action == VALIDATE:
            if grid is None:
                raise services.EspapError("empty", _("Nothing to validate: this week is not filled in yet."))
            services.grid_validate(actor=user, grid=grid)
            messages.success(request, _("The week is validated: it is locked until a referent unlocks it."))
        else:
            if grid is None:
                raise services.EspapError("state", _("This week is not validated."))
            services.grid_unlock(actor=user, grid=grid, reason=request.POST.get("reason", ""))
            messages.success(request, _("The week is unlocked: its counts can be changed again."))
    except services.EspapError as error:
        messages.error(request, error.message)
    return redirect(_grid_url(site.pk, monday))
