"""Who may administer which member or registration request: the referent of its territory
(asked of directory.permissions), or the coordinator."""

from directory.permissions import is_referent_of


def can_administer_member(user, member) -> bool:
    if member.is_superuser and not user.is_superuser:
        return False
    return is_referent_of(user, member.territory)


def can_decide_registration(user, registration) -> bool:
    return is_referent_of(user, registration.territory)


def can_read_audit_log(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def can_see_profile(viewer, member) -> bool:
    """Active members see each other's profiles, unless one blocked the other."""
    if not (viewer.is_authenticated and viewer.is_active and member.is_active):
        return viewer.is_authenticated and viewer.is_superuser
    from workspace.contacts.selectors import is_blocked_between

    return viewer.pk == member.pk or not is_blocked_between(viewer, member)


def can_see_field(viewer, member, visibility: str, *, are_contacts: bool) -> bool:
    """A contact detail is shown according to the visibility its owner chose."""
    if viewer.pk == member.pk:
        return True
    if visibility == "network":
        return True
    if visibility == "contacts":
        return are_contacts
    return False
