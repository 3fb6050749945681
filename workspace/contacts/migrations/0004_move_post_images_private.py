"""Move the images of existing posts from the public media root to the private storage, under
unguessable names (they were served to anyone under /media/posts/<author>/<file name>)."""

from django.db import migrations

from core.private_move import mover


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0003_post_image_private"),
    ]

    operations = [
        # Not reversed: going back leaves the pictures private, which is where they belong.
        migrations.RunPython(mover("contacts", "Post", "image", "posts"), migrations.RunPython.noop),
    ]
