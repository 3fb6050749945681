from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "workspace.forum"
    label = "forum"
    verbose_name = _("Forum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from core.search import SearchKind
        from workspace.forum.widgets import WIDGETS
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
                widgets=WIDGETS,
                search_kinds=(
                    SearchKind("topic", _("Forum topics"), order=22),
                    SearchKind("post", _("Forum messages"), autocomplete=False, order=23),
                ),
                notification_kinds=(
                    NotificationKind("reply", _("Reply")),
                    NotificationKind("report", _("Report")),
                ),
            )
        )
