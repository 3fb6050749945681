from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "workspace.chat"
    label = "chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspace.chat import space_rooms
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="chat",
                label=_("Chat"),
                segment="discussion",
                urls="workspace.chat.urls_space",
                icon="❝",  # a symbol every system font draws (an emoji may show as a box)
                order=15,
                # The network has its lounge and the personal desk its direct conversations.
                kinds=frozenset({"group"}),
            )
        )
        space_rooms.connect()
        from workspace.chat import widgets  # noqa: F401
