"""Background tasks of the people app (django-tasks: immediate by default, a worker at scale)."""

from django_tasks import task

from workspace.people import services


@task()
def registrations_expire_task() -> int:
    """Expire registration requests left pending for 30 days. Run daily (``manage.py expire_registrations``)."""
    return services.registrations_expire()
