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
    user.groups.add(group(role))


def revoke(user, role):
    user.groups.remove(group(role))


def has_role(user, role) -> bool:
    if not user.is_authenticated:
        return False
    if role == COORDINATOR and user.is_superuser:
        return True
    return any(g.name == GROUP_NAMES[role] for g in user.groups.all())


# What a referent may give or take within their territory; the coordinator may give every role.
REFERENT_GRANTABLE = (ANIMATOR, PRESCRIBER)


def grantable_by(user):
    if user.is_superuser:
        return tuple(GROUP_NAMES)
    return REFERENT_GRANTABLE
