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
# Other answers read once per user object the same way (e.g. the territories a referent
# administers, ``directory.permissions``): their apps add the attribute's name here.
USER_MEMOS = {_NAMES}


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
    """Drop every answer read once on this user object (role names, territories…)."""
    for name in USER_MEMOS:
        user.__dict__.pop(name, None)


def access_changed(user) -> None:
    """``user``'s roles or grants changed: this object forgets what it read, and every other
    process and socket holding a copy reloads it (their grants version moves, now and once the
    change is committed)."""
    from django.db import transaction

    from core import access

    forget_role_names(user)
    access.bump(access.GRANTS, user.pk)
    transaction.on_commit(lambda: access.bump(access.GRANTS, user.pk))


def has_role(user, role) -> bool:
    if not user.is_authenticated:
        return False
    if role == COORDINATOR and user.is_superuser:
        return True
    return GROUP_NAMES[role] in role_names(user)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Someone's groups changed (a service, the admin, a shell): the copy of the names on that
    object goes, and every process and socket holding another copy reloads it (grants version)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            access_changed(instance)
        return
    if action == "pre_clear":  # group.user_set.clear(): its members, while they are still there
        user_ids = list(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        user_ids = list(pk_set or ())
    else:
        return
    from django.db import transaction

    from core import access

    for user_id in user_ids:
        access.bump(access.GRANTS, user_id)
        transaction.on_commit(lambda user_id=user_id: access.bump(access.GRANTS, user_id))


# What a referent may give or take within their territory; the coordinator may give every role.
REFERENT_GRANTABLE = (ANIMATOR, PRESCRIBER)


def grantable_by(user):
    if user.is_superuser:
        return tuple(GROUP_NAMES)
    return REFERENT_GRANTABLE
