"""What other apps ask of the people module through core (store an audit log entry), and what
the accounts tell the live sockets (a deactivated account, a changed password, a logout)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core import access
from core.audit import audit_requested


@receiver(audit_requested, dispatch_uid="people.audit")
def on_audit(sender, actor, action, summary, territory=None, target=None, **kwargs):
    from workspace.people.services import audit_record

    audit_record(actor=actor, action=action, summary=summary, territory=territory, target=target)


# -- live revocation: a socket loses what its member loses, at once (core.access) ------------


@receiver(user_logged_out, dispatch_uid="people.revoke-session")
def on_logged_out(sender, request, user, **kwargs):
    """The sockets opened with this session close; the member's other sessions stay."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if user is not None and session_key:
        access.revoke_session(user.pk, session_key)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="people.revoke-watch")
def on_user_saving(sender, instance, update_fields=None, **kwargs):
    """Note whether this save deactivates the account or changes its password (a login saves
    ``last_login`` alone: no query then)."""
    if instance.pk is None or (update_fields is not None and not {"is_active", "password"} & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values("is_active", "password").first()
    instance._access_revoked = before is not None and (
        (before["is_active"] and not instance.is_active) or before["password"] != instance.password
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="people.revoke")
def on_user_saved(sender, instance, created, **kwargs):
    if getattr(instance, "_access_revoked", False):
        instance._access_revoked = False
        access.revoke_user(instance.pk)
