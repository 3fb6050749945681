from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from core.roles import groups_changed

        m2m_changed.connect(groups_changed, sender=get_user_model().groups.through, dispatch_uid="core-roles-groups")
