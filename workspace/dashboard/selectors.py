"""Reads for the desk: the placed widgets of a space, loaded with a bounded query count."""

from workspace.dashboard import registry
from workspace.dashboard.services import layout_items


def desk_widgets(*, request, space) -> list[registry.Placed]:
    available = {w.slug: w for w in registry.available_for(space)}
    placed = []
    for item in layout_items(space):
        widget = available.get(item["widget"])
        if widget is None:
            continue  # its module was switched off: hidden, kept in the layout
        entry = registry.Placed(key=item["key"], widget=widget, count=item.get("count", widget.default_count))
        entry.context = widget.load(request, space, entry.count) or {}
        placed.append(entry)
    return placed
