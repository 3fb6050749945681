from django_tasks import task

from workspace.notifications import services


@task()
def digest_send() -> int:
    return services.digest_send()
