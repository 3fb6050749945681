"""Run daily (cron: ``30 6 * * * manage.py tickets_daily``): expire the Ticket déclic tickets past
their date, warn prescribers 30 days before an unused ticket expires, remind learners the day
before their session, and erase personal data three years after a course ended."""

from django.core.management.base import BaseCommand

from workspace.tickets.jobs import tickets_daily_task


class Command(BaseCommand):
    help = "Enqueue the daily job of the Ticket déclic scheme (expiry, warnings, reminders, retention)."

    def handle(self, *args, **options):
        result = tickets_daily_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"tickets_daily: {result.return_value}")
        else:
            self.stdout.write(f"tickets_daily: {result.status}")
