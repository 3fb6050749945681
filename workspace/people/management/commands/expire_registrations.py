from django.core.management.base import BaseCommand

from workspace.people.tasks import registrations_expire_task


class Command(BaseCommand):
    help = "Expire registration requests pending for more than 30 days (run it daily, e.g. from cron)."

    def handle(self, *args, **options):
        result = registrations_expire_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"{result.return_value} demande(s) expirée(s).")
        else:
            self.stdout.write("Tâche mise en file d'attente.")
