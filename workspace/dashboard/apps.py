from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "workspace.dashboard"
    label = "dashboard"
    verbose_name = _("Desk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.dashboard import widgets  # noqa: F401  (registers the core widgets)
