from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "workspace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.notifications import receivers  # noqa: F401  (stores what core.notify asks)
        from workspace.notifications.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="notifications",
                label=_("Notifications"),
                root_segment="notifications",
                root_urls="workspace.notifications.urls",
                kinds=frozenset(),
                widgets=WIDGETS,
            )
        )
