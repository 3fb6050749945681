"""The desk's own widgets: shortcuts, my groups, the network's news, a group's members."""

from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _shortcuts(request, space, count):
    from directory.permissions import administrable_territories

    user = request.user
    return {
        "territories": list(administrable_territories(user)[:10]),
        "can_use_admin": can_use_admin(user),
    }


def can_use_admin(user) -> bool:
    """Whether the administration is open to ``user``: Django's answer (``has_perm``) asks two
    queries (the member's own permissions, then their groups'); this is the same question in one."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label="wagtailadmin", codename="access_admin"
    ).exists()


def _my_groups(request, space, count):
    """The member's live groups: those of the side navigation the member belongs to (one read
    for both, ``side_spaces``), and their pending invitations."""
    from workspace.spaces import selectors
    from workspace.spaces.models import Space

    spaces = selectors.side_spaces(user=request.user, request=request)
    groups = [s for s in spaces if s.kind == Space.Kind.GROUP and s.is_member][:count]
    invitations = list(selectors.invitations_for(user=request.user)[:count])
    return {"groups": groups, "invitations": invitations}


class NewsItem:
    """What the widget shows of a news page (kept in the cache, unlike a page object)."""

    def __init__(self, page, request):
        self.title, self.date, self.url = page.title, page.date, page.get_url(request)


def _network_news(request, space, count):
    """The latest public news, read once per publication and count (``home.cache.published``):
    the news are the same for every member, so a desk asks nothing."""
    from home.cache import published
    from home.models import NewsPage

    def compute():
        news = NewsPage.objects.live().public().order_by("-date", "-pk")
        return [NewsItem(page, request) for page in news.only("title", "date", "url_path", "path", "depth")[:count]]

    return {"news": published(f"desk-news-{count}", compute, request=request)}


def _group_members(request, space, count):
    from workspace.spaces import selectors

    memberships = selectors.members_of(user=request.user, space=space)
    return {"memberships": list(memberships[:count]), "total": space.memberships.count()}


WIDGETS = (
    Widget(
        slug="shortcuts",
        title=_("My account"),
        description=_("Your profile, your password, the administration."),
        template="dashboard/widgets/shortcuts.html",
        load=_shortcuts,
        kinds=frozenset({"personal"}),
        has_count=False,
        default_in=frozenset({"personal"}),
        order=90,
    ),
    Widget(
        slug="my_groups",
        title=_("My working groups"),
        description=_("The groups you belong to and your invitations."),
        template="dashboard/widgets/my_groups.html",
        load=_my_groups,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        order=10,
    ),
    Widget(
        slug="network_news",
        title=_("Latest network news"),
        description=_("The news published on the public site."),
        template="dashboard/widgets/network_news.html",
        load=_network_news,
        kinds=frozenset({"personal", "network"}),
        default_in=frozenset({"personal", "network"}),
        default_count=3,
        order=60,
    ),
    Widget(
        slug="group_members",
        title=_("Members"),
        description=_("Who is in the group."),
        template="dashboard/widgets/group_members.html",
        load=_group_members,
        kinds=frozenset({"group"}),
        default_in=frozenset({"group"}),
        default_count=10,
        order=80,
    ),
)
