"""The common shape of every search index of the site, and the registry of search kinds.

The search page (``search/``) reads both; apps declare their indexes (``search_indexes.py``)
with these classes and their kinds (a workspace module in its ``Module``, the public site in its
AppConfig), so that the search never imports an app.

Each indexed document carries, besides its text:

- ``access``: the grants that let someone read it, as tokens. ``public`` for the public site;
  ``members`` for what every active member sees (profiles, the card of a non-secret group);
  ``sp<space id>`` for the card of a space; ``sp<space id>m<module>`` for a module's content in
  a space (a note: ``sp12mnotes``); ``room<id>`` for a chat message. The search computes the
  tokens of the requesting user from the permission policy (``search.selectors.access_tokens``)
  and narrows the query to them, so what they may not read is never returned, counted in the
  total or in a facet, nor suggested. Then each result on the page is checked again against the
  policy (``user_can_see``).
- ``kind``, ``space``, ``territory``: exact values for the filters and facets; ``date`` for the
  date filter and sort; ``title_auto``: the beginnings of the title's words, for autocomplete.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags
from haystack import indexes

from core.registry import Registry

PUBLIC = "public"
MEMBERS = "members"


@dataclass(frozen=True)
class SearchKind:
    """A kind of document the search shows and filters on (``kind`` of an index)."""

    slug: str
    label: str  # lazy translated, plural ("Notes")
    autocomplete: bool = True  # offered as a suggestion while typing
    order: int = 50


_KINDS = Registry("search kind")  # slug -> SearchKind


def register_kind(kind: SearchKind) -> SearchKind:
    return _KINDS.register(kind)


def unregister_kind(slug: str) -> None:
    _KINDS.unregister(slug)


def kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.slug))


def kind_label(slug: str) -> str:
    kind = _KINDS.get(slug)
    return kind.label if kind else ""


def space_token(space_id, module: str | None = None) -> str:
    return f"sp{space_id}m{module}" if module else f"sp{space_id}"


def room_token(room_id) -> str:
    return f"room{room_id}"


def naive_utc(value):
    """Whoosh stores naive datetimes: every date is indexed in UTC."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value, datetime.UTC)
    return value


def html_text(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def stream_text(value) -> str:
    """The searchable text of a StreamField, without rendering it (no renditions made)."""
    if not value:
        return ""
    try:
        parts = value.stream_block.get_searchable_content(value)
    except Exception:  # noqa: BLE001 - a block without searchable content must not stop indexing
        return ""
    return html_text(" ".join(str(p) for p in parts))


class BaseIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True)
    title = indexes.CharField()
    title_auto = indexes.EdgeNgramField()
    kind = indexes.FacetCharField()
    access = indexes.MultiValueField()
    space = indexes.FacetCharField(null=True)
    territory = indexes.FacetCharField(null=True)
    date = indexes.DateTimeField(null=True)

    search_kind = ""

    # -- what subclasses say -----------------------------------------------------------------

    def get_title(self, obj) -> str:
        return str(obj)

    def get_text(self, obj) -> list[str]:
        return []

    def get_access(self, obj) -> list[str]:
        raise NotImplementedError

    def get_space_id(self, obj):
        return getattr(obj, "space_id", None)

    def get_territory(self, obj):
        return None

    def get_date(self, obj):
        return None

    def user_can_see(self, user, obj) -> bool:
        """Asked again of the policy for each result shown."""
        raise NotImplementedError

    def visible_among(self, user, objs, memo: dict) -> set:
        """The pks among ``objs`` (one page of results of this index) that ``user`` may see.
        One question per object, unless the index can answer for the page at once; ``memo`` is
        shared by the indexes of one page of results (e.g. the view restrictions, read once)."""
        return {obj.pk for obj in objs if self.user_can_see(user, obj)}

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    # -- haystack's preparation ------------------------------------------------------------

    def prepare_title(self, obj):
        return self.get_title(obj)

    def prepare_title_auto(self, obj):
        return self.get_title(obj)

    def prepare_text(self, obj):
        return "\n".join(p for p in [self.get_title(obj), *self.get_text(obj)] if p)

    def prepare_kind(self, obj):
        return self.search_kind

    def prepare_access(self, obj):
        return self.get_access(obj)

    def prepare_space(self, obj):
        space_id = self.get_space_id(obj)
        return str(space_id) if space_id else None

    def prepare_territory(self, obj):
        return self.get_territory(obj)

    def prepare_date(self, obj):
        return naive_utc(self.get_date(obj))


class PageIndex(BaseIndex):
    """A public Wagtail page: live, without view restriction."""

    def index_queryset(self, using=None):
        return self.get_model().objects.live().public()

    def get_access(self, obj):
        return [PUBLIC]

    def get_date(self, obj):
        return obj.last_published_at or obj.first_published_at

    def user_can_see(self, user, obj) -> bool:
        return obj.live and not obj.get_view_restrictions().exists()

    def visible_among(self, user, objs, memo: dict) -> set:
        """Live pages under no view restriction: the restricted paths are read once for the
        page of results (a restriction covers the page it is set on and every page below)."""
        if "restricted_paths" not in memo:
            from wagtail.models import PageViewRestriction

            memo["restricted_paths"] = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        restricted = memo["restricted_paths"]
        return {obj.pk for obj in objs if obj.live and not obj.path.startswith(restricted or ("\0",))}

    def get_url(self, obj):
        return obj.url
