from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "workspace.contacts"
    label = "contacts"
    verbose_name = _("Contacts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from core.notify import NotificationKind
        from workspace.contacts.selectors import forget_newcomers
        from workspace.contacts.widgets import WIDGETS
        from workspace.spaces.modules import Module, register

        user_model = get_user_model()
        post_save.connect(forget_newcomers, sender=user_model, dispatch_uid="contacts-newcomers-save")
        post_delete.connect(forget_newcomers, sender=user_model, dispatch_uid="contacts-newcomers-delete")

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
