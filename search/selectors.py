"""Reads of the search index, always for a given user.

The permission policy decides, never this module: ``access_tokens`` turns what the policy grants
the user (the spaces and modules they may view, their chat rooms, being an active member) into
the tokens indexed with each document (see search/indexes.py). Every query is narrowed to those
tokens, so totals, facets and suggestions only ever count what the user may read; then each
result shown is asked of the policy once more (an index a few seconds behind a change of
membership must not show anything either), and a result that fails is dropped and re-indexed.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from haystack import connections
from haystack.query import SearchQuerySet
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from core import search as kinds_registry
from core.search import MEMBERS, PUBLIC, naive_utc, space_token
from core.users import is_active_member as _active
from search.backends import SearchUnavailable, french_analyzer
from workspace.spaces import modules as registry
from workspace.spaces.permissions import VIEW, policy

SORTS = {"relevance": _("Relevance"), "date": _("Most recent first")}
PAGE_SIZE = 20

__all__ = ["SearchUnavailable", "access_tokens", "search", "autocomplete"]


def kinds() -> dict:
    """{kind: label} of every kind of document, as the apps declared them (core.search)."""
    return {kind.slug: kind.label for kind in kinds_registry.kinds()}


def access_tokens(user) -> list[str]:
    """The access tokens ``user`` holds, as the permission policy grants them: the spaces they
    read and each module there, then what modules add (``Module.search_tokens``: chat rooms)."""
    tokens = {PUBLIC}
    if not _active(user):
        return sorted(tokens)
    tokens.add(MEMBERS)
    slugs = [module.slug for module in registry.space_modules()]
    for space in policy.instances_user_has_permission_for(user, VIEW).prefetch_related("module_states"):
        tokens.add(space_token(space.pk))
        for slug in slugs:
            if policy.user_has_module_permission(user, VIEW, space, slug):
                tokens.add(space_token(space.pk, slug))
    for provider in registry.search_token_providers():
        tokens.update(provider(user))
    return sorted(tokens)


def _hidden(user) -> list[str]:
    """Documents the user may not find whatever their access (``Module.search_hidden``: the
    members who blocked them or whom they blocked)."""
    if not _active(user):
        return []
    hidden = set()
    for provider in registry.search_hidden_providers():
        hidden.update(provider(user))
    return sorted(hidden)


def for_user(user) -> SearchQuerySet:
    """Every document ``user`` may read, and nothing else."""
    sqs = SearchQuerySet().narrow(f"access:({' OR '.join(access_tokens(user))})")
    hidden = _hidden(user)
    if hidden:
        identifiers = " OR ".join(f'"{identifier}"' for identifier in hidden)
        sqs = sqs.narrow(f"NOT id:({identifiers})")
    return sqs


# --- the search page -----------------------------------------------------------------------


@dataclass
class Params:
    q: str = ""
    kind: str = ""
    territory: str = ""
    space: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"

    @classmethod
    def from_query(cls, data) -> "Params":
        def date(name):
            try:
                return datetime.date.fromisoformat(data.get(name, ""))
            except ValueError:
                return None

        kind = data.get("type", "")
        known = kinds()
        space = data.get("espace", "")
        sort = data.get("tri", "relevance")
        return cls(
            q=" ".join(data.get("q", "").split())[:200],
            kind=kind if kind in known else "",
            territory=data.get("territoire", "")[:60],
            space=space if space.isdigit() else "",
            date_from=date("du"),
            date_to=date("au"),
            sort=sort if sort in SORTS else "relevance",
        )


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str
    date: datetime.datetime | None
    obj: object = field(repr=False)


def _moment(day: datetime.date, end=False) -> datetime.datetime:
    """The start (or end) of ``day`` in the site's time zone, as indexed (naive UTC)."""
    moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return naive_utc(timezone.make_aware(moment))


def search(user, params: Params) -> SearchQuerySet:
    """The query for ``params``, narrowed to what ``user`` may read, with its facets."""
    sqs = for_user(user).auto_query(params.q)
    if params.kind:
        sqs = sqs.filter(kind__exact=params.kind)
    if params.territory:
        sqs = sqs.filter(territory__exact=params.territory)
    if params.space:
        sqs = sqs.filter(space__exact=params.space)
    if params.date_from:
        sqs = sqs.filter(date__gte=_moment(params.date_from))
    if params.date_to:
        sqs = sqs.filter(date__lte=_moment(params.date_to, end=True))
    if params.sort == "date":
        sqs = sqs.order_by("-date")
    return sqs.facet("kind").facet("territory").facet("space")


class MarkFormatter(HtmlFormatter):
    """<mark>word</mark>, without classes (the text around is HTML-escaped by Whoosh)."""

    template = "<%(tag)s>%(t)s</%(tag)s>"


def snippet(text: str, query: str) -> str:
    """An HTML excerpt of ``text`` with the words of ``query`` in <mark> (escaped, safe)."""
    if not text:
        return ""
    analyzer = french_analyzer()
    terms = {token.text for token in analyzer(query)}
    excerpt = ""
    if terms:
        excerpt = highlight(
            text, terms, analyzer, ContextFragmenter(maxchars=240, surround=70), MarkFormatter(tagname="mark"), top=2
        )
    if not excerpt:
        from django.utils.html import escape
        from django.utils.text import Truncator

        excerpt = escape(Truncator(" ".join(text.split())).chars(200))
    return excerpt


def _index_of(model):
    return connections["default"].get_unified_index().get_index(model)


def _share_spaces(objects) -> None:
    """Hits of one space share one Space object, whose module states are read in one query for
    the page: the policy reads them once per object (workspace.spaces.modules)."""
    from django.db.models import prefetch_related_objects

    spaces = {}
    for obj in objects:
        space = obj._state.fields_cache.get("space") if hasattr(obj, "_state") else None
        if space is not None:
            obj.space = spaces.setdefault(space.pk, space)
    if spaces:
        prefetch_related_objects(list(spaces.values()), "module_states")


def visible_hits(user, results, query: str = "") -> list[Hit]:
    """The results (SearchResults of one page) the policy lets ``user`` see, as Hits.

    Visibility is decided for the page at once, per index (``visible_among``): the page costs
    the same queries with 5 hits or 20."""
    from search.signals import queue_refresh

    results = list(results)
    objects = [result.object for result in results]
    _share_spaces([obj for obj in objects if obj is not None])
    by_index, memo = {}, {}
    for result in results:
        if result.object is not None:
            by_index.setdefault(result.model, []).append(result.object)
    visible = {model: _index_of(model).visible_among(user, objs, memo) for model, objs in by_index.items()}
    hits = []
    for result in results:
        obj = result.object
        index = _index_of(result.model)
        if obj is None or obj.pk not in visible.get(result.model, ()):
            queue_refresh(result.model, result.pk)  # stale: the index catches up
            continue
        kind = getattr(result, "kind", "") or index.search_kind
        hits.append(
            Hit(
                kind=kind,
                kind_label=kinds_registry.kind_label(kind),
                title=result.title or str(obj),
                url=index.get_url(obj),
                snippet=snippet(getattr(result, "text", "") or "", query) if query else "",
                date=getattr(result, "date", None),
                obj=obj,
            )
        )
    return hits


def facet_choices(user, facet_counts: dict) -> dict:
    """Facet counts, labelled: {"kind": [(value, label, count)], "territory": [...], "space": [...]}."""
    fields = (facet_counts or {}).get("fields", {})
    out = {"kind": [], "territory": [], "space": []}
    labels = kinds()
    for value, count in fields.get("kind", []):
        if value in labels and count:
            out["kind"].append((value, labels[value], count))
    territories = [v for v, c in fields.get("territory", []) if v and c]
    if territories:
        from directory.models import Territory

        names = dict(Territory.objects.filter(slug__in=territories).values_list("slug", "name"))
        out["territory"] = [(v, names.get(v, v), c) for v, c in fields["territory"] if v and c]
    space_ids = [v for v, c in fields.get("space", []) if v and c and str(v).isdigit()]
    if space_ids and _active(user):
        # The ids come from results already narrowed to the user's spaces; the names are asked
        # of the policy's queryset all the same.
        names = dict(
            policy.instances_user_has_permission_for(user, VIEW)
            .filter(pk__in=[int(v) for v in space_ids])
            .values_list("pk", "name")
        )
        out["space"] = [(v, names[int(v)], c) for v, c in fields["space"] if v and str(v).isdigit() and int(v) in names]
    return out


# --- autocomplete --------------------------------------------------------------------------


def autocomplete(user, query: str, limit: int = 8) -> list[dict]:
    """Titles and member names beginning with the words typed, that ``user`` may see."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return []
    suggested = [kind.slug for kind in kinds_registry.kinds() if kind.autocomplete]
    sqs = for_user(user).autocomplete(title_auto=query).filter(kind__in=suggested)
    suggestions = []
    for hit in visible_hits(user, sqs.load_all()[: limit * 2]):
        suggestions.append({"label": hit.title, "kind": str(hit.kind_label), "url": hit.url})
        if len(suggestions) >= limit:
            break
    return suggestions
