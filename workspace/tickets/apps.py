from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "workspace.tickets"
    label = "tickets"
    verbose_name = _("Ticket déclic")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.figures import register as register_figures
        from core.notify import NotificationKind
        from workspace.spaces.modules import Module, register
        from workspace.tickets.figures import PUBLIC_FIGURES
        from workspace.tickets.widgets import WIDGETS

        register_figures(PUBLIC_FIGURES)

        register(
            Module(
                slug="tickets",
                label=_("Ticket déclic"),
                root_segment="tickets",
                root_urls="workspace.tickets.urls",
                kinds=frozenset(),  # a scheme of the network, not switched per space
                icon="✚",
                order=70,
                widgets=WIDGETS,
                notification_kinds=(NotificationKind("ticket", _("Ticket déclic")),),
                menu="workspace.tickets.permissions.is_in_scheme",
            )
        )
