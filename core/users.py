"""Who is a member right now, asked the same way everywhere."""


def is_active_member(user) -> bool:
    """A logged-in, active account (an anonymous visitor, a deactivated member: False)."""
    return user is not None and user.is_authenticated and user.is_active
