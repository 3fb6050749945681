from workspace.files.models import Folder, StoredFile
from workspace.spaces.models import ModuleState
from workspace.spaces.permissions import VIEW, instances_user_has_permission_for, policy


def files_in(*, user, space, folder=None):
    if not policy.user_has_module_permission(user, VIEW, space, "files"):
        return StoredFile.objects.none()
    return StoredFile.objects.filter(space=space, folder=folder, deleted_at__isnull=True).select_related("updated_by")


def folders_in(*, space, parent=None):
    return Folder.objects.filter(space=space, parent=parent)


def trash_of(*, user, space):
    if not policy.user_has_module_permission(user, VIEW, space, "files"):
        return StoredFile.objects.none()
    return StoredFile.objects.filter(space=space, deleted_at__isnull=False).select_related("deleted_by")


def recent_files_for(*, user, limit: int, space=None):
    if space is not None:
        files = StoredFile.objects.filter(space=space)
    else:
        off = ModuleState.objects.filter(module="files", enabled=False).values("space_id")
        files = StoredFile.objects.filter(space__in=instances_user_has_permission_for(user, VIEW)).exclude(
            space_id__in=off
        )
    return list(files.filter(deleted_at__isnull=True).select_related("space").order_by("-updated_at")[:limit])
