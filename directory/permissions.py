"""Who may administer which territory. The single place where that question is answered.

A referent is bound to one territory through a django-guardian object permission
(``directory.administer_territory``); the coordinator is a superuser and administers all.
"""

from guardian.shortcuts import get_objects_for_user

from core import roles
from directory.models import Territory

ADMINISTER = "directory.administer_territory"


_IDS = "_administrable_territory_ids"
roles.USER_MEMOS.add(_IDS)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def administrable_territory_ids(user) -> frozenset:
    """The ids of the territories ``user`` is the referent of, read once per user object (a
    request's user; a socket's is dropped when the member's grants move: ``core.roles``)."""
    ids = getattr(user, _IDS, None)
    if ids is None:
        ids = frozenset(
            get_objects_for_user(user, ADMINISTER, klass=Territory, accept_global_perms=False).values_list(
                "pk", flat=True
            )
        )
        setattr(user, _IDS, ids)
    return ids


def is_referent_of(user, territory) -> bool:
    """True when ``user`` may administer ``territory`` (its referent, or the coordinator)."""
    if not _active(user) or territory is None:
        return False
    if user.is_superuser:
        return True
    return territory.pk in administrable_territory_ids(user)


def administrable_territories(user):
    """The territories ``user`` may administer, as a queryset (empty for most members)."""
    if not _active(user):
        return Territory.objects.none()
    if user.is_superuser:
        return Territory.objects.all()
    ids = administrable_territory_ids(user)
    return Territory.objects.filter(pk__in=ids) if ids else Territory.objects.none()
