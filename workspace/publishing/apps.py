from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "workspace.publishing"
    label = "publishing"
    verbose_name = _("Public workshops")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from workspace.publishing import receivers
        from workspace.spaces.modules import Module, register

        receivers.connect()
        register(
            Module(
                slug="publishing",
                label=_("Public workshops"),
                root_segment="ateliers",
                root_urls="workspace.publishing.urls",
                kinds=frozenset(),  # the network's public agenda, not switched per space
                icon="✎",
                order=74,
                notification_kinds=(NotificationKind("publishing", _("Public workshops")),),
                menu="workspace.publishing.permissions.sees_module",
            )
        )
