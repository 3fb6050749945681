from workspace.notes.models import Note
from workspace.spaces.permissions import VIEW, instances_user_has_permission_for, policy


def notes_of(*, user, space):
    if not policy.user_has_module_permission(user, VIEW, space, "notes"):
        return Note.objects.none()
    return space.notes.select_related("updated_by")


def latest_notes_for(*, user, limit: int):
    """The latest notes of every space the user reads (for the desk): one query."""
    from workspace.spaces.models import ModuleState

    spaces = instances_user_has_permission_for(user, VIEW)
    off = ModuleState.objects.filter(module="notes", enabled=False).values("space_id")
    return list(
        Note.objects.filter(space__in=spaces)
        .exclude(space_id__in=off)
        .select_related("space", "updated_by")
        .order_by("-pinned", "-updated_at")[:limit]
    )
