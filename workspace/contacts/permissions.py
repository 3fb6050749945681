"""Who may see and moderate posts of the activity stream: the one place that decides it."""

from directory.permissions import is_referent_of
from workspace.contacts.selectors import are_contacts, is_blocked_between


def can_moderate_post(user, post) -> bool:
    """The referent of the author's territory, or the coordinator."""
    return user.is_authenticated and (user.is_superuser or is_referent_of(user, post.author.territory))


def can_see_post(user, post) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if post.author_id == user.pk:
        return True
    if post.hidden or (post.visibility != "network" and post.reports.filter(resolved=False).exists()):
        # a hidden post, or a reported one outside its audience, is shown to its moderators
        if can_moderate_post(user, post):
            return True
        if post.hidden:
            return False
    if is_blocked_between(user, post.author):
        return False
    if post.visibility == "network":
        return True
    return are_contacts(user, post.author)
