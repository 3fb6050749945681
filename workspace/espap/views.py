"""esp@p's pages for the people of the scheme: the overview, an advisor's slots, booking for an
inhabitant, the appointments (an advisor's agenda across sites, a site's day), one appointment
and what can be done to it, the sites and their label. Each asks the policy through
``shortcuts`` and changes things through ``services`` only; a refused rule re-displays the page
with its message."""

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.espap import notices, services
from workspace.espap import permissions as policy
from workspace.espap.forms import InhabitantForm, OutcomeForm, ReasonForm, RescheduleForm, SlotForm, category_label
from workspace.espap.models import Advisor, Appointment, Slot
from workspace.espap.shortcuts import appointment_or_404, require, site_or_404

APPOINTMENT_RELATED = ("slot__advisor__user", "slot__advisor__agency", "site", "agency", "mediator")


def _page(request, template, context):
    context.setdefault("section", "espap")
    return render(request, f"espap/{template}", context)


def _day_range(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return start, start + datetime.timedelta(days=1)


def _with_personal(user, appointments):
    """Mark each appointment with whether ``user`` may see the inhabitant (one policy answer)."""
    check = policy.participant_checker(user)
    for appointment in appointments:
        appointment.personal = check(appointment) and not appointment.purged_at
        appointment.category_label = category_label(appointment.agency.code, appointment.category)
    return appointments


@login_required
def index(request):
    require(request.user, policy.VIEW)
    user = request.user
    advisor = policy.advisor_of(user)
    site = policy.mediator_site(user)
    today = timezone.localdate()
    start, end = _day_range(today)
    visible = policy.appointments_for(user).select_related(*APPOINTMENT_RELATED)
    context = {"advisor": advisor, "site": site, "today": today}
    if advisor is not None or site is not None:
        mine = visible.filter(policy.participant_q(user))
        context["today_appointments"] = _with_personal(
            user, list(mine.filter(slot__starts_at__gte=start, slot__starts_at__lt=end).exclude(status="cancelled"))
        )
        context["upcoming"] = _with_personal(
            user, list(mine.filter(slot__starts_at__gte=end, status__in=Appointment.UPCOMING)[:10])
        )
        context["requests"] = _with_personal(user, list(mine.filter(status=Appointment.Status.REQUESTED)))
        context["to_close"] = (
            _with_personal(
                user,
                list(
                    mine.filter(
                        slot__advisor=advisor, status=Appointment.Status.CONFIRMED, slot__starts_at__lt=timezone.now()
                    )[:20]
                ),
            )
            if advisor
            else []
        )
    if advisor is not None:
        context["free_slots"] = (
            Slot.objects.filter(advisor=advisor, withdrawn=False, starts_at__gt=timezone.now())
            .exclude(appointments__status__in=Appointment.HOLDING)
            .count()
        )
    if policy.can(user, policy.VALIDATE):
        from workspace.espap import selectors

        context["warnings"] = [w for w in selectors.label_warnings(user) if not w["ok"]]
        context["counts"] = visible.filter(slot__starts_at__year=today.year).aggregate(
            seen=Count("pk", filter=Q(status="seen")),
            upcoming=Count("pk", filter=Q(status__in=Appointment.UPCOMING, slot__starts_at__gte=timezone.now())),
            no_show=Count("pk", filter=Q(status="no_show")),
        )
    return _page(request, "index.html", context)


# --- An advisor's slots ---------------------------------------------------------------------------


@login_required
def slots(request):
    require(request.user, policy.PUBLISH)
    advisor = policy.advisor_of(request.user)
    sites = policy.sites().filter(espap_agencies=advisor.agency).order_by("title").distinct()
    if not sites.exists():
        sites = policy.sites().order_by("title")
    form = SlotForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        created = []
        try:
            for start in form.starts():
                created += services.slot_publish(
                    actor=request.user,
                    starts_at=start,
                    minutes=form.cleaned_data["minutes"],
                    sites=form.cleaned_data["sites"],
                    weeks=form.cleaned_data["weeks"],
                )
        except services.EspapError as error:
            form.add_error(None, error.message)
            if created:
                messages.warning(
                    request,
                    _("%(n)s slots were published before this one was refused.") % {"n": len(created)},
                )
        else:
            messages.success(request, _("%(n)s slots published.") % {"n": len(created)})
            return redirect("espap:slots")
    upcoming = (
        Slot.objects.filter(
            advisor=advisor, withdrawn=False, starts_at__gte=timezone.now() - datetime.timedelta(hours=2)
        )
        .prefetch_related(
            "sites", Prefetch("appointments", queryset=Appointment.objects.filter(status__in=Appointment.HOLDING))
        )
        .order_by("starts_at")[:200]
    )
    days = [
        (day, list(items)) for day, items in groupby(upcoming, key=lambda s: timezone.localtime(s.starts_at).date())
    ]
    return _page(request, "slots.html", {"form": form, "days": days, "advisor": advisor})


@login_required
@require_POST
def slot_withdraw(request, pk):
    require(request.user, policy.PUBLISH)
    advisor = policy.advisor_of(request.user)
    slot = Slot.objects.filter(pk=pk, advisor=advisor).first()
    if slot is None:
        raise Http404
    try:
        n = services.slot_withdraw(actor=request.user, slot=slot, series=request.POST.get("series") == "1")
    except services.EspapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s slots withdrawn.") % {"n": n})
    return redirect("espap:slots")


# --- Booking at a site ---------------------------------------------------------------------------------


@login_required
def book(request):
    require(request.user, policy.BOOK)
    site = policy.mediator_site(request.user)
    agencies = list(site.espap_agencies.order_by("name"))
    agency = next((a for a in agencies if a.code == request.GET.get("organisme")), None)
    free = list(services.free_slots(site=site, agency=agency)[:300])
    days = [(day, list(items)) for day, items in groupby(free, key=lambda s: timezone.localtime(s.starts_at).date())]
    return _page(request, "book.html", {"site": site, "agencies": agencies, "agency": agency, "days": days})


@login_required
def book_slot(request, slot):
    require(request.user, policy.BOOK)
    site = policy.mediator_site(request.user)
    chosen = (
        Slot.objects.filter(pk=slot, sites=site, withdrawn=False)
        .select_related("advisor__agency", "advisor__user")
        .first()
    )
    if chosen is None:
        raise Http404
    form = InhabitantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_book(
                actor=request.user,
                slot=chosen,
                site=site,
                fields=form.fields_dict(),
                consent=form.cleaned_data["consent"],
            )
        except services.EspapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Appointment booked; the advisor and the inhabitant are told."))
            return redirect(appointment.get_absolute_url())
    return _page(request, "book_slot.html", {"form": form, "slot": chosen, "site": site})


# --- Appointments --------------------------------------------------------------------------------


@login_required
def agenda(request):
    """An advisor's agenda across every site, a site's day for its mediators, the territory's
    (or the network's) appointments for referents and the coordinator, without personal data."""
    require(request.user, policy.VIEW)
    user = request.user
    try:
        day = datetime.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        day = None
    appointments = policy.appointments_for(user).select_related(*APPOINTMENT_RELATED)
    status = request.GET.get("etat", "")
    if status in Appointment.Status.values:
        appointments = appointments.filter(status=status)
    if day is not None:
        start, end = _day_range(day)
        appointments = appointments.filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
    elif request.GET.get("passes") == "1":
        appointments = appointments.filter(slot__starts_at__lt=timezone.now()).order_by("-slot__starts_at")
    else:
        start, _end = _day_range(timezone.localdate())
        appointments = appointments.filter(slot__starts_at__gte=start)
    items = _with_personal(user, list(appointments[:300]))
    days = [(d, list(group)) for d, group in groupby(items, key=lambda a: timezone.localtime(a.slot.starts_at).date())]
    nav_day = day or timezone.localdate()
    return _page(
        request,
        "agenda.html",
        {
            "days": days,
            "day": day,
            "previous_day": nav_day - datetime.timedelta(days=1),
            "next_day": nav_day + datetime.timedelta(days=1),
            "status": status,
            "today": timezone.localdate(),
            "statuses": Appointment.Status.choices,
            "past": request.GET.get("passes") == "1",
            "site": policy.mediator_site(user),
            "advisor": policy.advisor_of(user),
        },
    )


def _free_for_reschedule(appointment):
    return list(
        services.free_slots(site=appointment.site, agency=appointment.agency).select_related("advisor__user")[:60]
    )


@login_required
def appointment(request, pk):
    a = appointment_or_404(request.user, pk)
    user = request.user
    personal = policy.can(user, policy.PERSONAL, a) and not a.purged_at
    can_book = policy.can(user, policy.BOOK, a)
    can_outcome = policy.can(user, policy.OUTCOME, a)
    now = timezone.now()
    context = {
        "a": a,
        "personal": personal,
        "can_book": can_book and a.is_upcoming,
        "can_confirm": can_book
        and a.status == Appointment.Status.REQUESTED
        and a.site_id == policy.mediator_site_id(user),
        "can_outcome": can_outcome and a.slot.starts_at <= now and a.status in ("confirmed", *Appointment.OUTCOMES),
        "can_join": personal
        and a.status in ("confirmed", "seen")
        and a.slot.starts_at - datetime.timedelta(minutes=30) <= now <= a.slot.ends_at + datetime.timedelta(hours=2),
        "category_label": category_label(a.agency.code, a.category),
        "cancel_form": ReasonForm(prefix="cancel"),
        "outcome_form": OutcomeForm(
            prefix="outcome",
            agency_code=a.agency.code,
            initial={
                "status": a.status if a.status in Appointment.OUTCOMES else "seen",
                "category": a.category,
                "note": a.advisor_note,
            },
        ),
        "note_visible": can_outcome
        or (policy.advisor_of(user) is not None and policy.advisor_of(user).agency_id == a.agency_id),
    }
    if context["can_book"]:
        context["reschedule_form"] = RescheduleForm(prefix="move", slots=_free_for_reschedule(a))
    if personal:
        context["documents"] = list(a.documents_sent.all())
        context["advisor_phone"] = a.slot.advisor.phone
    return _page(request, "appointment.html", context)


@login_required
@require_POST
def appointment_action(request, pk, action):
    user = request.user
    needed = {"confirmer": policy.BOOK, "annuler": policy.BOOK, "deplacer": policy.BOOK, "issue": policy.OUTCOME}
    if action not in needed:
        raise Http404
    a = appointment_or_404(user, pk, needed[action])
    try:
        if action == "confirmer":
            services.appointment_confirm(actor=user, appointment=a)
            messages.success(request, _("Appointment confirmed; the inhabitant and the advisor are told."))
        elif action == "annuler":
            form = ReasonForm(request.POST, prefix="cancel")
            if not form.is_valid():
                raise services.EspapError("reason", _("Say why the appointment is cancelled: the inhabitant is told."))
            services.appointment_cancel(actor=user, appointment=a, reason=form.cleaned_data["reason"])
            messages.success(request, _("Appointment cancelled; everyone is told."))
        elif action == "deplacer":
            form = RescheduleForm(request.POST, prefix="move", slots=_free_for_reschedule(a))
            if not form.is_valid():
                raise services.EspapError("form", _("Choose a new time and say why the appointment is moved."))
            slot = Slot.objects.get(pk=form.cleaned_data["slot"])
            new = services.appointment_reschedule(
                actor=user, appointment=a, slot=slot, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Appointment moved; everyone gets the new invitation."))
            return redirect(new.get_absolute_url())
        else:
            form = OutcomeForm(request.POST, prefix="outcome", agency_code=a.agency.code)
            if not form.is_valid():
                raise services.EspapError("form", _("Choose seen, no-show or excused."))
            services.appointment_outcome(
                actor=user,
                appointment=a,
                status=form.cleaned_data["status"],
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Outcome recorded."))
    except services.EspapError as error:
        messages.error(request, error.message)
    return redirect(a.get_absolute_url())


@login_required
def appointment_ics(request, pk):
    a = appointment_or_404(request.user, pk, policy.PERSONAL)
    response = HttpResponse(
        notices.ics(a, cancel=a.status in ("cancelled", "rescheduled")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-espap-{a.pk}.ics"'
    return response


# --- Sites ------------------------------------------------------------------------------------------


def _site_rows(sites):
    """Each site with its partners, mediators and advisors, in a fixed number of queries."""
    from core import roles
    from workspace.people.models import User

    sites = list(sites.prefetch_related("espap_agencies").select_related("territory").order_by("title"))
    mediators = (
        User.objects.filter(place__in=sites, is_active=True, groups__name=roles.GROUP_NAMES[roles.ANIMATOR])
        .order_by("last_name")
        .distinct()
    )
    by_site = {}
    for user in mediators:
        by_site.setdefault(user.place_id, []).append(user)
    advisors = {}
    for advisor in Advisor.objects.select_related("user", "agency").filter(user__is_active=True):
        advisors.setdefault(advisor.agency_id, []).append(advisor)
    rows = []
    for site in sites:
        agencies = list(site.espap_agencies.all())
        rows.append(
            {
                "site": site,
                "agencies": agencies,
                "mediators": by_site.get(site.pk, []),
                "advisors": [a for agency in agencies for a in advisors.get(agency.pk, [])],
            }
        )
    return rows


@login_required
def sites(request):
    require(request.user, policy.VIEW)
    from workspace.espap import label

    rows = _site_rows(policy.sites())
    for row in rows:
        row["verdicts"] = label.check_all(
            opening_hours=row["site"].opening_hours,
            partner_families=[a.family for a in row["agencies"]],
            agents=len(row["mediators"]),
        )
        row["ok"] = all(v.ok for v in row["verdicts"])
    return _page(request, "sites.html", {"rows": rows, "mine": policy.mediator_site_id(request.user)})


@login_required
def site(request, pk):
    place = site_or_404(request.user, pk)
    from workspace.espap import label

    row = _site_rows(policy.sites().filter(pk=place.pk))[0]
    verdicts = label.check_all(
        opening_hours=place.opening_hours,
        partner_families=[a.family for a in row["agencies"]],
        agents=len(row["mediators"]),
    )
    return _page(
        request,
        "site.html",
        {
            **row,
            "verdicts": verdicts,
            "can_grid": policy.can(request.user, policy.GRID, place),
            "is_mine": place.pk == policy.mediator_site_id(request.user),
        },
    )
