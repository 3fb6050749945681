"""Reads about members, registrations and territories, for the referents' console."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from workspace.people.models import RegistrationRequest


def territory_figures(territory) -> dict:
    from directory.models import PlacePage

    members = get_user_model().objects.filter(territory=territory)
    month_ago = timezone.now() - timedelta(days=30)
    return {
        "members": members.filter(is_active=True).count(),
        "active_this_month": members.filter(is_active=True, last_login__gte=month_ago).count(),
        "places": PlacePage.objects.filter(territory=territory).live().count(),
        "pending": RegistrationRequest.objects.filter(
            territory=territory, status=RegistrationRequest.Status.PENDING
        ).count(),
    }


def territory_members(territory):
    return get_user_model().objects.filter(territory=territory).select_related("place").prefetch_related("groups")


def pending_registrations(territory):
    return RegistrationRequest.objects.filter(
        territory=territory, status=RegistrationRequest.Status.PENDING
    ).select_related("place")


def recent_decisions(territory, limit=10):
    return (
        RegistrationRequest.objects.filter(territory=territory)
        .exclude(status=RegistrationRequest.Status.PENDING)
        .select_related("decided_by")[:limit]
    )


def member_directory(viewer, *, q="", territory=None, place=None, skill=""):
    """Active members, searchable by name, job or skill, filtered by territory, place, skill.
    Members who blocked the viewer (or whom the viewer blocked) are left out."""
    from django.db.models import Q

    from workspace.contacts.selectors import blocked_ids

    members = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk__in=blocked_ids(viewer))
        .select_related("place", "territory")
        .prefetch_related("skills")
        .order_by("last_name", "first_name")
    )
    if q:
        for word in q.split()[:5]:
            members = members.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(display_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(place__title__icontains=word)
                | Q(skills__name__icontains=word)
            )
    if territory:
        members = members.filter(territory=territory)
    if place:
        members = members.filter(place=place)
    if skill:
        members = members.filter(skills__name__iexact=skill)
    return members.distinct()
