import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _next(request, space, count):
    from workspace.agenda import selectors

    start = timezone.now()
    found = selectors.occurrences_between(
        user=request.user,
        start=start,
        end=start + datetime.timedelta(days=60),
        space=None if space.kind == "personal" else space,
    )
    return {"occurrences": found[:count], "show_space": space.kind == "personal"}


WIDGETS = (
    Widget(
        slug="next_events",
        title=_("My next events"),
        description=_("The coming events of your spaces and your invitations."),
        template="agenda/widget.html",
        load=_next,
        module="agenda",
        default_in=frozenset({"personal", "group", "network"}),
        order=8,
    ),
)
