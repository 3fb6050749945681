"""The module contract: the only thing a space knows of a module.

A module (notes, forum, files, agenda, chat, contacts…) declares itself once, in its own
AppConfig.ready, with ``register(Module(...))``, the way HumHub modules declare themselves to a
content container and Wagtail apps register hooks. The declaration says everything the rest of
the workspace needs and nothing else lists modules:

- ``segment``/``urls``: its pages in a space, mounted at ``/espace/<space>/<segment>/`` with the
  module's slug as URL namespace; ``root_segment``/``root_urls``: its own pages at
  ``/espace/<root_segment>/`` (a member's agenda, the chat, the contacts…). The words reserved
  under ``/espace/`` are derived from what is mounted there (``workspace.spaces.urls``), so a
  group can never take an address a module uses.
- ``kinds``: the kinds of space it is on in (``personal``, ``group``, ``network``); a module with
  no kind is not switched per space (contacts, people) and only brings its root pages, widgets…
- ``grants``: per kind of space, the space permission each of its actions needs; an action not
  listed needs itself (notes in the network space: ``{"contribute": "moderate"}``).
- ``widgets``: its desk widgets; ``search_kinds`` and ``search_tokens``/``search_hidden``: what it
  adds to the search; ``notification_kinds``: the notifications it sends; ``socket``: the
  dotted path of its ``SocketHandler`` (``workspace.spaces.consumers``), the frames and events it
  handles on the workspace WebSocket; ``home``: the view that renders a space's home (the desk);
  ``menu``: who sees its root page in the side navigation (a scheme's members).

``states(space)`` is the one accessor for "which modules are on here": it reads the
``ModuleState`` rows once per space object; nothing else touches that cache. ``enabled_q`` is the
same answer as a queryset filter.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.module_loading import import_string

from core import notify as core_notify
from core import search as core_search

_REGISTRY: dict[str, "Module"] = {}

ALL_KINDS = frozenset({"personal", "group", "network"})
_STATES = "_module_states"  # the per-object cache of states(); read and written here only


@dataclass(frozen=True)
class Widget:
    """A desk widget. ``load(request, space, count)`` returns its template context with a
    bounded number of queries (one or two, never one per item), so that a desk costs the same
    whatever the widgets a member chose."""

    slug: str
    title: str  # lazy translated
    template: str
    load: Callable
    description: str = ""
    kinds: frozenset = ALL_KINDS
    module: str | None = None  # the module that must be on in the space for the widget to show
    has_count: bool = True
    default_count: int = 5
    default_in: frozenset = frozenset()  # kinds whose default layout holds it
    order: int = 50
    # dotted path of callable(user) -> bool: on a personal desk, whether its owner may have it
    # (a scheme's widgets go to its members only; their desk holds them from the start)
    audience: str = ""

    def offered_to(self, user) -> bool:
        return not self.audience or bool(user is not None and import_string(self.audience)(user))


@dataclass(frozen=True)
class Module:
    slug: str
    label: str  # lazy translated
    segment: str = ""  # the URL segment under the space, e.g. "notes"
    urls: str = ""  # dotted path of the module's urlconf in a space (namespace = slug)
    root_segment: str | None = None  # its own pages under /espace/ ("" for /espace/ itself)
    root_urls: str = ""
    icon: str = "•"
    order: int = 50
    kinds: frozenset = ALL_KINDS
    default_enabled: bool = True
    switchable: bool = True  # a group's admins may switch it off (the desk itself may not)
    nav: bool = True  # listed in a space's side navigation (its "index" page)
    # {kind: {action: space permission needed}}; an action not listed needs itself.
    grants: dict = field(default_factory=dict)
    widgets: tuple = ()
    search_kinds: tuple = ()  # core.search.SearchKind
    search_tokens: str = ""  # dotted path: callable(user) -> access tokens beyond the spaces'
    search_hidden: str = ""  # dotted path: callable(user) -> document ids hidden from the user
    notification_kinds: tuple = ()  # core.notify.NotificationKind
    socket: str = ""  # dotted path of its SocketHandler class
    home: str = ""  # dotted path of view(request, space) rendering a space's home for its readers
    # dotted path of callable(user) -> bool: the module's root page is listed in the side
    # navigation's "Schemes" for the members it answers True for (Ticket déclic, esp@p…)
    menu: str = ""

    def supports(self, kind: str) -> bool:
        return kind in self.kinds

    def required(self, kind: str, action: str) -> str:
        return self.grants.get(kind, {}).get(action, action)


def register(module: Module) -> Module:
    """Declare ``module`` (from its AppConfig.ready). Its search and notification kinds go to
    the core registries that the search and the notifications read."""
    existing = _REGISTRY.get(module.slug)
    if existing is not None and existing != module:
        raise ValueError(f"module {module.slug!r} is registered twice")
    _REGISTRY[module.slug] = module
    for kind in module.search_kinds:
        core_search.register_kind(kind)
    for kind in module.notification_kinds:
        core_notify.register_kind(kind)
    return module


def unregister(slug: str) -> None:
    """Take a module out (tests that register a module of their own)."""
    module = _REGISTRY.pop(slug, None)
    if module is not None:
        for kind in module.search_kinds:
            core_search.unregister_kind(kind.slug)
        for kind in module.notification_kinds:
            core_notify.unregister_kind(kind.slug)


def get(slug: str) -> Module | None:
    return _REGISTRY.get(slug)


def all_modules() -> list[Module]:
    return sorted(_REGISTRY.values(), key=lambda m: (m.order, m.slug))


def space_modules(kind: str | None = None) -> list[Module]:
    """The modules that can be on in a space (of ``kind``)."""
    return [m for m in all_modules() if m.kinds and (kind is None or m.supports(kind))]


# -- which modules are on in a space --------------------------------------------------------


def states(space) -> dict[str, bool]:
    """{module slug: on?} for every module ``space`` supports, read once per space object."""
    cached = getattr(space, _STATES, None)
    if cached is None:
        stored = getattr(space, "_prefetched_objects_cache", {}).get("module_states")
        rows = (
            [(s.module, s.enabled) for s in stored]
            if stored is not None
            else space.module_states.values_list("module", "enabled")
        )
        saved = dict(rows)
        cached = {m.slug: saved.get(m.slug, m.default_enabled) for m in space_modules(space.kind)}
        setattr(space, _STATES, cached)
    return cached


def forget_states(space) -> None:
    """A module was switched on or off: the next ``states(space)`` reads again."""
    if hasattr(space, _STATES):
        delattr(space, _STATES)


def is_enabled(space, slug: str) -> bool:
    return bool(states(space).get(slug, False))


def modules_for(space) -> list[Module]:
    """The modules switched on in ``space``, in their order."""
    on = states(space)
    return [m for m in space_modules(space.kind) if on.get(m.slug)]


def enabled_q(slug: str, prefix: str = "") -> Q:
    """The spaces where module ``slug`` is on, as a filter on Space (``prefix``: "space__")."""
    from workspace.spaces.models import ModuleState

    module = get(slug)
    if module is None or not module.kinds:
        return Q(pk__in=[])
    kinds = Q(**{f"{prefix}kind__in": sorted(module.kinds)})
    if module.default_enabled:
        off = ModuleState.objects.filter(module=slug, enabled=False).values("space_id")
        return kinds & ~Q(**{f"{prefix}pk__in": off})
    on = ModuleState.objects.filter(module=slug, enabled=True).values("space_id")
    return kinds & Q(**{f"{prefix}pk__in": on})


# -- what modules contribute ---------------------------------------------------------------


def widgets() -> list[Widget]:
    found = {}
    for module in all_modules():
        for widget in module.widgets:
            if widget.slug in found:
                raise ValueError(f"widget {widget.slug!r} is declared twice")
            found[widget.slug] = widget
    return sorted(found.values(), key=lambda w: (w.order, w.slug))


def widget(slug: str) -> Widget | None:
    return next((w for w in widgets() if w.slug == slug), None)


def menu_modules(user) -> list[Module]:
    """The modules whose root page the side navigation lists for ``user``."""
    return [m for m in all_modules() if m.menu and m.root_segment and import_string(m.menu)(user)]


def socket_handlers() -> list[tuple[Module, type]]:
    """(module, SocketHandler class) for every module that speaks on the workspace socket."""
    return [(m, import_string(m.socket)) for m in all_modules() if m.socket]


def search_token_providers() -> list[Callable]:
    return [import_string(m.search_tokens) for m in all_modules() if m.search_tokens]


def search_hidden_providers() -> list[Callable]:
    return [import_string(m.search_hidden) for m in all_modules() if m.search_hidden]


def home_view() -> Callable | None:
    """The view rendering a space's home for its readers (the desk module's)."""
    for module in all_modules():
        if module.home:
            return import_string(module.home)
    return None
