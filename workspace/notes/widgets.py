from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _notes(request, space, count):
    from workspace.notes import selectors

    if space.kind == "personal":
        return {"notes": selectors.latest_notes_for(user=request.user, limit=count), "show_space": True}
    return {"notes": list(selectors.notes_of(user=request.user, space=space).select_related("space")[:count])}


WIDGETS = (
    Widget(
        slug="notes",
        title=_("Notes"),
        description=_("The latest notes, pinned ones first."),
        template="notes/widget.html",
        load=_notes,
        module="notes",
        default_in=frozenset({"personal", "group"}),
        order=40,
    ),
)
