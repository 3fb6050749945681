from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "workspace.contacts"
    label = "contacts"
    verbose_name = _("Contacts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from workspace.contacts.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        register(
            Module(
                slug="contacts",
                label=_("Contacts"),
                root_segment="contacts",
                root_urls="workspace.contacts.urls",
                kinds=frozenset(),  # a member's network, not switched per space
                widgets=WIDGETS,
                search_hidden="workspace.contacts.selectors.search_hidden",
                notification_kinds=(
                    NotificationKind("contact", _("Contact")),
                    NotificationKind("comment", _("Comment")),
                ),
            )
        )
