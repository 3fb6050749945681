from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "workspace.notes"
    label = "notes"
    verbose_name = _("Notes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.search import SearchKind
        from workspace.notes.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="notes",
                label=_("Notes"),
                segment="notes",
                urls="workspace.notes.urls",
                icon="✎",
                order=40,
                # Any member edits a group's notes; in the network space only its admins write.
                # Pinning: one's own notes on the desk, a group's or the network's by moderators.
                grants={
                    "personal": {"change": "contribute", "delete": "contribute", "pin": "contribute"},
                    "group": {"change": "contribute", "pin": "moderate"},
                    "network": {
                        "contribute": "moderate",
                        "change": "moderate",
                        "delete": "moderate",
                        "pin": "moderate",
                    },
                },
                widgets=WIDGETS,
                search_kinds=(SearchKind("note", _("Notes"), order=20),),
            )
        )
