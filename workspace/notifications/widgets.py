from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _latest(request, space, count):
    from workspace.notifications import selectors

    items = list(selectors.notifications_of(user=request.user)[:count])
    return {"items": items}


WIDGETS = (
    Widget(
        slug="notifications",
        title=_("Notifications"),
        description=_("What happened for you lately."),
        template="notifications/widget.html",
        load=_latest,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        order=5,
    ),
)
