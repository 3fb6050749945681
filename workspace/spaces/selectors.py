"""Reads on spaces, always for a requesting user and always through the policy."""

from django.db.models import Case, Count, Exists, OuterRef, Q, When
from django.utils import timezone

from workspace.spaces.models import Invitation, Membership, Space
from workspace.spaces.permissions import DISCOVER, JOIN, VIEW, policy


def space_for_slug(*, user, slug: str) -> Space | None:
    """The space ``slug`` if ``user`` may know it exists, else None (the view answers 404)."""
    space = Space.objects.filter(slug=slug).first()
    if space is None or not policy.user_has_permission(user, DISCOVER, space):
        return None
    return space


def personal_space(*, user) -> Space | None:
    space = Space.objects.filter(kind=Space.Kind.PERSONAL, owner=user).first()
    if space is not None:
        space.owner = user  # the same object: what was read once on it (roles…) serves the desk
    return space


def network_space() -> Space | None:
    return Space.objects.filter(kind=Space.Kind.NETWORK).first()


def _archived(space_q_prefix=""):
    today = timezone.localdate()
    return Q(archived_at__isnull=False) | Q(ends_on__lt=today)


def groups_of(*, user, archived: bool | None = None):
    """The working groups ``user`` belongs to, with their member count."""
    spaces = (
        Space.objects.filter(kind=Space.Kind.GROUP, pk__in=Membership.objects.filter(user=user).values("space_id"))
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
    if archived is True:
        spaces = spaces.filter(_archived())
    elif archived is False:
        spaces = spaces.exclude(_archived())
    return spaces


def groups_to_join(*, user):
    """Groups ``user`` may ask to join, with their member count."""
    return (
        policy.instances_user_has_permission_for(user, JOIN)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def groups_visible(*, user):
    """Every group ``user`` may know of (theirs, open and on-invitation ones)."""
    return (
        policy.instances_user_has_permission_for(user, DISCOVER)
        .filter(kind=Space.Kind.GROUP)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def side_spaces(*, user, request=None):
    """The spaces of the side navigation: desk, network, the user's live groups, each with its
    member count and whether ``user`` is a member. Read once per ``request`` when one is given:
    the navigation and the desk's "my groups" widget share it."""
    if not user.is_authenticated:
        return []
    remembered = getattr(request, "_side_spaces", None)
    if remembered is not None:
        return remembered
    spaces = list(
        policy.instances_user_has_permission_for(user, VIEW)
        .exclude(Q(kind=Space.Kind.GROUP) & _archived())
        .annotate(
            member_count=Count("memberships", distinct=True),
            is_member=Exists(Membership.objects.filter(space_id=OuterRef("pk"), user_id=user.pk)),
        )
        .order_by("kind", "name")
    )
    if request is not None:
        request._side_spaces = spaces
    return spaces


def invitations_for(*, user):
    return Invitation.objects.filter(
        user=user, kind=Invitation.Kind.INVITATION, status=Invitation.Status.PENDING
    ).select_related("space", "sent_by")


def requests_pending(*, user, space):
    return Invitation.objects.filter(space=space, status=Invitation.Status.PENDING).select_related("user", "sent_by")


def my_pending_request(*, user, space):
    return Invitation.objects.filter(
        space=space, user=user, kind=Invitation.Kind.REQUEST, status=Invitation.Status.PENDING
    ).first()


def members_of(*, user, space):
    if not policy.user_has_permission(user, VIEW, space):
        return Membership.objects.none()
    rank = Case(
        When(role=Membership.Role.OWNER, then=0),
        When(role=Membership.Role.ADMIN, then=1),
        When(role=Membership.Role.MEMBER, then=2),
        default=3,
    )
    return (
        space.memberships.select_related("user", "user__place")
        .annotate(rank=rank)
        .order_by("rank", "user__last_name", "user__first_name")
    )


def membership_of(*, user, space) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(space=space, user=user).first()
