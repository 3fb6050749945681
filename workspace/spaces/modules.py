"""The module registry.

Each module (notes, forum, files, agenda, chat…) declares once, in its AppConfig.ready, the
kinds of space it supports, whether it is on by default and which space permission each of its
actions needs in each kind of space. Spaces mount its URLs under ``/espace/<space>/<segment>/``;
adding a module touches no other module.
"""

from dataclasses import dataclass, field

_REGISTRY: dict[str, "Module"] = {}

ALL_KINDS = frozenset({"personal", "group", "network"})


@dataclass(frozen=True)
class Module:
    slug: str
    label: str  # lazy translated
    segment: str  # the URL segment under the space, e.g. "notes"
    urls: str  # dotted path of the module's urlconf (app_name = slug)
    icon: str = "•"
    order: int = 50
    kinds: frozenset = ALL_KINDS
    default_enabled: bool = True
    # {kind: {action: space permission needed}}; an action not listed needs itself.
    # e.g. notes in the network space: only its administrators write ({"contribute": "moderate"}).
    grants: dict = field(default_factory=dict)

    def supports(self, kind: str) -> bool:
        return kind in self.kinds

    def required(self, kind: str, action: str) -> str:
        return self.grants.get(kind, {}).get(action, action)


def register(module: Module) -> Module:
    _REGISTRY[module.slug] = module
    return module


def get(slug: str) -> Module | None:
    return _REGISTRY.get(slug)


def all_modules() -> list[Module]:
    return sorted(_REGISTRY.values(), key=lambda m: (m.order, m.slug))


def modules_for(space, states: dict | None = None) -> list[Module]:
    """The modules switched on in ``space``. ``states`` (module → enabled) avoids a query."""
    if states is None:
        states = dict(space.module_states.values_list("module", "enabled"))
    return [m for m in all_modules() if m.supports(space.kind) and states.get(m.slug, m.default_enabled)]


def is_enabled(space, slug: str) -> bool:
    module = get(slug)
    if module is None or not module.supports(space.kind):
        return False
    cache = getattr(space, "_module_states", None)
    if cache is None:
        cache = dict(space.module_states.values_list("module", "enabled"))
        space._module_states = cache
    return cache.get(slug, module.default_enabled)
