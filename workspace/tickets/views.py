"""The pages of the Ticket déclic scheme. Each asks the policy through ``shortcuts`` and changes
things through ``services`` only; a refused rule re-displays the page with its message."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.tickets import permissions as policy
from workspace.tickets import selectors, services
from workspace.tickets.forms import (
    InterviewForm,
    IssueForm,
    PaymentForm,
    ReasonForm,
    RegisterForm,
    SessionForm,
)
from workspace.tickets.models import (
    SESSIONS,
    Attendance,
    Claim,
    CourseModule,
    Enrolment,
    Family,
    Item,
    Mastery,
    Organisation,
    PartnerPlace,
    Session,
    Ticket,
)
from workspace.tickets.shortcuts import require, ticket_or_404


def _page(request, template, context):
    context.setdefault("section", "tickets")
    return render(request, f"tickets/{template}", context)


def _roles(user) -> dict:
    return {
        "is_manager": policy.is_manager(user),
        "is_prescriber": bool(policy.organisation_ids(user)),
        "partner": policy.partner_place(user),
        "is_referent": bool(policy.referent_territory_ids(user)),
    }


@login_required
def index(request):
    require(request.user, policy.VIEW)
    roles = _roles(request.user)
    tickets = policy.tickets_for(request.user)
    counts = services.status_counts(tickets)
    context = {**roles, "figures": [(value, label, counts[value]) for value, label in Ticket.Status.choices]}
    if roles["partner"] is not None:
        context["learners"] = selectors.learners_of(roles["partner"])
        context["upcoming"] = selectors.sessions_of(roles["partner"], upcoming=True)[:6]
    if roles["is_prescriber"]:
        context["recent"] = selectors.tickets_list(request.user).filter(
            organisation_id__in=policy.organisation_ids(request.user)
        )[:8]
    if roles["is_manager"]:
        context["open_claims"] = Claim.objects.filter(status=Claim.Status.OPEN).count()
        context["validated_claims"] = Claim.objects.filter(status=Claim.Status.VALIDATED).count()
    return _page(request, "index.html", context)


@login_required
def ticket_list(request):
    require(request.user, policy.VIEW)
    status, q = request.GET.get("etat", ""), request.GET.get("q", "").strip()[:60]
    tickets = selectors.tickets_list(request.user, status=status, q=q)
    items = Paginator(tickets, 30).get_page(request.GET.get("page"))
    return _page(
        request,
        "list.html",
        {"items": items, "status": status, "q": q, "statuses": Ticket.Status.choices, **_roles(request.user)},
    )


@login_required
def issue(request):
    require(request.user, policy.ISSUE)
    organisations = Organisation.objects.filter(pk__in=policy.organisation_ids(request.user))
    form = IssueForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_issue(actor=request.user, organisation=data["organisation"], beneficiary=data)
        except services.TicketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Ticket %(reference)s issued for %(name)s: print it and give it to them.")
                % {"reference": ticket, "name": ticket.beneficiary.full_name},
            )
            return redirect(ticket)
    return _page(request, "issue.html", {"form": form})


@login_required
def register(request):
    """An animator types the reference (or scans the QR code): the page says what it is, then
    registers it at their place."""
    require(request.user, policy.FOLLOW)
    form = RegisterForm(request.POST or request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        typed = form.cleaned_data["reference"]
        found = services.lookup(request.user, typed)
        if request.method == "POST" and request.POST.get("confirm") == "1" and found.ok:
            try:
                ticket = services.ticket_register(actor=request.user, typed=typed)
            except services.TicketError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is registered at your place. Next step: the positioning interview.")
                    % {"name": ticket.beneficiary.full_name},
                )
                return redirect(ticket)
    return _page(request, "register.html", {"form": form, "found": found})


@login_required
def detail(request, reference):
    ticket = ticket_or_404(request.user, reference)
    user = request.user
    enrolments = list(selectors.enrolments_of(ticket))
    attended = sum(1 for e in enrolments if e.attendance == Attendance.PRESENT)
    context = {
        "ticket": ticket,
        "enrolments": enrolments,
        "attended": attended,
        "sessions_total": SESSIONS,
        "progress": min(100, attended * 100 // SESSIONS),
        "interview": getattr(ticket, "interview", None) if hasattr(ticket, "interview") else None,
        "claim": getattr(ticket, "claim", None) if hasattr(ticket, "claim") else None,
        "can_issue": policy.can(user, policy.ISSUE, ticket),
        "can_follow": policy.can(user, policy.FOLLOW, ticket),
        "can_pay": policy.can(user, policy.PAY),
        "reason_form": ReasonForm(),
        "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
        "open_sessions": [],
        "replaced_by": Ticket.objects.filter(replaces=ticket).first(),
    }
    if context["can_follow"] and ticket.status in Ticket.FOLLOWED:
        taken = {e.session_id for e in enrolments}
        # upcoming ones, and those of the last month (a session is recorded after the fact)
        recent = selectors.sessions_of(ticket.place).filter(starts_at__gte=timezone.now() - datetime.timedelta(days=31))
        context["open_sessions"] = [s for s in recent[:30] if s.pk not in taken]
    return _page(request, "detail.html", context)


def _act(request, reference, action, run, success):
    ticket = ticket_or_404(request.user, reference, action)
    if request.method != "POST":
        return redirect(ticket)
    try:
        result = run(ticket)
    except services.TicketError as error:
        messages.error(request, str(error))
        return redirect(ticket)
    messages.success(request, success)
    return redirect(result if isinstance(result, Ticket) else ticket)


@login_required
def reissue(request, reference):
    return _act(
        request,
        reference,
        policy.ISSUE,
        lambda t: services.ticket_reissue(actor=request.user, ticket=t),
        _("A new ticket replaces the lost one; the old reference can no longer be registered."),
    )


@login_required
def cancel(request, reference):
    return _act(
        request,
        reference,
        policy.ISSUE,
        lambda t: services.ticket_cancel(actor=request.user, ticket=t, reason=request.POST.get("reason", "")),
        _("The ticket is cancelled."),
    )


@login_required
def close(request, reference):
    return _act(
        request,
        reference,
        policy.FOLLOW,
        lambda t: services.ticket_close(actor=request.user, ticket=t, reason=request.POST.get("reason", "")),
        _("The course is closed."),
    )


@login_required
@require_POST
def enrol(request, reference):
    ticket = ticket_or_404(request.user, reference, policy.FOLLOW)
    session = Session.objects.filter(pk=_int(request.POST.get("session")), place_id=ticket.place_id).first()
    if session is None:
        messages.error(request, _("Choose a session of your place."))
        return redirect(ticket)
    try:
        services.session_enrol(actor=request.user, session=session, ticket=ticket)
    except services.TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Enrolled in the session of %(date)s.") % {"date": _when(session.starts_at)})
    return redirect(ticket)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _when(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "l j F, H:i")


@login_required
def erase(request, reference):
    return _act(
        request,
        reference,
        policy.PAY,
        lambda t: services.beneficiary_erase(actor=request.user, ticket=t),
        _("The beneficiary's personal data is erased; the figures stay."),
    )


@login_required
def interview(request, reference):
    ticket = ticket_or_404(request.user, reference, policy.FOLLOW)
    domains = ticket.framework.domains.all()
    existing = getattr(ticket, "interview", None) if hasattr(ticket, "interview") else None
    initial = {"held_on": timezone.localdate()}
    if existing is not None:
        initial = {"held_on": existing.held_on, "notes": existing.notes}
        initial.update({f"domain_{lv.domain_id}": lv.level for lv in existing.levels.all()})
    form = InterviewForm(request.POST or None, domains=domains, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_record(
                actor=request.user,
                ticket=ticket,
                held_on=form.cleaned_data["held_on"],
                levels=form.levels(),
                notes=form.cleaned_data["notes"],
            )
        except services.TicketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Positioning interview recorded."))
            return redirect(ticket)
    return _page(request, "interview.html", {"ticket": ticket, "form": form})


@login_required
def sessions(request):
    require(request.user, policy.FOLLOW)
    place = policy.partner_place(request.user)
    form = SessionForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_plan(
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                module=form.cleaned_data["module"],
                capacity=form.cleaned_data["capacity"],
            )
        except services.TicketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session planned: enrol the learners."))
            return redirect(session)
    return _page(
        request,
        "sessions.html",
        {
            "place": place,
            "form": form,
            "upcoming": selectors.sessions_of(place, upcoming=True),
            "past": selectors.sessions_of(place, upcoming=False)[:30],
        },
    )


def _session_or_404(user, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("module", "place__place", "animator"), pk=pk)
    place = policy.partner_place(user)
    if place is None or session.place_id != place.pk:
        raise Http404
    return session


@login_required
def session(request, pk):
    """The session's page: the group enrolled, attendance in one form, a link to each sheet."""
    session = _session_or_404(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "enrol":
                ticket = ticket_or_404(request.user, request.POST.get("ticket", ""), policy.FOLLOW)
                services.session_enrol(actor=request.user, session=session, ticket=ticket)
                messages.success(request, _("%(name)s is enrolled.") % {"name": ticket.beneficiary.full_name})
            elif action == "attendance":
                changed = 0
                for enrolment in session.enrolments.select_related("ticket"):
                    mark = request.POST.get(f"attendance_{enrolment.pk}")
                    comment = request.POST.get(f"comment_{enrolment.pk}")
                    if mark and (mark != enrolment.attendance or (comment or "") != enrolment.comment):
                        services.attendance_record(
                            actor=request.user, enrolment=enrolment, attendance=mark, comment=comment
                        )
                        changed += 1
                messages.success(request, _("Attendance saved."))
        except services.TicketError as error:
            messages.error(request, str(error))
        return redirect(session)
    enrolments = list(
        session.enrolments.select_related("ticket__beneficiary").order_by("ticket__beneficiary__last_name")
    )
    enrolled = {e.ticket_id for e in enrolments}
    candidates = [t for t in selectors.learners_of(session.place) if t.pk not in enrolled]
    return _page(
        request,
        "session.html",
        {
            "session": session,
            "enrolments": enrolments,
            "candidates": candidates,
            "attendance_choices": [c for c in Attendance.choices],
            "full": sum(1 for e in enrolments if e.attendance != Attendance.EXCUSED) >= session.capacity,
        },
    )


@login_required
def sheet(request, pk, enrolment):
    """The positioning sheet of one learner at one session: every item of their framework, the
    previous level shown, only changes stored."""
    session = _session_or_404(request.user, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("ticket__beneficiary", "ticket__framework", "session"),
        pk=enrolment,
        session=session,
    )
    ticket = enrolment.ticket
    items = list(
        Item.objects.filter(competence__domain__framework=ticket.framework).select_related("competence__domain")
    )
    before = services.sheet_previous(enrolment)
    current = {**before, **dict(enrolment.assessments.values_list("item_id", "level"))}
    if request.method == "POST":
        levels = {item.pk: request.POST.get(f"item_{item.pk}") for item in items if request.POST.get(f"item_{item.pk}")}
        try:
            changed = services.sheet_record(actor=request.user, enrolment=enrolment, levels=levels)
        except services.TicketError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sheet saved: %(n)s change(s).") % {"n": changed})
            return redirect(session)
    rows = [
        {
            "item": item,
            "before": before.get(item.pk, Mastery.NOT_SEEN),
            "now": current.get(item.pk, Mastery.NOT_SEEN),
        }
        for item in items
    ]
    return _page(
        request,
        "sheet.html",
        {
            "session": session,
            "enrolment": enrolment,
            "ticket": ticket,
            "rows": rows,
            "mastery": Mastery.choices,
            "labels": dict(Mastery.choices),
        },
    )


@login_required
def claims(request):
    require(request.user, policy.VIEW)
    status = request.GET.get("etat", "")
    if not status and policy.is_manager(request.user):
        status = Claim.Status.OPEN
    items = selectors.claims_for(request.user, status=status)
    return _page(
        request,
        "claims.html",
        {
            "items": Paginator(items, 30).get_page(request.GET.get("page")),
            "status": status,
            "statuses": Claim.Status.choices,
            "can_pay": policy.is_manager(request.user),
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def claim_action(request, pk, action):
    require(request.user, policy.PAY)
    claim = get_object_or_404(Claim, pk=pk)
    try:
        if action == "valider":
            services.claim_validate(actor=request.user, claim=claim)
            messages.success(request, _("Claim validated."))
        elif action == "rejeter":
            services.claim_reject(actor=request.user, claim=claim, reason=request.POST.get("reason", ""))
            messages.success(request, _("Claim rejected: the place is told why."))
        elif action == "payer":
            form = PaymentForm(request.POST)
            if not form.is_valid():
                raise services.TicketError("form", _("Give the payment date and reference."))
            services.claim_pay(actor=request.user, claim=claim, **form.cleaned_data)
            messages.success(request, _("Claim marked paid."))
        else:
            raise Http404
    except services.TicketError as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    if back.startswith("/espace/tickets/") and "//" not in back:
        return redirect(back)
    return redirect("tickets:claims")


@login_required
def catalogue(request):
    require(request.user, policy.VIEW)
    families = Family.objects.prefetch_related("modules")
    partners = PartnerPlace.objects.select_related("place", "place__territory").prefetch_related("modules")
    editable = {p.pk for p in partners if policy.can_edit_offer(request.user, p)}
    return _page(
        request,
        "catalogue.html",
        {
            "families": families,
            "partners": partners,
            "editable": editable,
            "modules_count": CourseModule.objects.count(),
        },
    )


@login_required
def offer_edit(request, pk):
    partner = get_object_or_404(PartnerPlace.objects.select_related("place"), pk=pk)
    if not policy.can_edit_offer(request.user, partner):
        raise Http404 if not policy.is_in_scheme(request.user) else PermissionDenied
    modules = CourseModule.objects.select_related("family")
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("modules") if v.isdigit()]
        group_size = request.POST.get("group_size", "")
        partner.modules.set(modules.filter(pk__in=chosen))
        if group_size.isdigit() and 1 <= int(group_size) <= 12:
            partner.group_size = int(group_size)
        partner.active = request.POST.get("active") == "on"
        partner.save(update_fields=["group_size", "active"])
        messages.success(request, _("The offer of %(place)s is saved.") % {"place": partner.place.title})
        return redirect("tickets:catalogue")
    offered = set(partner.modules.values_list("pk", flat=True))
    return _page(request, "offer.html", {"partner": partner, "modules": modules, "offered": offered})
