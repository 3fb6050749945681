from django.conf import settings
from django.core.management.base import BaseCommand

from portal import demo
from workspace.people.demo import demo_accounts


class Command(BaseCommand):
    help = "Load the demo network (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        log = self.stdout.write if verbose else (lambda *a, **k: None)
        log("Chargement du réseau de démonstration…")
        demo.load_all(log=log)
        log(self.style.SUCCESS("Réseau de démonstration prêt."))
        if verbose and not options["quiet_accounts"]:
            self.print_accounts()

    def print_accounts(self):
        rows = demo_accounts()
        width = max(len(str(label)) for label, _ in rows)
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {settings.DEMO_PASSWORD})")
        self.stdout.write("-" * (width + 50))
        for label, email in rows:
            self.stdout.write(f"{str(label):<{width}}  {email}")
        self.stdout.write("-" * (width + 50))
