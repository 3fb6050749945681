from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "workspace.files"
    label = "files"
    verbose_name = _("Files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.search import SearchKind
        from workspace.files.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="files",
                label=_("Files"),
                segment="fichiers",
                urls="workspace.files.urls",
                icon="▤",
                order=30,
                grants={"network": {"contribute": "moderate"}},  # the network's shared files: its admins
                widgets=WIDGETS,
                search_kinds=(SearchKind("file", _("Files"), order=21),),
            )
        )
