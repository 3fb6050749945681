from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "workspace.dashboard"
    label = "dashboard"
    verbose_name = _("Desk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.dashboard.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="dashboard",
                label=_("Desk"),
                segment="disposition",  # arranging a space's home
                urls="workspace.dashboard.urls_space",
                root_segment="",  # the member's desk is /espace/ itself
                root_urls="workspace.dashboard.urls",
                order=0,
                switchable=False,
                nav=False,
                widgets=WIDGETS,
                home="workspace.dashboard.views.space_home",
            )
        )
