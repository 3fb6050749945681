from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "workspace.people"
    label = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_role_groups, sender=self)


def _ensure_role_groups(sender, **kwargs):
    from workspace.people import roles

    roles.ensure_groups()
