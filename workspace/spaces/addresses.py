"""Which first segments under /espace/ are not spaces, derived from what is mounted there.

A group gets its address from its name (``/espace/<slug>/``). Anything mounted under /espace/
before the spaces (the groups page, a module's own pages: ``discussion``, ``membres``,
``territoires``, ``tickets``…) answers first, so a group whose slug is one of those words would
open that page instead of the group. The words are read from the URL patterns themselves, so a
new module's pages reserve their words without anyone keeping a list; a system check
(``workspace.spaces.checks``) says when a word and an existing space collide.
"""

from django.urls import URLResolver, get_resolver

NETWORK_SLUG = "reseau"
PERSONAL_PREFIX = "bureau-"
WORKSPACE_PREFIX = "espace/"


def _first_segment(route: str) -> str:
    """The literal first segment of a URL route ("" for none, or for a converter)."""
    first = route.split("/", 1)[0]
    if first.startswith("^"):  # a regular expression pattern: its literal start
        first = first.lstrip("^").split("(", 1)[0].rstrip("$")
    if "<" in first or not first.replace("-", "").replace("_", "").isalnum():
        return ""  # a converter (<slug:slug>): that is where spaces are
    return first.lower()


def _first_segments(patterns) -> set[str]:
    words = set()
    for entry in patterns:
        route = str(entry.pattern)
        word = _first_segment(route)
        if word:
            words.add(word)
        elif not route.split("/", 1)[0] and isinstance(entry, URLResolver):
            words |= _first_segments(entry.url_patterns)  # included at "": look inside
    return words


def _workspace_words() -> set[str]:
    words = set()
    for entry in get_resolver().url_patterns:
        route = str(entry.pattern)
        if route == WORKSPACE_PREFIX and isinstance(entry, URLResolver):
            words |= _first_segments(entry.url_patterns)
        elif route.startswith(WORKSPACE_PREFIX):  # a page mounted at "espace/<word>/…" directly
            words.add(_first_segment(route[len(WORKSPACE_PREFIX) :]))
    return words - {""}


def reserved_words() -> frozenset[str]:
    """The first segments under /espace/ that a space may not take."""
    return frozenset(_workspace_words() | {NETWORK_SLUG})


def is_reserved(slug: str) -> bool:
    return slug in reserved_words() or slug.startswith(PERSONAL_PREFIX)
