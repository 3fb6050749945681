from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "workspace.forum"
    label = "forum"
    verbose_name = _("Forum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="forum",
                label=_("Forum"),
                segment="forum",
                urls="workspace.forum.urls",
                icon="✉",
                order=20,
                kinds=frozenset({"group", "network"}),
            )
        )
        from workspace.forum import widgets  # noqa: F401
