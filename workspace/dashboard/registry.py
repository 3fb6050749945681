"""The widget registry of the desk.

Each module contributes widgets from its ``widgets.py`` (imported in its AppConfig.ready). A
widget's ``load(request, space, options)`` returns its template context with a bounded number
of queries (one or two, never one per item), so that the desk costs the same whatever the
widgets a member chose.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

_WIDGETS: dict[str, "Widget"] = {}
COUNT_CHOICES = (3, 5, 10)


@dataclass(frozen=True)
class Widget:
    slug: str
    title: str  # lazy translated
    template: str
    load: Callable
    description: str = ""
    kinds: frozenset = frozenset({"personal", "group", "network"})
    module: str | None = None  # the module that must be on in the space
    has_count: bool = True
    default_count: int = 5
    default_in: frozenset = frozenset()  # kinds whose default layout holds it
    order: int = 50


def register(widget: Widget) -> Widget:
    _WIDGETS[widget.slug] = widget
    return widget


def get(slug: str) -> Widget | None:
    return _WIDGETS.get(slug)


def all_widgets() -> list[Widget]:
    return sorted(_WIDGETS.values(), key=lambda w: (w.order, w.slug))


def available_for(space, states: dict | None = None) -> list[Widget]:
    from workspace.spaces import modules

    enabled = {m.slug for m in modules.modules_for(space, states)}
    return [w for w in all_widgets() if space.kind in w.kinds and (w.module is None or w.module in enabled)]


def default_layout(kind: str) -> list[dict]:
    return [{"widget": w.slug, "count": w.default_count} for w in all_widgets() if kind in w.default_in]


@dataclass
class Placed:
    """A widget placed on a desk, with its options and, once loaded, its context."""

    key: str
    widget: Widget
    count: int
    context: dict = field(default_factory=dict)
