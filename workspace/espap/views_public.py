"""esp@p's public pages for inhabitants, without an account: ask for a video appointment at a
site (the slot is held, the site's mediators confirm it), and cancel it with the personal link of
the acknowledgement. Personal answers are never cached by a shared cache."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from directory.models import PlacePage
from workspace.espap import services
from workspace.espap.forms import PublicRequestForm
from workspace.espap.models import Appointment, Slot

WEEKS_AHEAD = 4
MAX_TIMES = 24


def _site(pk):
    site = PlacePage.objects.live().public().filter(pk=pk, espap=True).first()
    if site is None:
        raise Http404
    return site


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def request_appointment(request, site):
    site = _site(site)
    horizon = timezone.now() + datetime.timedelta(weeks=WEEKS_AHEAD)
    # a slot starting within the hour cannot be confirmed in time by the place
    free = services.free_slots(site=site, now=timezone.now() + datetime.timedelta(hours=1)).filter(
        starts_at__lt=horizon
    )
    # first the agency (CAF, Carsat…), then a time among its free slots: a short list on a phone
    offered = {}
    for code, name in free.values_list("advisor__agency__code", "advisor__agency__name"):
        offered.setdefault(code, [name, 0])[1] += 1
    code = request.POST.get("organisme") or request.GET.get("organisme") or ""
    if code not in offered and len(offered) == 1:
        code = next(iter(offered))
    slots = list(free.filter(advisor__agency__code=code)[:MAX_TIMES]) if code in offered else []
    form = PublicRequestForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):  # the honeypot: a robot filled the hidden field
            return _private(render(request, "espap/public_request_done.html", {"site": site, "a": None}))
        slot = Slot.objects.filter(pk=form.cleaned_data["slot"]).first()
        try:
            if slot is None:
                raise services.EspapError("no_slot", _("This slot is no longer offered."))
            appointment = services.appointment_request(
                slot=slot, site=site, fields=form.fields_dict(), consent=form.cleaned_data["consent"]
            )
        except services.EspapError as error:
            form.add_error(None, error.message)
        else:
            return _private(render(request, "espap/public_request_done.html", {"site": site, "a": appointment}))
    agencies = sorted(({"code": c, "name": n, "count": k} for c, (n, k) in offered.items()), key=lambda a: a["name"])
    return _private(
        render(
            request,
            "espap/public_request.html",
            {
                "site": site,
                "form": form,
                "slots": slots,
                "agencies": agencies,
                "agency": offered.get(code, [""])[0],
                "code": code if code in offered else "",
            },
        )
    )


def cancel(request, token):
    appointment = (
        Appointment.objects.select_related("slot", "site", "agency").filter(token=token, purged_at__isnull=True).first()
    )
    if appointment is None:
        raise Http404
    if request.method == "POST" and appointment.is_upcoming:
        services.appointment_cancel_by_inhabitant(appointment=appointment)
        messages.success(request, _("Your appointment is cancelled. The place and the advisor are told."))
        return _private(redirect("espap-public:cancel", token=token))
    return _private(render(request, "espap/public_cancel.html", {"a": appointment}))
