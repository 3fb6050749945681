from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "workspace.people"
    label = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.search import SearchKind
        from workspace.people import receivers  # noqa: F401  (the audit log, live revocation)
        from workspace.spaces.modules import Module, register

        post_migrate.connect(_ensure_role_groups, sender=self)
        register(
            Module(
                slug="people",
                label=_("Members"),
                root_segment="",  # profile, member directory, territory consoles, audit log
                root_urls="workspace.people.urls",
                order=5,
                kinds=frozenset(),
                search_kinds=(SearchKind("member", _("Members"), order=30),),
            )
        )


def _ensure_role_groups(sender, **kwargs):
    from core import roles

    roles.ensure_groups()
