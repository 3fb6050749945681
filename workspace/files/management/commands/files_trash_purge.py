"""Run daily (cron): delete for good the files in the trash for more than 30 days."""

from django.core.management.base import BaseCommand

from workspace.files.tasks import trash_purge


class Command(BaseCommand):
    help = "Enqueue the purge of files in the trash for more than 30 days (run daily)."

    def handle(self, *args, **options):
        result = trash_purge.enqueue()
        self.stdout.write(f"files_trash_purge: {result.status}")
