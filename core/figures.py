"""Public figures that modules offer the public site, without the site importing them.

The statistics page (``home``) never imports a workspace module (the layers). A module that has
anonymous, aggregated figures to publish (the Ticket déclic scheme: tickets issued this year,
courses completed…) registers a ``FigureProvider`` from its ``ready()``; the page calls
``public_figures()`` and shows each provider's figures under its title. A provider returns
counts only, never anything about a person.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class FigureProvider:
    slug: str
    title: str  # lazy translated
    load: Callable[[], list[dict]]  # [{"value": int, "label": str}, …]
    order: int = 100


_PROVIDERS = Registry("public figures")


def register(provider: FigureProvider) -> FigureProvider:
    return _PROVIDERS.register(provider)


def unregister(slug: str) -> None:
    _PROVIDERS.unregister(slug)


def providers() -> list[FigureProvider]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.slug))


def public_figures() -> list[dict]:
    """[{"slug", "title", "figures": [{"value", "label"}, …]}, …], each provider asked now."""
    return [{"slug": p.slug, "title": p.title, "figures": p.load()} for p in providers()]
