from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "workspace.chat"
    label = "chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from core.search import SearchKind
        from workspace.chat import space_rooms
        from workspace.chat.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="chat",
                label=_("Chat"),
                segment="discussion",  # a group's room
                urls="workspace.chat.urls_space",
                root_segment="discussion",  # the chat: lounge, groups, conversations
                root_urls="workspace.chat.urls",
                icon="❝",  # a symbol every system font draws (an emoji may show as a box)
                order=15,
                # The network has its lounge and the personal desk its direct conversations.
                kinds=frozenset({"group"}),
                widgets=WIDGETS,
                search_kinds=(SearchKind("message", _("Chat messages"), autocomplete=False, order=24),),
                search_tokens="workspace.chat.selectors.search_tokens",
                notification_kinds=(
                    NotificationKind("mention", _("Mention")),
                    NotificationKind("message", _("Direct message")),
                ),
                socket="workspace.chat.consumers.ChatSocket",
            )
        )
        space_rooms.connect()
