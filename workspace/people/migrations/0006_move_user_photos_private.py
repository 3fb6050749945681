"""Move the photos of existing members from the public media root to the private storage, under
unguessable names (they were served to anyone under /media/people/photos/<id>/<file name>)."""

from django.db import migrations

from core.private_move import mover


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_user_photo_private"),
    ]

    operations = [
        # Not reversed: going back leaves the photos private, which is where they belong.
        migrations.RunPython(mover("people", "User", "photo", "people/photos"), migrations.RunPython.noop),
    ]
