from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EspapConfig(AppConfig):
    name = "workspace.espap"
    label = "espap"
    verbose_name = _("esp@p")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.figures import register as register_figures
        from core.notify import NotificationKind
        from workspace.espap.figures import PUBLIC_FIGURES
        from workspace.espap.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register_figures(PUBLIC_FIGURES)
        register(
            Module(
                slug="espap",
                label=_("esp@p"),
                root_segment="espap",
                root_urls="workspace.espap.urls",
                kinds=frozenset(),  # a scheme of the network, not switched per space
                icon="☎",
                order=72,
                widgets=WIDGETS,
                notification_kinds=(NotificationKind("espap", _("esp@p appointments")),),
                socket="workspace.espap.calls.CallSocket",
                menu="workspace.espap.permissions.is_in_scheme",
            )
        )
