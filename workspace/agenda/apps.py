from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "workspace.agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from core.search import SearchKind
        from workspace.agenda.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="agenda",
                label=_("Agenda"),
                segment="agenda",
                urls="workspace.agenda.urls",
                root_segment="agenda",  # a member's agenda of everything they may see
                root_urls="workspace.agenda.urls_member",
                icon="▦",
                order=10,
                grants={"network": {"contribute": "moderate"}},  # the network's events: its admins
                widgets=WIDGETS,
                search_kinds=(SearchKind("meeting", _("Agenda of the spaces"), order=13),),
                notification_kinds=(NotificationKind("event", _("Event")),),
            )
        )
