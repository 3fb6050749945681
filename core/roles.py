"""The roles of the network, as Django groups.

The group names are French because the Wagtail admin shows them as they are to the
coordinator. Code refers to roles by these constants only.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinator"
COMMUNICATION = "communication"
REFERENT = "referent"
ANIMATOR = "animator"
AGENCY_ADVISOR = "agency_advisor"
PRESCRIBER = "prescriber"
TICKET_MANAGER = "ticket_manager"

GROUP_NAMES = {
    COORDINATOR: "Coordination du réseau",
    COMMUNICATION: "Chargés de communication",
    REFERENT: "Référents territoriaux",
    ANIMATOR: "Animateurs",
    AGENCY_ADVISOR: "Conseillers d'agence",
    PRESCRIBER: "Prescripteurs Ticket déclic",
    TICKET_MANAGER: "Gestionnaires Ticket déclic",
}

LABELS = {
    COORDINATOR: _("Coordinator"),
    COMMUNICATION: _("Communications officer"),
    REFERENT: _("Territory referent"),
    ANIMATOR: _("Animator"),
    AGENCY_ADVISOR: _("Agency advisor"),
    PRESCRIBER: _("Prescriber"),
    TICKET_MANAGER: _("Ticket manager"),
}

# Roles that work in the Wagtail admin.
ADMIN_ROLES = {COORDINATOR, COMMUNICATION, REFERENT}


def ensure_groups():
    """Create the role groups when missing; give admin roles access to the Wagtail admin."""
    from django.contrib.auth.models import Permission

    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if access_admin and role in ADMIN_ROLES:
            group.permissions.add(access_admin)
        groups[role] = group
    return groups


def group(role):
    return Group.objects.get_or_create(name=GROUP_NAMES[role])[0]


def grant(user, role):
    user.groups.add(group(role))  # the m2m signal below forgets the names read on ``user``


def revoke(user, role):
    user.groups.remove(group(role))


# The names of a member's groups, read once per user object: a request's user is new for each
# request; a socket keeps its user for its life, so its consumer drops them whenever the
# member's grants version moved (``forget_role_names``, called by the spaces policy's
# ``revalidate``), and every change of a member's groups moves that version.
_NAMES = "_role_group_names"


def role_names(user) -> frozenset:
    names = getattr(user, _NAMES, None)
    if names is None:
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
        if prefetched is not None:
            names = frozenset(group.name for group in prefetched)
        else:
            names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _NAMES, names)
    return names


def forget_role_names(user) -> None:
    user.__dict__.pop(_NAMES, None)


def has_role(user, role) -> bool:
    if not user.is_authenticated:
        return False
    if role == COORDINATOR and user.is_superuser:
        return True
    return GROUP_NAMES[role] in role_names(user)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Someone's groups changed (a service, the admin, a shell): the copy of the names on that
    object goes, and every process and socket holding another copy reloads it (grants version)."""
    if not action.startswith("post_"):
        return
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core import access

    if reverse:  # group.user_set.add(...): the members are in pk_set
        user_ids = list(pk_set or ()) if action != "post_clear" else []
    else:
        forget_role_names(instance)
        user_ids = [instance.pk]
    if reverse and action == "post_clear":
        user_ids = list(get_user_model().objects.filter(groups=instance).values_list("pk", flat=True))
    for user_id in user_ids:
        access.bump(access.GRANTS, user_id)
        transaction.on_commit(lambda user_id=user_id: access.bump(access.GRANTS, user_id))


# What a referent may give or take within their territory; the coordinator may give every role.
REFERENT_GRANTABLE = (ANIMATOR, PRESCRIBER)


def grantable_by(user):
    if user.is_superuser:
        return tuple(GROUP_NAMES)
    return REFERENT_GRANTABLE
