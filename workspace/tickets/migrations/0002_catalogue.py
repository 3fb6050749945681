"""The 20 modules, their 5 families and the competence frameworks (Pix by default, B2i Adultes),
so that every installation starts with the scheme's catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from workspace.tickets.catalogue import load as load_catalogue

    load_catalogue(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
