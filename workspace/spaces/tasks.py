"""Background tasks of spaces. django-tasks has no scheduler: ``manage.py groups_archive_due``
enqueues this task and is run daily by cron (see the README)."""

from django_tasks import task

from workspace.spaces import services


@task()
def groups_archive_due() -> dict:
    return services.groups_archive_due()
