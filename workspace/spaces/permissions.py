"""The permission policy of the workspace: the single place that answers "may this user do
that to this space, or to this piece of a space's content?".

Shaped like Wagtail's permission policies, one object for the container model:

- ``policy.user_has_permission_for_instance(user, action, obj)``: ``obj`` is a Space or any
  module object with a ``space`` attribute (a note, a topic, a file, a chat room…);
- ``policy.instances_user_has_permission_for(user, action)``: the queryset of Spaces where the
  user may do ``action`` (search and listings filter with it);
- ``policy.user_has_module_permission(user, action, space, module)``: the same, through the
  module's grants and its on/off switch.

Actions: ``discover`` (know the space exists: name and purpose), ``view`` (read its content),
``contribute`` (add content), ``moderate`` (edit others' content, pin, lock), ``administer``
(members, dates, modules), ``join`` (ask to join an open group), ``change`` and ``delete`` (of a
content object: its author while they may contribute, or a moderator).

Membership roles are stored as django-guardian object permissions on the Space, in direct
foreign-key tables: owner and admin hold all four codenames, member view and contribute, guest
view. The services keep them in step with ``Membership``. A group past its end date is archived
here even before the daily task has archived it: nobody writes in it any more, its admins may
still extend or reopen it. The coordinator (superuser) sees and administers every group and the
network space, never anyone's personal desk.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import access, roles
from core.users import is_active_member
from workspace.spaces import modules as registry
from workspace.spaces.models import Membership, Space, SpaceUserObjectPermission

DISCOVER = "discover"
VIEW = "view"
CONTRIBUTE = "contribute"
MODERATE = "moderate"
ADMINISTER = "administer"
JOIN = "join"
CHANGE = "change"
DELETE = "delete"

CODENAMES = {
    VIEW: "view_space",
    CONTRIBUTE: "contribute_space",
    MODERATE: "moderate_space",
    ADMINISTER: "administer_space",
}
ROLE_ACTIONS = {
    Membership.Role.OWNER: {VIEW, CONTRIBUTE, MODERATE, ADMINISTER},
    Membership.Role.ADMIN: {VIEW, CONTRIBUTE, MODERATE, ADMINISTER},
    Membership.Role.MEMBER: {VIEW, CONTRIBUTE},
    Membership.Role.GUEST: {VIEW},
}
WRITE_ACTIONS = {CONTRIBUTE, MODERATE, CHANGE, DELETE}
_CACHE = "_space_permissions_cache"
_ROLES_VERSION = "_role_names_grants_version"
_active = is_active_member


def _archived_q(prefix=""):
    today = timezone.localdate()
    return Q(**{f"{prefix}kind": Space.Kind.GROUP}) & (
        Q(**{f"{prefix}archived_at__isnull": False}) | Q(**{f"{prefix}ends_on__lt": today})
    )


class SpacePermissionPolicy:
    model = Space
    generation = 0  # bumped by every change of grants made in this process

    # -- the user's grants, one query per user object (a request) ---------------------------
    #
    # A request's user object lives for one request. A WebSocket's lives as long as the socket:
    # a change made in this process reloads every cached copy (``generation``), and the consumer
    # calls ``revalidate`` before each frame with the member's grants version, read from the
    # shared cache (core.access), so that a right lost through another process is lost here too.

    def granted(self, user) -> dict[int, set[str]]:
        """{space id: actions granted by guardian} for ``user``, loaded once per user object."""
        cached = getattr(user, _CACHE, None)
        if cached is None or cached[0] != self.generation:
            version = access.version(access.GRANTS, user.pk)  # read first: a later change reloads
            reverse = {codename: action for action, codename in CODENAMES.items()}
            grants = {}
            rows = SpaceUserObjectPermission.objects.filter(user_id=user.pk).values_list(
                "content_object_id", "permission__codename"
            )
            for space_id, codename in rows:
                if codename in reverse:
                    grants.setdefault(space_id, set()).add(reverse[codename])
            cached = (self.generation, version, grants)
            setattr(user, _CACHE, cached)
        return cached[2]

    def revalidate(self, user, version: int | None = None) -> None:
        """Drop the grants and role names cached on ``user`` if they changed since
        (``version``: already read)."""
        if version is None:
            version = access.version(access.GRANTS, user.pk)
        cached = getattr(user, _CACHE, None)
        if cached is not None and cached[1] != version:
            delattr(user, _CACHE)
        if user.__dict__.get(_ROLES_VERSION) != version:
            roles.forget_role_names(user)
            user.__dict__[_ROLES_VERSION] = version

    def forget(self, user) -> None:
        """``user``'s grants changed (the services call it): every copy cached in this process
        reloads them, and every other process does at its next check, now and again once the
        change is committed."""
        self.generation += 1
        access.bump(access.GRANTS, user.pk)
        transaction.on_commit(lambda: access.bump(access.GRANTS, user.pk))

    def space_actions(self, user, space: Space) -> set[str]:
        """Every action ``user`` may do on ``space`` itself."""
        if not _active(user) or space is None:
            return set()
        actions = set(self.granted(user).get(space.pk, set()))
        if user.is_superuser and space.kind != Space.Kind.PERSONAL:
            actions |= {VIEW, CONTRIBUTE, MODERATE, ADMINISTER}
        if space.kind == Space.Kind.PERSONAL and space.owner_id != user.pk:
            actions = set()
        if actions:
            actions.add(DISCOVER)
        elif space.kind == Space.Kind.GROUP and space.visibility != Space.Visibility.SECRET:
            actions.add(DISCOVER)
        if space.is_archived:
            actions -= WRITE_ACTIONS
        elif (
            space.kind == Space.Kind.GROUP
            and space.visibility == Space.Visibility.OPEN
            and VIEW not in self.granted(user).get(space.pk, set())
        ):
            actions.add(JOIN)
        return actions

    # -- the policy API -------------------------------------------------------------------

    def user_has_permission(self, user, action: str, space: Space) -> bool:
        return action in self.space_actions(user, space)

    def user_has_permission_for_instance(self, user, action: str, obj) -> bool:
        """``obj`` is a Space, or a module object with ``space`` (and optionally ``space_module``,
        the module's slug, and ``owner_field``, the name of its author's foreign key)."""
        if isinstance(obj, Space):
            return self.user_has_permission(user, action, obj)
        space = obj.space
        module = getattr(obj, "space_module", None)
        if action in (CHANGE, DELETE):
            mod = registry.get(module) if module else None
            if mod is not None and action in mod.grants.get(space.kind, {}):
                # The module says who changes its objects here (e.g. any member edits a group note).
                return self.user_has_module_permission(user, action, space, module)
            if self.user_has_module_permission(user, MODERATE, space, module):
                return True
            owner_field = getattr(obj, "owner_field", None)
            return (
                owner_field is not None
                and _active(user)
                and getattr(obj, f"{owner_field}_id", None) == user.pk
                and self.user_has_module_permission(user, CONTRIBUTE, space, module)
            )
        return self.user_has_module_permission(user, action, space, module)

    def user_has_module_permission(self, user, action: str, space: Space, module: str | None) -> bool:
        if module is not None:
            mod = registry.get(module)
            if mod is None or not registry.is_enabled(space, module):
                return False
            action = mod.required(space.kind, action)
        return self.user_has_permission(user, action, space)

    def instances_user_has_module_permission_for(self, user, action: str, module: str):
        """The spaces where ``user`` may do ``action`` in ``module`` (on there), as a queryset:
        the module's grants applied per kind of space, like ``user_has_module_permission``."""
        mod = registry.get(module)
        if mod is None or not mod.kinds:
            return Space.objects.none()
        kinds_by_action = {}
        for kind in sorted(mod.kinds):
            kinds_by_action.setdefault(mod.required(kind, action), []).append(kind)
        if len(kinds_by_action) == 1:
            # the same action in every kind (most reads): one filter, not one subquery per kind
            # (the desk's widgets each build one of these; their SQL was a third of their time)
            ((required, kinds),) = kinds_by_action.items()
            spaces = self.instances_user_has_permission_for(user, required).filter(kind__in=kinds)
            return spaces.filter(registry.enabled_q(module))
        allowed = Q(pk__in=[])
        for required, kinds in kinds_by_action.items():
            spaces = self.instances_user_has_permission_for(user, required)
            allowed |= Q(kind__in=kinds, pk__in=spaces.values("pk"))
        return Space.objects.filter(allowed).filter(registry.enabled_q(module))

    def instances_user_has_permission_for(self, user, action: str):
        """The spaces where ``user`` may do ``action``, as a queryset (for listings and search)."""
        if not _active(user):
            return Space.objects.none()
        if action == DISCOVER:
            return Space.objects.filter(
                Q(pk__in=self.instances_user_has_permission_for(user, VIEW))
                | Q(kind=Space.Kind.GROUP, visibility__in=[Space.Visibility.OPEN, Space.Visibility.INVITATION])
            )
        if action == JOIN:
            return (
                Space.objects.filter(kind=Space.Kind.GROUP, visibility=Space.Visibility.OPEN)
                .exclude(_archived_q())
                .exclude(memberships__user=user)
            )
        codename = CODENAMES.get(action)
        if codename is None:
            return Space.objects.none()
        # the grants the per-object answers read (once per user object, ``granted``): the
        # listings agree with them by construction, and their SQL holds a list of ids instead of
        # a subquery on django-guardian's table (each widget of a desk builds one)
        granted = Q(pk__in=sorted(space_id for space_id, actions in self.granted(user).items() if action in actions))
        if user.is_superuser:
            granted |= Q(kind__in=[Space.Kind.GROUP, Space.Kind.NETWORK])
        spaces = Space.objects.filter(granted).exclude(Q(kind=Space.Kind.PERSONAL) & ~Q(owner_id=user.pk))
        if action in WRITE_ACTIONS:
            spaces = spaces.exclude(_archived_q())
        return spaces


policy = SpacePermissionPolicy()
user_has_permission_for_instance = policy.user_has_permission_for_instance
instances_user_has_permission_for = policy.instances_user_has_permission_for
