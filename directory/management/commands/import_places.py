"""manage.py import_places FILE [--territory SLUG]: import a CSV of the national schema."""

import sys

from django.core.management.base import BaseCommand, CommandError

from directory.models import Territory
from directory.services import places_import


class Command(BaseCommand):
    help = "Import places from a CSV file in the national schema of places of digital mediation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8), or - for standard input")
        parser.add_argument("--territory", help="slug of the territory of new places whose commune is unknown")

    def handle(self, *args, file, territory=None, **options):
        default = None
        if territory:
            default = Territory.objects.filter(slug=territory).first()
            if default is None:
                raise CommandError(f"Unknown territory: {territory}")
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8-sig").read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error

        def progress(done, total):
            self.stderr.write(f"\r{done}/{total} lignes", ending="")
            if done == total:
                self.stderr.write("")

        report = places_import(text=text, default_territory=default, progress=progress)
        for line, identifier, reason in report.rejected:
            self.stdout.write(f"ligne {line} ({identifier}) rejetée : {reason}")
        for line, identifier, warning in report.warnings:
            self.stdout.write(f"ligne {line} ({identifier}) : {warning}")
        self.stdout.write(
            f"{report.total} lignes lues : {report.created} créées, {report.updated} mises à jour, "
            f"{report.unchanged} inchangées, {len(report.rejected)} rejetées."
        )
