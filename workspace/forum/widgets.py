from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _topics(request, space, count):
    from workspace.forum import selectors

    if space.kind == "personal":
        return {"topics": selectors.latest_topics_for(user=request.user, limit=count), "show_space": True}
    return {"topics": selectors.latest_topics_for(user=request.user, limit=count, space=space)}


WIDGETS = (
    Widget(
        slug="forum_topics",
        title=_("Latest forum topics"),
        description=_("The topics with new messages; unread ones are marked."),
        template="forum/widget.html",
        load=_topics,
        kinds=frozenset({"personal", "group", "network"}),
        default_in=frozenset({"personal", "group", "network"}),
        order=20,
    ),
)
