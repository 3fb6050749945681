"""What every workspace view starts with: the space, or a 404 / 403 that leaks nothing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspace.spaces import modules as registry
from workspace.spaces.models import Space
from workspace.spaces.permissions import DISCOVER, VIEW, policy


def space_or_404(request, slug: str, action: str = VIEW, module: str | None = None) -> Space:
    """The space ``slug`` where ``request.user`` may do ``action`` (in ``module``).

    Unknown, secret or personal-of-someone-else: 404, so that nobody learns a secret group
    exists. Known but forbidden (a non-member before an open group's forum, a guest trying to
    write): 403. A module switched off: 404, its content is hidden.
    """
    space = Space.objects.filter(slug=slug).first()
    user = request.user
    if space is None or not policy.user_has_permission(user, DISCOVER, space):
        raise Http404
    if module is not None:
        if not registry.is_enabled(space, module):
            raise Http404
        if not policy.user_has_module_permission(user, VIEW, space, module):
            raise PermissionDenied
        if action != VIEW and not policy.user_has_module_permission(user, action, space, module):
            raise PermissionDenied
    elif not policy.user_has_permission(user, action, space):
        raise PermissionDenied
    return space


def object_or_404(request, queryset, space: Space, **lookup):
    """A module object that belongs to ``space`` (ids of another space answer 404)."""
    obj = queryset.filter(space=space, **lookup).first()
    if obj is None:
        raise Http404
    return obj
