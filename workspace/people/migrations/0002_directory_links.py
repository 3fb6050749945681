import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The links to the directory come after the user model, which Wagtail's pages need first."""

    dependencies = [
        ("people", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="place",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="members", to="directory.placepage", verbose_name="place"),
        ),
        migrations.AddField(
            model_name="user",
            name="territory",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="members", to="directory.territory", verbose_name="territory"),
        ),
    ]
