"""The desk's own widgets: shortcuts, my groups, the network's news, a group's members."""

from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _shortcuts(request, space, count):
    from directory.permissions import administrable_territories

    user = request.user
    return {
        "territories": list(administrable_territories(user)[:10]),
        "can_use_admin": user.has_perm("wagtailadmin.access_admin"),
    }


def _my_groups(request, space, count):
    from workspace.spaces import selectors

    groups = list(selectors.groups_of(user=request.user, archived=False)[:count])
    invitations = list(selectors.invitations_for(user=request.user)[:count])
    return {"groups": groups, "invitations": invitations}


def _network_news(request, space, count):
    from home.models import NewsPage

    news = NewsPage.objects.live().public().order_by("-date", "-pk").only("title", "date", "url_path", "path", "depth")
    return {"news": list(news[:count])}


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
