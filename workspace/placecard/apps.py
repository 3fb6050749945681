from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacecardConfig(AppConfig):
    name = "workspace.placecard"
    label = "placecard"
    verbose_name = _("Place card")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from workspace.placecard import receivers  # noqa: F401 - connects Wagtail's workflow signals
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="placecard",
                label=_("My organisation"),
                root_segment="structure",
                root_urls="workspace.placecard.urls",
                kinds=frozenset(),  # the place's card, not switched per space
                icon="⌂",
                order=60,
                notification_kinds=(NotificationKind("placecard", _("Place cards")),),
                menu="workspace.placecard.permissions.has_card",
            )
        )
