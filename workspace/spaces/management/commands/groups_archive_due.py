"""Run daily (cron: ``15 0 * * * manage.py groups_archive_due``): archive the working groups
past their end date and warn the admins of those ending within seven days."""

from django.core.management.base import BaseCommand

from workspace.spaces.tasks import groups_archive_due


class Command(BaseCommand):
    help = "Enqueue the archiving of working groups past their end date (run daily)."

    def handle(self, *args, **options):
        result = groups_archive_due.enqueue()
        self.stdout.write(f"groups_archive_due: {result.status}")
