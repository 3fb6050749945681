from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _recent(request, space, count):
    from workspace.files import selectors

    if space.kind == "personal":
        return {"files": selectors.recent_files_for(user=request.user, limit=count), "show_space": True}
    return {"files": selectors.recent_files_for(user=request.user, limit=count, space=space)}


WIDGETS = (
    Widget(
        slug="recent_files",
        title=_("Recent files"),
        description=_("The files added or changed lately."),
        template="files/widget.html",
        load=_recent,
        module="files",
        default_in=frozenset({"personal", "group", "network"}),
        order=30,
    ),
)
