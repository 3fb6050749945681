"""The workspace pages of the public workshops: propose, follow the review, change and submit
again, withdraw, and the registrants of a published workshop. Each asks the policy through
``shortcuts`` and changes things through ``services`` only; a refused rule re-displays the form
with its message."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.publishing import permissions as policy
from workspace.publishing import selectors, services
from workspace.publishing.forms import ProposalForm
from workspace.publishing.models import Registration
from workspace.publishing.shortcuts import event_or_404, require_module, require_propose


def _page(request, template, context):
    context.setdefault("section", "publishing")
    return render(request, f"publishing/{template}", context)


@login_required
def index(request):
    require_module(request.user)
    proposals = selectors.proposals(request.user)
    return _page(
        request,
        "index.html",
        {
            "upcoming": [p for p in proposals if p.upcoming],
            "past": [p for p in proposals if not p.upcoming][-30:],
            "registration_events": selectors.registration_events(request.user)[:50],
            "may_propose": policy.may_propose(request.user),
        },
    )


@login_required
def propose(request):
    require_propose(request.user)
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pages = services.event_propose(
                actor=request.user,
                place=form.cleaned_data["place"],
                fields=form.event_fields(),
                dates=form.cleaned_data["dates"],
                image_upload=form.cleaned_data.get("image"),
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error("place", str(error))
        else:
            if len(pages) > 1:
                messages.success(request, _("Workshop proposed on %(n)s dates: it awaits review.") % {"n": len(pages)})
            else:
                messages.success(request, _("Workshop proposed: it awaits review."))
            return redirect("publishing:index")
    return _page(request, "form.html", {"form": form, "proposal": None})


@login_required
def edit(request, pk):
    lead = selectors.lead_of(event_or_404(request.user, pk, policy.EDIT))
    state = selectors.proposal_state(lead)
    if not state.editable:
        messages.error(request, _("This proposal cannot be changed now: it is %(state)s.") % {"state": state.label})
        return redirect("publishing:index")
    dates = [lead, *selectors.followers_of(lead).filter(live=False).order_by("start", "pk")]
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=ProposalForm.initial_for(lead, dates),
    )
    form.fields["place"].disabled = True
    form.fields["place"].queryset = form.fields["place"].queryset.model.objects.filter(pk=lead.place_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_resubmit(
                actor=request.user,
                event=lead,
                fields=form.event_fields(),
                dates=form.cleaned_data["dates"],
                image_upload=form.cleaned_data.get("image"),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Changes saved: the workshop awaits review again."))
            return redirect("publishing:index")
    return _page(request, "form.html", {"form": form, "proposal": lead, "state": state})


@login_required
@require_POST
def withdraw(request, pk):
    event = event_or_404(request.user, pk, policy.WITHDRAW)
    try:
        services.event_withdraw(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal withdrawn: it stays a draft you may change and submit again."))
    return redirect("publishing:index")


def _registrants(request, pk):
    event = event_or_404(request.user, pk, policy.REGISTRANTS)
    if event.registration != event.Registration.ONLINE:
        raise Http404
    return event


@login_required
def registrants(request, pk):
    event = _registrants(request, pk)
    confirmed, waiting, cancelled = selectors.registrations_of(event)
    return _page(
        request,
        "registrants.html",
        {
            "event": event,
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled": cancelled,
            "places_left": selectors.places_left(event),
            "is_past": event.end < timezone.now(),
        },
    )


@login_required
def registrants_csv(request, pk):
    event = _registrants(request, pk)
    confirmed, waiting, _cancelled = selectors.registrations_of(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.pk}.csv"'
    response.write("\ufeff")  # a BOM: spreadsheet programs then read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("No."), _("Name"), _("E-mail"), _("Phone"), _("Status"), _("Registered on")])
    for number, item in enumerate([*confirmed, *waiting], start=1):
        writer.writerow(
            [
                number,
                item.name,
                item.email,
                item.phone,
                item.get_status_display(),
                timezone.localtime(item.created).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    return response


@login_required
@require_POST
def registrant_cancel(request, pk, registration):
    event = _registrants(request, pk)
    item = Registration.objects.filter(pk=registration, event=event).first()
    if item is None:
        raise Http404
    promoted = services.registration_cancel(registration=item, actor=request.user)
    messages.success(request, _("Registration of %(name)s cancelled.") % {"name": item.name})
    if promoted is not None:
        messages.info(request, _("%(name)s moves up from the waiting list.") % {"name": promoted.name})
    return redirect("publishing:registrants", pk=event.pk)
