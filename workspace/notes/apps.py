from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "workspace.notes"
    label = "notes"
    verbose_name = _("Notes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
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
                grants={
                    "personal": {"change": "contribute", "delete": "contribute"},
                    "group": {"change": "contribute"},
                    "network": {"contribute": "moderate", "change": "moderate", "delete": "moderate"},
                },
            )
        )
        from workspace.notes import widgets  # noqa: F401
