"""Who may administer which member or registration request: the referent of its territory
(asked of directory.permissions), or the coordinator."""

from directory.permissions import is_referent_of


def can_administer_member(user, member) -> bool:
    """Change the roles of ``member``, (de)activate them, send them a password link.

    The referent of the member's territory may, or the coordinator; a referent may not manage a
    superuser (the coordinator's own accounts), even one placed in their territory."""
    return _rank_allows(user, member) and is_referent_of(user, member.territory)


def _rank_allows(user, member) -> bool:
    """Only a superuser manages a superuser."""
    return user.is_superuser or not member.is_superuser


def administrable_member_ids(user, members) -> set:
    """The ids of ``members`` that ``user`` may administer (``can_administer_member`` for a list,
    asking who administers each territory once rather than once per member)."""
    referent_of = {}
    ids = set()
    for member in members:
        if not _rank_allows(user, member):
            continue
        if member.territory_id not in referent_of:
            referent_of[member.territory_id] = is_referent_of(user, member.territory)
        if referent_of[member.territory_id]:
            ids.add(member.pk)
    return ids


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
