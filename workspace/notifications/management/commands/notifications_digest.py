"""Run daily (cron, e.g. 7:00): e-mail the members who asked for it their unread notifications."""

from django.core.management.base import BaseCommand

from workspace.notifications.tasks import digest_send


class Command(BaseCommand):
    help = "Enqueue the daily e-mail digest of notifications."

    def handle(self, *args, **options):
        result = digest_send.enqueue()
        self.stdout.write(f"notifications_digest: {result.status}")
