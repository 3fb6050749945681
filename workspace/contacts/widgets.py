from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _activity(request, space, count):
    from workspace.contacts import selectors

    # the widget names the author only: not their place (a page) nor the comments
    posts = selectors.stream_for(request.user, scope="contacts").select_related(None).select_related("author")
    posts = posts.prefetch_related(None)[:count]
    return {
        "posts": list(posts),
        "new_members": [m for m in selectors.newcomers(limit=4) if m.pk != request.user.pk][:3],
    }


WIDGETS = (
    Widget(
        slug="activity",
        title=_("Contacts' activity"),
        description=_("What your contacts published, and who joined the network."),
        template="contacts/widget.html",
        load=_activity,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        order=20,
    ),
)
