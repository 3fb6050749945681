from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "workspace.agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="agenda",
                label=_("Agenda"),
                segment="agenda",
                urls="workspace.agenda.urls",
                icon="▦",
                order=10,
                grants={"network": {"contribute": "moderate"}},  # the network's events: its admins
            )
        )
        from workspace.agenda import widgets  # noqa: F401
