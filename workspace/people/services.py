"""Writes on members. Nothing else calls ``.save()`` on a user."""

from django.contrib.auth import get_user_model
from django.db import transaction

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "photo",
    "phone",
    "job_title",
    "place",
    "territory",
    "bio",
    "email_visibility",
    "phone_visibility",
)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    password_hash: str | None = None,
    **fields,
):
    """Create a member. ``password_hash`` takes an already hashed password (imports, demo)."""
    User = get_user_model()
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, **fields
    )
    if password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    from workspace.spaces.services import invitations_claim, member_spaces_ensure

    member_spaces_ensure(user=user)  # their personal desk and their place in the network space
    invitations_claim(user=user)  # group invitations sent to their address before the account
    return user


@transaction.atomic
def profile_update(*, user, data: dict):
    # The stored photo, read again: a ModelForm has already put the new one on ``user``.
    old_photo = get_user_model().objects.filter(pk=user.pk).values_list("photo", flat=True).first() or ""
    _photo_check(data.get("photo"))
    changed = []
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if field == "photo" and value is False:  # the "clear" box was ticked
                value = ""
            if field == "photo" and value is None:
                continue
            setattr(user, field, value)
            changed.append(field)
    user.full_clean(exclude=["password", "skills"])
    user.save(update_fields=changed)
    if old_photo and user.photo.name != old_photo:
        from core.storage import delete_on_commit

        delete_on_commit(user.photo.storage, old_photo)  # replaced or cleared: the old one goes
    if "skills" in data:
        user.skills.set(data["skills"] or [], clear=True)
    return user


def _photo_check(photo) -> None:
    """The form's checks, kept by the service for every other caller: size and picture."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from core.images import is_new_upload, is_picture

    if not is_new_upload(photo):
        return
    limit = settings.PROFILE_PHOTO_MAX_BYTES
    if getattr(photo, "size", 0) > limit:
        message = _("The photo is too large (%(size)s MB); the limit is %(limit)s MB.") % {
            "size": round(photo.size / 1024 / 1024, 1),
            "limit": limit // 1024 // 1024,
        }
        raise ValidationError({"photo": message})
    if not is_picture(photo):
        raise ValidationError({"photo": _("This file is not an image; choose a JPEG, PNG or WebP picture.")})


# --- Audit log ------------------------------------------------------------------------------


def audit_record(*, actor, action: str, summary: str, territory=None, target=None) -> None:
    from workspace.people.models import AuditEntry

    AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        territory=territory,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
    )


# --- Registration requests ------------------------------------------------------------------

REGISTRATION_EXPIRY_DAYS = 30


class RegistrationError(ValueError):
    """A registration request that cannot be accepted as it is; the message says why."""


def _send(subject, template, context, to):
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    if not to:
        return
    body = render_to_string(template, context)
    send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, list(to), fail_silently=False)


@transaction.atomic
def registration_submit(
    *, first_name, last_name, email, territory, place=None, role="animator", message="", base_url=""
):
    """Record a request to join; the referents of the territory are told by e-mail.

    The visitor is answered the same whatever the address: whether it has an account, or a
    request waiting, is told only to the address itself, by e-mail (as the password reset does),
    so the form cannot be used to find out who is a member. Returns the new request, or None
    when nothing was recorded (the address has an account, or a request already waiting)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from directory.services import territory_referents
    from workspace.people.models import RegistrationRequest

    # Errors about what was typed come first: they must not depend on the address.
    if place is not None and place.territory_id != territory.pk:
        raise RegistrationError(_("This place belongs to another territory (%(name)s).") % {"name": place.territory})
    email = email.strip().lower()
    User = get_user_model()
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        context = {
            "user": owner,
            "login_link": base_url + reverse("login"),
            "reset_link": base_url + reverse("password_reset"),
        }
        transaction.on_commit(
            lambda: _send(
                _("Maillage: a request to open an account with your address"),
                "people/emails/registration_existing_account.txt",
                context,
                [owner.email],
            )
        )
        return None
    waiting = RegistrationRequest.objects.filter(email__iexact=email, status=RegistrationRequest.Status.PENDING).first()
    if waiting is not None:
        transaction.on_commit(
            lambda: _send(
                _("Maillage: your registration request is already waiting"),
                "people/emails/registration_already_pending.txt",
                {"registration": waiting},
                [waiting.email],
            )
        )
        return None
    request = RegistrationRequest.objects.create(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        territory=territory,
        place=place,
        role=role,
        message=message.strip(),
    )
    referents = [u.email for u in territory_referents(territory) if u.is_active]
    transaction.on_commit(
        lambda: _send(
            _("Maillage: a registration request is waiting for you"),
            "people/emails/registration_to_referent.txt",
            {"request": request, "base_url": base_url},
            referents,
        )
    )
    return request


def _require_referent(actor, territory):
    from django.core.exceptions import PermissionDenied

    from directory.permissions import is_referent_of

    if not is_referent_of(actor, territory):
        raise PermissionDenied


@transaction.atomic
def registration_approve(*, actor, registration, base_url=""):
    """Create the account (with its desk) and send the person a link to choose a password."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from core import roles
    from workspace.people.models import RegistrationRequest

    _require_referent(actor, registration.territory)
    registration = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationRequest.Status.PENDING:
        raise RegistrationError(_("This request has already been decided."))
    if get_user_model().objects.filter(email__iexact=registration.email).exists():
        raise RegistrationError(_("An account already uses this e-mail address."))
    user = user_create(
        email=registration.email,
        first_name=registration.first_name,
        last_name=registration.last_name,
        place=registration.place,
        territory=registration.territory,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if registration.role == RegistrationRequest.Role.ANIMATOR:
        roles.grant(user, roles.ANIMATOR)
    registration.status = RegistrationRequest.Status.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.user = user
    registration.save()
    audit_record(
        actor=actor,
        action="registration.approve",
        summary=_("Approved the registration of %(name)s") % {"name": registration.full_name},
        territory=registration.territory,
        target=user,
    )
    link = password_set_link(user, base_url)
    transaction.on_commit(
        lambda: _send(
            _("Welcome to Maillage: choose your password"),
            "people/emails/registration_approved.txt",
            {"registration": registration, "link": link},
            [registration.email],
        )
    )
    return user


@transaction.atomic
def registration_decline(*, actor, registration, reason: str):
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from workspace.people.models import RegistrationRequest

    _require_referent(actor, registration.territory)
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Say why the request is declined: the person will read it."))
    registration = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationRequest.Status.PENDING:
        raise RegistrationError(_("This request has already been decided."))
    registration.status = RegistrationRequest.Status.DECLINED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.decline_reason = reason
    registration.save()
    audit_record(
        actor=actor,
        action="registration.decline",
        summary=_("Declined the registration of %(name)s: %(reason)s")
        % {"name": registration.full_name, "reason": reason},
        territory=registration.territory,
        target=registration,
    )
    transaction.on_commit(
        lambda: _send(
            _("Maillage: your registration request"),
            "people/emails/registration_declined.txt",
            {"registration": registration},
            [registration.email],
        )
    )
    return registration


def registrations_expire(*, now=None) -> int:
    """Pending requests older than 30 days expire; returns how many."""
    from datetime import timedelta

    from django.utils import timezone

    from workspace.people.models import RegistrationRequest

    now = now or timezone.now()
    return RegistrationRequest.objects.filter(
        status=RegistrationRequest.Status.PENDING, created_at__lt=now - timedelta(days=REGISTRATION_EXPIRY_DAYS)
    ).update(status=RegistrationRequest.Status.EXPIRED, decided_at=now)


# --- Members of a territory -------------------------------------------------------------------


def _require_member_admin(actor, member):
    """The referent of the member's territory, or the coordinator; a referent never acts on a
    superuser's account (asked of permissions.can_administer_member)."""
    from django.core.exceptions import PermissionDenied

    from workspace.people.permissions import can_administer_member

    if not can_administer_member(actor, member):
        raise PermissionDenied


@transaction.atomic
def member_set_active(*, actor, member, active: bool):
    from django.utils.translation import gettext as _

    _require_member_admin(actor, member)
    if member.pk == actor.pk:
        raise RegistrationError(_("You cannot deactivate your own account."))
    member.is_active = active
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="member.activate" if active else "member.deactivate",
        summary=(_("Activated %(name)s") if active else _("Deactivated %(name)s")) % {"name": member},
        territory=member.territory,
        target=member,
    )
    return member


@transaction.atomic
def member_role_set(*, actor, member, role: str, granted: bool):
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from core import roles

    _require_member_admin(actor, member)
    if role not in roles.grantable_by(actor):
        raise PermissionDenied
    (roles.grant if granted else roles.revoke)(member, role)
    audit_record(
        actor=actor,
        action="member.role_grant" if granted else "member.role_revoke",
        summary=(_("Gave %(name)s the role %(role)s") if granted else _("Removed the role %(role)s from %(name)s"))
        % {"name": member, "role": roles.LABELS[role]},
        territory=member.territory,
        target=member,
    )


def password_set_link(user, base_url="") -> str:
    """A one-time link to choose a password (the password-reset confirmation page)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return base_url + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def member_password_reset_send(*, actor, member, base_url=""):
    from django.utils.translation import gettext as _

    _require_member_admin(actor, member)
    link = password_set_link(member, base_url)
    _send(
        _("Maillage: choose a new password"),
        "people/emails/password_link.txt",
        {"member": member, "link": link, "actor": actor},
        [member.email],
    )
    audit_record(
        actor=actor,
        action="member.password_reset",
        summary=_("Sent a password reset link to %(name)s") % {"name": member},
        territory=member.territory,
        target=member,
    )
