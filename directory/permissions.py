"""Who may administer which territory. The single place where that question is answered.

A referent is bound to one territory through a django-guardian object permission
(``directory.administer_territory``); the coordinator is a superuser and administers all.
"""

from guardian.shortcuts import get_objects_for_user

from directory.models import Territory

ADMINISTER = "directory.administer_territory"


def is_referent_of(user, territory) -> bool:
    """True when ``user`` may administer ``territory`` (its referent, or the coordinator)."""
    if user is None or not user.is_authenticated or not user.is_active or territory is None:
        return False
    if user.is_superuser:
        return True
    return user.has_perm(ADMINISTER, territory)


def administrable_territories(user):
    """The territories ``user`` may administer, as a queryset (empty for most members)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Territory.objects.none()
    if user.is_superuser:
        return Territory.objects.all()
    return get_objects_for_user(user, ADMINISTER, klass=Territory, accept_global_perms=False)
