from django_tasks import task

from workspace.files import services


@task()
def trash_purge() -> int:
    return services.trash_purge()
