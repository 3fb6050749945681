from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.search import SearchKind, register_kind
        from home import cache

        cache.connect_signals()
        for kind in (
            SearchKind("page", _("Pages"), order=10),
            SearchKind("news", _("News"), order=11),
            SearchKind("event", _("Events"), order=12),
            SearchKind("document", _("Documents"), order=15),
        ):
            register_kind(kind)
