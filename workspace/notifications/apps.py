from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "workspace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from workspace.notifications import receivers  # noqa: F401  (stores what core.notify asks)
        from workspace.notifications.models import Notification
        from workspace.notifications.services import notification_changed
        from workspace.notifications.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        # one notification saved or deleted outside the services (the admin, a cascade): the
        # bell's cached count goes (the services forget it themselves for their bulk writes)
        post_save.connect(notification_changed, sender=Notification, dispatch_uid="notifications-unread-save")
        post_delete.connect(notification_changed, sender=Notification, dispatch_uid="notifications-unread-delete")

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
