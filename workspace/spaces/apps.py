from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "workspace.spaces"
    label = "spaces"
    verbose_name = _("Spaces")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind, register_kind
        from core.search import SearchKind
        from core.search import register_kind as register_search_kind
        from workspace.spaces import checks  # noqa: F401  (system checks of the module contract)

        register_search_kind(SearchKind("group", _("Working groups"), order=31))
        for kind in (
            NotificationKind("invitation", _("Invitation")),
            NotificationKind("request", _("Request to join")),
            NotificationKind("archive", _("Group archived")),
        ):
            register_kind(kind)
