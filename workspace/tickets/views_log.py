"""The learner's log (without an account, by its personal link) and the dashboards.

The log opens with the ticket's ``log_token`` alone: whoever has the link reads the course, so
the page shows the first name only, is never indexed, never sends its address on as a referrer
and is never cached. Once the person's data is erased the link answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from workspace.tickets import figures, selectors, services
from workspace.tickets import permissions as policy
from workspace.tickets.models import SESSION_HOURS, SESSIONS, Attendance, ErasureRequest, Mastery, Ticket
from workspace.tickets.shortcuts import require, ticket_or_404


def _by_token(token: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("beneficiary", "organisation", "place__place", "framework")
        .filter(log_token=token)
        .first()
    )
    if ticket is None or ticket.beneficiary.erased_at is not None:
        raise Http404
    return ticket


def _private(response):
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _course(ticket: Ticket) -> dict:
    """What the log shows of a course: its sessions, the modules followed, and per domain of the
    framework the items acquired (in the order they were, with the date) and those in progress."""
    course = selectors.course_of(ticket)
    now = timezone.now()
    sessions = []
    for enrolment in course["enrolments"]:
        upcoming = enrolment.session.starts_at > now
        if enrolment.attendance == Attendance.PLANNED:
            label = _("Planned") if upcoming else _("Not recorded yet")
        else:
            label = enrolment.get_attendance_display()
        sessions.append(
            {"session": enrolment.session, "attendance": enrolment.attendance, "label": label, "upcoming": upcoming}
        )
    modules = {}
    for enrolment in course["attended"]:
        module = enrolment.session.module
        if module.pk in modules:
            modules[module.pk]["times"] += 1
        else:
            modules[module.pk] = {"module": module, "times": 1, "first": enrolment.session.starts_at}
    domains = {}
    for row in course["items"]:
        group = domains.setdefault(
            row["domain"].pk, {"domain": row["domain"], "acquired": [], "in_progress": [], "total": 0}
        )
        group["total"] += 1
        if row["acquired_on"] is not None:
            group["acquired"].append(row)
        elif row["level"] == Mastery.IN_PROGRESS:
            group["in_progress"].append(row)
    for group in domains.values():
        group["acquired"].sort(key=lambda row: row["acquired_on"])
        group["share"] = round(100 * len(group["acquired"]) / group["total"]) if group["total"] else 0
    attended = len(course["attended"])
    upcoming = [row for row in sessions if row["upcoming"] and row["attendance"] == Attendance.PLANNED]
    items = len(course["items"])
    return {
        "sessions": sessions,
        "next_session": upcoming[0]["session"] if upcoming else None,
        "modules": list(modules.values()),
        "domains": list(domains.values()),
        "acquired_count": len(course["acquired"]),
        "in_progress_count": len(course["in_progress"]),
        "items_count": items,
        "attended": attended,
        "sessions_total": SESSIONS,
        "hours": course["hours"],
        "hours_total": SESSIONS * SESSION_HOURS,
        "progress": min(100, round(100 * attended / SESSIONS)),
        "days_left": (ticket.expires_on - timezone.localdate()).days if ticket.is_open else None,
    }


@never_cache
def log(request, token):
    """The learner's log, by the personal link printed on their ticket or given by their place."""
    ticket = _by_token(token)
    context = {
        **_course(ticket),
        "ticket": ticket,
        "internal": False,
        "pdf_url": reverse("tickets:log-pdf", args=[ticket.log_token]),
        "pending": ticket.erasure_requests.filter(done_at__isnull=True).first(),
    }
    return _private(render(request, "tickets/log.html", context))


@require_POST
def log_erasure(request, token):
    """The learner asks for their personal data to be erased: the manager is told and confirms
    (services.erasure_request); asking again changes nothing."""
    ticket = _by_token(token)
    services.erasure_request(ticket=ticket)
    messages.success(request, _("Your request has been sent to the manager of the scheme."))
    return _private(redirect(reverse("tickets:log", args=[ticket.log_token]) + "#vos-donnees"))


@login_required
def log_internal(request, reference):
    """The same log inside the workspace, for whoever may see the ticket; the place's animators
    and the prescriber also get the personal link to give the learner, and the manager erases
    the data the learner asked to erase."""
    ticket = ticket_or_404(request.user, reference)
    user = request.user
    erased = ticket.beneficiary.erased_at is not None
    can_share = not erased and (policy.can(user, policy.FOLLOW, ticket) or policy.can(user, policy.ISSUE, ticket))
    context = {
        **_course(ticket),
        "ticket": ticket,
        "internal": True,
        "section": "tickets",
        "erased": erased,
        "share_url": request.build_absolute_uri(reverse("tickets:log", args=[ticket.log_token])) if can_share else "",
        "pdf_url": "" if erased else reverse("tickets:log-pdf", args=[ticket.log_token]),
        "pending_requests": list(
            ErasureRequest.objects.filter(ticket__beneficiary_id=ticket.beneficiary_id, done_at__isnull=True)
            .select_related("ticket")
            .order_by("requested_at")
        ),
        "can_erase": not erased and policy.can(user, policy.PAY),
    }
    return render(request, "tickets/log_internal.html", context)


@login_required
def dashboard(request):
    """Figures and charts over the tickets the member may see: each role sees its part."""
    require(request.user, policy.VIEW)
    return render(request, "tickets/dashboard.html", {"section": "tickets", "fig": figures.dashboard(request.user)})
