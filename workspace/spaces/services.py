"""Writes on spaces, memberships, invitations and module switches.

Every function checks that the acting user may do what it asks (through the policy), raises
``PermissionDenied`` or a ``ValidationError`` with a French message, owns its transaction and
keeps the guardian object permissions in step with the memberships.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.notify import notify
from workspace.spaces import modules as registry
from workspace.spaces.addresses import NETWORK_SLUG, PERSONAL_PREFIX, is_reserved
from workspace.spaces.models import Invitation, Membership, ModuleState, Space, SpaceUserObjectPermission
from workspace.spaces.permissions import ADMINISTER, CODENAMES, JOIN, ROLE_ACTIONS, policy

ARCHIVE_WARNING_DAYS = 7


# -- guardian permissions, kept in step with memberships -----------------------------------


def _permissions():
    return {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="spaces", codename__in=CODENAMES.values())
    }


def _sync_permissions(*, user, space, role: str | None) -> None:
    SpaceUserObjectPermission.objects.filter(user=user, content_object=space).delete()
    if role:
        perms = _permissions()
        SpaceUserObjectPermission.objects.bulk_create(
            [
                SpaceUserObjectPermission(user=user, content_object=space, permission=perms[CODENAMES[action]])
                for action in sorted(ROLE_ACTIONS[role])
            ]
        )
    policy.forget(user)


def _membership_set(*, space, user, role) -> Membership:
    membership, created = Membership.objects.get_or_create(space=space, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    _sync_permissions(user=user, space=space, role=role)
    return membership


def _membership_delete(*, space, user) -> None:
    Membership.objects.filter(space=space, user=user).delete()
    _sync_permissions(user=user, space=space, role=None)


def _require(user, action, space):
    if not policy.user_has_permission(user, action, space):
        raise PermissionDenied(_("You may not do that in this space."))


# -- personal and network spaces -------------------------------------------------------------


def network_space_ensure() -> Space:
    space = Space.objects.filter(kind=Space.Kind.NETWORK).first()
    if space is None:
        space = Space.objects.create(
            kind=Space.Kind.NETWORK,
            name=_("Network space"),
            slug=NETWORK_SLUG,
            purpose=_("The space shared by every member of the network."),
        )
    return space


@transaction.atomic
def member_spaces_ensure(*, user) -> Space:
    """Give a member their personal desk and their place in the network space (idempotent)."""
    personal = Space.objects.filter(kind=Space.Kind.PERSONAL, owner=user).first()
    if personal is None:
        personal = Space.objects.create(
            kind=Space.Kind.PERSONAL,
            owner=user,
            name=_("Desk of %(name)s") % {"name": user.get_display_name()},
            slug=f"{PERSONAL_PREFIX}{user.pk}",
        )
        _membership_set(space=personal, user=user, role=Membership.Role.OWNER)
    network = network_space_ensure()
    if not Membership.objects.filter(space=network, user=user).exists():
        role = Membership.Role.ADMIN if user.is_superuser else Membership.Role.MEMBER
        _membership_set(space=network, user=user, role=role)
    return personal


# -- working groups ----------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "groupe"
    if is_reserved(base):  # an address a page under /espace/ answers (workspace.spaces.addresses)
        base = f"groupe-{base}"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_dates(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must come after the start date.")})


@transaction.atomic
def group_create(
    *,
    creator,
    name: str,
    purpose: str = "",
    visibility: str = Space.Visibility.OPEN,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    modules: list[str] | None = None,
) -> Space:
    if not creator.is_authenticated or not creator.is_active:
        raise PermissionDenied(_("You may not do that in this space."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    _check_dates(starts_on, ends_on)
    if ends_on and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("The end date of a new group cannot be in the past.")})
    space = Space.objects.create(
        kind=Space.Kind.GROUP,
        name=name,
        slug=_unique_slug(name),
        purpose=purpose,
        visibility=visibility,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        created_by=creator,
    )
    _membership_set(space=space, user=creator, role=Membership.Role.OWNER)
    if modules is not None:
        for module in registry.space_modules(space.kind):
            if module.switchable:
                ModuleState.objects.create(space=space, module=module.slug, enabled=module.slug in modules)
    return space


@transaction.atomic
def group_update(*, space: Space, actor, name: str, purpose: str, visibility: str, starts_on, ends_on) -> Space:
    _require(actor, ADMINISTER, space)
    if space.kind != Space.Kind.GROUP:
        raise ValidationError(_("Only a working group has these settings."))
    _check_dates(starts_on, ends_on)
    space.name = name.strip() or space.name
    space.purpose = purpose
    space.visibility = visibility
    space.starts_on = starts_on
    space.ends_on = ends_on
    fields = ["name", "purpose", "visibility", "starts_on", "ends_on"]
    if space.archived_at and (ends_on is None or ends_on >= timezone.localdate()):
        # Moving the end date into the future reopens an archived group.
        space.archived_at = None
        space.archive_warned_on = None
        fields += ["archived_at", "archive_warned_on"]
    space.save(update_fields=fields)
    return space


@transaction.atomic
def group_archive(*, space: Space, actor=None) -> Space:
    """Archive a group now (an admin's choice, or the daily task when ``actor`` is None)."""
    if actor is not None:
        _require(actor, ADMINISTER, space)
    if space.kind != Space.Kind.GROUP or space.archived_at:
        return space
    space.archived_at = timezone.now()
    if space.ends_on is None or space.ends_on > timezone.localdate():
        space.ends_on = timezone.localdate()
    space.save(update_fields=["archived_at", "ends_on"])
    notify(
        users=[m.user for m in space.memberships.select_related("user")],
        kind="archive",
        text=_("The group “%(group)s” is archived: its content stays readable.") % {"group": space.name},
        url=space.get_absolute_url(),
    )
    return space


@transaction.atomic
def group_reopen(*, space: Space, actor, ends_on: datetime.date | None) -> Space:
    """Extend or reopen a group: a new end date in the future (or none)."""
    _require(actor, ADMINISTER, space)
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("Choose an end date from today on.")})
    space.archived_at = None
    space.archive_warned_on = None
    space.ends_on = ends_on
    space.save(update_fields=["archived_at", "archive_warned_on", "ends_on"])
    return space


def groups_archive_due(*, today: datetime.date | None = None) -> dict:
    """Archive the groups whose end date has passed; warn admins of those ending within 7 days."""
    today = today or timezone.localdate()
    archived = 0
    for space in Space.objects.filter(kind=Space.Kind.GROUP, archived_at__isnull=True, ends_on__lt=today):
        group_archive(space=space)
        archived += 1
    warned = 0
    soon = Space.objects.filter(
        kind=Space.Kind.GROUP,
        archived_at__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=ARCHIVE_WARNING_DAYS),
        archive_warned_on__isnull=True,
    )
    for space in soon:
        admins = list(
            get_user_model().objects.filter(
                memberships__space=space, memberships__role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]
            )
        )
        Space.objects.filter(pk=space.pk).update(archive_warned_on=today)
        notify(
            users=admins,
            kind="archive",
            text=_("The group “%(group)s” will be archived in %(days)s days: extend it if it goes on.")
            % {"group": space.name, "days": (space.ends_on - today).days},
            url=reverse("spaces:settings", kwargs={"slug": space.slug}),
        )
        warned += 1
    return {"archived": archived, "warned": warned}


@transaction.atomic
def module_set(*, space: Space, actor, module: str, enabled: bool) -> None:
    """Switch a module on or off in a space. Off hides its content; nothing is deleted."""
    _require(actor, ADMINISTER, space)
    mod = registry.get(module)
    if mod is None or not mod.supports(space.kind) or not mod.switchable:
        raise ValidationError(_("This module does not exist in this kind of space."))
    ModuleState.objects.update_or_create(space=space, module=module, defaults={"enabled": enabled})
    registry.forget_states(space)


# -- members ------------------------------------------------------------------------------------


ADMIN_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


def _admins_count(space) -> int:
    return space.memberships.filter(role__in=ADMIN_ROLES).count()


def _find_member(identifier: str):
    """A member by e-mail, or by a name that designates exactly one member."""
    User = get_user_model()
    identifier = identifier.strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first(), identifier.lower()
    matches = list(
        User.objects.filter(is_active=True)
        .annotate(full=Concat("first_name", Value(" "), "last_name"))
        .filter(Q(full__iexact=identifier) | Q(display_name__iexact=identifier))[:2]
    )
    if not matches:
        raise ValidationError(
            {"who": _("No member is called “%(name)s”. Try their e-mail address.") % {"name": identifier}}
        )
    if len(matches) > 1:
        raise ValidationError(
            {"who": _("Several members are called “%(name)s”. Use their e-mail address.") % {"name": identifier}}
        )
    return matches[0], ""


@transaction.atomic
def member_invite(
    *, space: Space, actor, who: str, role: str = Membership.Role.MEMBER, message: str = ""
) -> Invitation:
    """Invite a member by name or e-mail. An address with no account yet gets an e-mail; the
    invitation waits for the account made with that address."""
    _require(actor, ADMINISTER, space)
    if space.kind != Space.Kind.GROUP:
        raise ValidationError(_("Only a working group takes invitations."))
    if space.is_archived:
        raise ValidationError(_("This group is archived: extend it before inviting anyone."))
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER, Membership.Role.GUEST):
        raise ValidationError({"role": _("Choose a role.")})
    user, email = _find_member(who)
    if user is not None:
        if Membership.objects.filter(space=space, user=user).exists():
            raise ValidationError({"who": _("%(name)s is already a member of this group.") % {"name": user}})
        pending = Invitation.objects.filter(space=space, user=user, status=Invitation.Status.PENDING).first()
        if pending is not None:
            if pending.kind == Invitation.Kind.REQUEST:
                # They had asked to join: inviting them answers their request.
                join_request_answer(invitation=pending, actor=actor, accept=True)
                return pending
            raise ValidationError({"who": _("%(name)s has already been invited.") % {"name": user}})
        email = user.email
    elif Invitation.objects.filter(space=space, email__iexact=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"who": _("This address has already been invited.")})
    invitation = Invitation.objects.create(
        space=space, kind=Invitation.Kind.INVITATION, user=user, email=email, role=role, message=message, sent_by=actor
    )
    if user is None:
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("spaces:groups")
        transaction.on_commit(
            lambda: send_mail(
                _("Invitation to the working group “%(name)s”") % {"name": space.name},
                _(
                    "%(actor)s invites you to the working group “%(name)s” on Maillage.\n\n"
                    "Once your member account is open with this address, you will find the "
                    "invitation here: %(link)s"
                )
                % {"actor": actor, "name": space.name, "link": link},
                None,
                [email],
                fail_silently=True,
            )
        )
    if user is not None:
        notify(
            users=[user],
            kind="invitation",
            text=_("%(actor)s invites you to the group “%(group)s”.") % {"actor": actor, "group": space.name},
            url=reverse("spaces:groups"),
            actor=actor,
        )
    return invitation


def invitations_claim(*, user) -> int:
    """Attach to a new account the invitations sent to its address before it existed."""
    return Invitation.objects.filter(
        user__isnull=True, email__iexact=user.email, status=Invitation.Status.PENDING
    ).update(user=user)


@transaction.atomic
def invitation_answer(*, invitation: Invitation, user, accept: bool) -> Invitation:
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("space").get(pk=invitation.pk)
    if invitation.kind != Invitation.Kind.INVITATION or invitation.user_id != user.pk:
        raise PermissionDenied(_("This invitation is not yours."))
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    if accept and invitation.space.is_archived:
        raise ValidationError(_("This group is archived: it no longer takes new members."))
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if accept:
        _membership_set(space=invitation.space, user=user, role=invitation.role)
    return invitation


@transaction.atomic
def join_request(*, space: Space, user, message: str = "") -> Invitation:
    if not policy.user_has_permission(user, JOIN, space):
        if Membership.objects.filter(space=space, user=user).exists():
            raise ValidationError(_("You are already a member of this group."))
        raise PermissionDenied(_("This group does not take requests to join."))
    existing = Invitation.objects.filter(space=space, user=user, status=Invitation.Status.PENDING).first()
    if existing is not None:
        if existing.kind == Invitation.Kind.INVITATION:
            return invitation_answer(invitation=existing, user=user, accept=True)
        raise ValidationError(_("You have already asked to join this group."))
    request = Invitation.objects.create(
        space=space, kind=Invitation.Kind.REQUEST, user=user, email=user.email, message=message, sent_by=user
    )
    notify(
        users=[m.user for m in space.memberships.filter(role__in=ADMIN_ROLES).select_related("user")],
        kind="request",
        text=_("%(actor)s asks to join the group “%(group)s”.") % {"actor": user, "group": space.name},
        url=reverse("spaces:members", kwargs={"slug": space.slug}),
        actor=user,
    )
    return request


@transaction.atomic
def join_request_answer(*, invitation: Invitation, actor, accept: bool) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("space", "user").get(pk=invitation.pk)
    )
    _require(actor, ADMINISTER, invitation.space)
    if invitation.kind != Invitation.Kind.REQUEST:
        raise ValidationError(_("This is not a request to join."))
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if accept:
        _membership_set(space=invitation.space, user=invitation.user, role=Membership.Role.MEMBER)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor) -> None:
    if invitation.kind == Invitation.Kind.REQUEST and invitation.user_id == actor.pk:
        pass  # one may withdraw one's own request
    else:
        _require(actor, ADMINISTER, invitation.space)
    if invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.CANCELLED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])


@transaction.atomic
def member_leave(*, space: Space, user) -> None:
    membership = Membership.objects.filter(space=space, user=user).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this group."))
    if space.kind != Space.Kind.GROUP:
        raise ValidationError(_("One cannot leave this space."))
    if membership.role in (Membership.Role.OWNER, Membership.Role.ADMIN) and _admins_count(space) == 1:
        raise ValidationError(_("You are the group's last administrator: name another one before leaving."))
    _membership_delete(space=space, user=user)


@transaction.atomic
def member_remove(*, space: Space, actor, user) -> None:
    _require(actor, ADMINISTER, space)
    if space.kind != Space.Kind.GROUP:
        raise ValidationError(_("Members of this space cannot be removed here."))
    membership = Membership.objects.filter(space=space, user=user).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the group."))
    if membership.role == Membership.Role.OWNER and not actor.is_superuser:
        raise ValidationError(_("The group's owner cannot be removed."))
    if membership.role in (Membership.Role.OWNER, Membership.Role.ADMIN) and _admins_count(space) == 1:
        raise ValidationError(_("The group needs at least one administrator."))
    _membership_delete(space=space, user=user)


@transaction.atomic
def member_role_change(*, space: Space, actor, user, role: str) -> Membership:
    _require(actor, ADMINISTER, space)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    membership = Membership.objects.filter(space=space, user=user).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the group."))
    admin_roles = (Membership.Role.OWNER, Membership.Role.ADMIN)
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER and not actor.is_superuser:
        if actor.pk == user.pk and _admins_count(space) > 1:
            pass  # an owner may step down when someone else administers
        else:
            raise ValidationError(_("The group's owner keeps their role."))
    if membership.role in admin_roles and role not in admin_roles and _admins_count(space) == 1:
        raise ValidationError(_("The group needs at least one administrator."))
    if role == Membership.Role.OWNER and not (
        actor.is_superuser or space.memberships.filter(user=actor, role=Membership.Role.OWNER).exists()
    ):
        raise ValidationError({"role": _("Only an owner can name another owner.")})
    try:
        return _membership_set(space=space, user=user, role=role)
    except IntegrityError as error:  # pragma: no cover - concurrent change
        raise ValidationError(_("The role could not be changed; try again.")) from error
