from django.core.management.base import BaseCommand

from portal.management.commands.load_demo import Command as LoadDemo


class Command(BaseCommand):
    help = "Print the demo accounts and their shared password."

    def handle(self, *args, **options):
        LoadDemo(stdout=self.stdout, stderr=self.stderr).print_accounts()
