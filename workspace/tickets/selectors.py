"""Reads of the Ticket déclic scheme, filtered by the policy."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from workspace.tickets import permissions as policy
from workspace.tickets.models import Attendance, Claim, Enrolment, Session, Ticket


def tickets_list(user, *, status: str = "", q: str = ""):
    tickets = (
        policy.tickets_for(user)
        .select_related("beneficiary", "organisation", "place__place")
        .annotate(attended=Count("enrolments", filter=Q(enrolments__attendance=Attendance.PRESENT)))
        .order_by("-issued_on", "-pk")
    )
    if status in Ticket.Status.values:
        tickets = tickets.filter(status=status)
    if q:
        from workspace.tickets import reference as refs

        compact = refs.normalise(q)
        tickets = tickets.filter(
            Q(reference__startswith=compact)
            | Q(beneficiary__last_name__icontains=q)
            | Q(beneficiary__first_name__icontains=q)
        )
    return tickets


def learners_of(place):
    """The tickets followed at ``place``, with their attended sessions counted."""
    return (
        Ticket.objects.filter(place=place, status__in=Ticket.FOLLOWED)
        .select_related("beneficiary")
        .annotate(attended=Count("enrolments", filter=Q(enrolments__attendance=Attendance.PRESENT)))
        .order_by("beneficiary__last_name", "beneficiary__first_name")
    )


def sessions_of(place, *, upcoming: bool | None = None):
    sessions = (
        Session.objects.filter(place=place)
        .select_related("module", "animator")
        .annotate(enrolled=Count("enrolments", filter=~Q(enrolments__attendance=Attendance.EXCUSED)))
        .order_by("starts_at")
    )
    now = timezone.now() - datetime.timedelta(hours=3)
    if upcoming is True:
        sessions = sessions.filter(starts_at__gte=now)
    elif upcoming is False:
        sessions = sessions.filter(starts_at__lt=now).order_by("-starts_at")
    return sessions


def week_sessions(place, day=None):
    day = day or timezone.localdate()
    start = day - datetime.timedelta(days=day.weekday())
    return sessions_of(place).filter(starts_at__date__gte=start, starts_at__date__lt=start + datetime.timedelta(days=7))


def enrolments_of(ticket):
    return Enrolment.objects.filter(ticket=ticket).select_related("session__module", "session__animator")


def claims_for(user, *, status: str = ""):
    claims = Claim.objects.select_related("ticket__beneficiary", "place__place", "decided_by")
    if not policy.is_manager(user):
        claims = claims.filter(ticket__in=policy.tickets_for(user))
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    return claims


def course_of(ticket) -> dict:
    """The learner's course as their log and certificate tell it: the sessions (date, module,
    attendance), and for each item of their framework the level reached and when it was first
    acquired. Four queries whatever the course's length."""
    from workspace.tickets.models import Assessment, Item, Mastery

    enrolments = list(
        Enrolment.objects.filter(ticket=ticket)
        .select_related("session__module__family", "session__place__place")
        .order_by("session__starts_at")
    )
    items = list(
        Item.objects.filter(competence__domain__framework_id=ticket.framework_id).select_related("competence__domain")
    )
    marks = (
        Assessment.objects.filter(enrolment__ticket=ticket)
        .order_by("enrolment__session__starts_at")
        .values_list("item_id", "level", "enrolment__session__starts_at")
    )
    level, acquired_on = {}, {}
    for item_id, mark, when in marks:
        level[item_id] = mark
        if mark == Mastery.ACQUIRED and item_id not in acquired_on:
            acquired_on[item_id] = when
        elif mark != Mastery.ACQUIRED:
            acquired_on.pop(item_id, None)
    rows = [
        {
            "item": item,
            "competence": item.competence,
            "domain": item.competence.domain,
            "level": level.get(item.pk, Mastery.NOT_SEEN),
            "acquired_on": acquired_on.get(item.pk),
        }
        for item in items
    ]
    attended = [e for e in enrolments if e.attendance == Attendance.PRESENT]
    return {
        "enrolments": enrolments,
        "attended": attended,
        "hours": len(attended) * 2,
        "items": rows,
        "acquired": [r for r in rows if r["level"] == Mastery.ACQUIRED],
        "in_progress": [r for r in rows if r["level"] == Mastery.IN_PROGRESS],
    }
