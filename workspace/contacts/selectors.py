"""Reads of the contacts network."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from core import presence
from workspace.contacts.models import Block, Contact, ContactRequest


def are_contacts(a, b) -> bool:
    return Contact.objects.filter(user=a, contact=b).exists()


def is_blocked_between(a, b) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def contact_ids(user) -> set[int]:
    return set(Contact.objects.filter(user=user).values_list("contact_id", flat=True))


def contacts_of(user):
    return (
        get_user_model()
        .objects.filter(pk__in=Contact.objects.filter(user=user).values("contact_id"), is_active=True)
        .select_related("place", "territory")
        .order_by("last_name", "first_name")
    )


def requests_received(user):
    return ContactRequest.objects.filter(recipient=user, status=ContactRequest.Status.PENDING).select_related(
        "sender", "sender__place"
    )


def requests_sent(user):
    return ContactRequest.objects.filter(sender=user, status=ContactRequest.Status.PENDING).select_related("recipient")


def blocked_ids(user) -> set[int]:
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list("blocker_id", "blocked_id")
    return {b if a == user.pk else a for a, b in pairs}


def search_hidden(user) -> list[str]:
    """The search documents ``user`` may not find (Module.search_hidden): the members who
    blocked them or whom they blocked."""
    return [f"people.user.{pk}" for pk in sorted(blocked_ids(user))]


def relation(user, other) -> str:
    """'self', 'contact', 'sent', 'received', 'blocked', 'blocked_by' or 'none'."""
    if user.pk == other.pk:
        return "self"
    if Block.objects.filter(blocker=user, blocked=other).exists():
        return "blocked"
    if Block.objects.filter(blocker=other, blocked=user).exists():
        return "blocked_by"
    if are_contacts(user, other):
        return "contact"
    pending = ContactRequest.objects.filter(status=ContactRequest.Status.PENDING)
    if pending.filter(sender=user, recipient=other).exists():
        return "sent"
    if pending.filter(sender=other, recipient=user).exists():
        return "received"
    return "none"


def suggestions(user, limit=6):
    """Members one may know: same place, same territory, contacts of contacts; never a contact,
    a pending request or a blocked member."""
    User = get_user_model()
    excluded = contact_ids(user) | blocked_ids(user) | {user.pk}
    excluded |= set(requests_sent(user).values_list("recipient_id", flat=True))
    excluded |= set(requests_received(user).values_list("sender_id", flat=True))
    mine = Contact.objects.filter(user=user).values("contact_id")
    candidates = (
        User.objects.filter(is_active=True)
        .exclude(pk__in=excluded)
        .annotate(common=Count("contact_links", filter=Q(contact_links__contact_id__in=mine), distinct=True))
        .filter(
            Q(place_id=user.place_id, place__isnull=False)
            | Q(territory_id=user.territory_id, territory__isnull=False)
            | Q(common__gt=0)
        )
        .select_related("place", "territory")
    )

    def score(member):
        return (
            (3 if user.place_id and member.place_id == user.place_id else 0)
            + (1 if user.territory_id and member.territory_id == user.territory_id else 0)
            + 2 * member.common
        )

    return sorted(candidates[:200], key=lambda m: (-score(m), m.last_name))[:limit]


def stream_for(user, *, scope: str = "contacts"):
    """Posts a member sees in their stream, newest first, with what the page needs prefetched.

    ``contacts``: their own posts and their contacts' (whatever the visibility);
    ``network``: every post visible to the whole network, plus the above."""
    from django.db.models import Count, Exists, OuterRef

    from workspace.contacts.models import Like, Post

    mine = Contact.objects.filter(user=user).values("contact_id")
    visible = Q(author=user) | Q(author_id__in=mine)
    if scope == "network":
        visible |= Q(visibility=Post.Visibility.NETWORK)
    return (
        Post.objects.filter(visible, hidden=False, author__is_active=True)
        # blocked either way, decided inside the same query (a desk asks one query, not two)
        .exclude(author_id__in=Block.objects.filter(blocker=user).values("blocked_id"))
        .exclude(author_id__in=Block.objects.filter(blocked=user).values("blocker_id"))
        .select_related("author", "author__place")
        .prefetch_related("comments__author")
        .annotate(
            like_count=Count("likes", distinct=True),
            liked=Exists(Like.objects.filter(post=OuterRef("pk"), user=user)),
        )
        .order_by("-created_at", "-id")
    )


def reported_posts(territories):
    """Posts reported and not yet resolved, by members of these territories."""
    from workspace.contacts.models import Post

    return (
        Post.objects.filter(reports__resolved=False, author__territory__in=territories)
        .select_related("author")
        .prefetch_related("reports__reporter")
        .distinct()
    )


def hidden_posts(territories):
    from workspace.contacts.models import Post

    return Post.objects.filter(hidden=True, author__territory__in=territories).select_related("author", "hidden_by")


def recent_members(limit=5):
    return get_user_model().objects.filter(is_active=True).order_by("-date_joined")[:limit]


NEWCOMERS_KEY = "contacts:newcomers"
NEWCOMERS_KEPT = 10


class Newcomer:
    """What the desk shows of a newcomer (kept in the shared cache, unlike a user object)."""

    def __init__(self, user):
        self.pk, self.name = user.pk, user.get_display_name()

    def get_display_name(self):
        return self.name


def newcomers(limit=5):
    """The latest members to join, as the desk's activity widget names them: the same for
    everyone, so kept in the shared cache until a member is saved or deleted
    (``forget_newcomers``), and a desk asks no query for them."""
    from django.core.cache import cache

    kept = cache.get(NEWCOMERS_KEY)
    if kept is None:
        kept = [Newcomer(user) for user in recent_members(NEWCOMERS_KEPT)]
        cache.set(NEWCOMERS_KEY, kept, 24 * 3600)
    return kept[:limit]


def forget_newcomers(sender, update_fields=None, **kwargs):
    """A member was saved or deleted: the newcomers are read again (a login's ``last_login``
    alone changes nothing they show)."""
    from django.core.cache import cache

    if update_fields and set(update_fields) <= {"last_login"}:
        return
    cache.delete(NEWCOMERS_KEY)


def with_presence(people):
    """Each person's presence (online, away, offline and since when), as the chat keeps it."""
    states = presence.of([p.pk for p in people])
    for person in people:
        state = states.get(person.pk) or {}
        seen = state.get("last_seen")
        person.presence = {
            "status": state.get("status", "offline"),
            "last_seen": datetime.datetime.fromtimestamp(seen, tz=datetime.UTC) if seen else None,
        }
