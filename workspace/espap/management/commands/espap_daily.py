"""Run daily (cron: ``0 7 * * * manage.py espap_daily``): remind the people of tomorrow's esp@p
appointments, cancel unconfirmed requests whose time has passed, delete the documents sent during
calls after their period, and erase inhabitants' details after the retention period."""

from django.core.management.base import BaseCommand

from workspace.espap.jobs import espap_daily_task


class Command(BaseCommand):
    help = "Enqueue the daily job of esp@p (reminders, lapsed requests, documents, personal data)."

    def handle(self, *args, **options):
        result = espap_daily_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"espap_daily: {result.return_value}")
        else:
            self.stdout.write(f"espap_daily: {result.status}")
