"""The desk's view of the widgets the modules declare (``Module.widgets``, in the spaces'
registry): which may go on a space's home, and the default layout of each kind of space."""

from dataclasses import dataclass, field

from workspace.spaces import modules
from workspace.spaces.modules import Widget

COUNT_CHOICES = (3, 5, 10)


def get(slug: str) -> Widget | None:
    return modules.widget(slug)


def all_widgets() -> list[Widget]:
    return modules.widgets()


def available_for(space) -> list[Widget]:
    """The widgets that may go on ``space``'s home: of its kind, their module on there, and on
    a personal desk, meant for its owner (a scheme's widgets for the scheme's members)."""
    enabled = {m.slug for m in modules.modules_for(space)}
    found = [w for w in all_widgets() if space.kind in w.kinds and (w.module is None or w.module in enabled)]
    if any(w.audience for w in found):  # the owner is loaded only when a widget asks
        owner = space.owner if space.kind == "personal" else None
        found = [w for w in found if w.offered_to(owner)]
    return found


def default_layout(space) -> list[dict]:
    return [{"widget": w.slug, "count": w.default_count} for w in available_for(space) if space.kind in w.default_in]


@dataclass
class Placed:
    """A widget placed on a desk, with its options and, once loaded, its context."""

    key: str
    widget: Widget
    count: int
    context: dict = field(default_factory=dict)
