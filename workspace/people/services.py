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
    if "skills" in data:
        user.skills.set(data["skills"] or [], clear=True)
    return user


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
    """Record a request to join; the referents of the territory are told by e-mail."""
    from django.utils.translation import gettext as _

    from directory.services import territory_referents
    from workspace.people.models import RegistrationRequest

    email = email.strip().lower()
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise RegistrationError(_("An account already uses this e-mail address. Log in, or reset your password."))
    if RegistrationRequest.objects.filter(email__iexact=email, status=RegistrationRequest.Status.PENDING).exists():
        raise RegistrationError(_("A request with this e-mail address is already waiting for the referent's answer."))
    if place is not None and place.territory_id != territory.pk:
        raise RegistrationError(_("This place belongs to another territory (%(name)s).") % {"name": place.territory})
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

    from workspace.people import roles
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


@transaction.atomic
def member_set_active(*, actor, member, active: bool):
    from django.utils.translation import gettext as _

    _require_referent(actor, member.territory)
    if member.pk == actor.pk:
        raise RegistrationError(_("You cannot deactivate your own account."))
    if member.is_superuser and not actor.is_superuser:
        raise RegistrationError(_("Only the coordinator can change this account."))
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

    from workspace.people import roles

    _require_referent(actor, member.territory)
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

    _require_referent(actor, member.territory)
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
