"""The public site's pages and documents in the site search (shape: search/indexes.py)."""

from haystack import indexes
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from core.search import PUBLIC, BaseIndex, PageIndex, stream_text
from home.models import EventPage, NewsPage, PressArticle, StandardPage, ThematicFilePage


class NewsIndex(PageIndex, indexes.Indexable):
    search_kind = "news"

    def get_model(self):
        return NewsPage

    def get_text(self, obj):
        return [obj.summary, stream_text(obj.body), " ".join(t.name for t in obj.tags.all())]

    def get_date(self, obj):
        return obj.date


class EventIndex(PageIndex, indexes.Indexable):
    search_kind = "event"

    def get_model(self):
        return EventPage

    def index_queryset(self, using=None):
        return super().index_queryset(using).select_related("place", "place__territory")

    def get_text(self, obj):
        place = f"{obj.place.title} {obj.place.commune}" if obj.place_id else ""
        return [obj.summary, obj.location, place, stream_text(obj.body)]

    def get_territory(self, obj):
        return obj.place.territory.slug if obj.place_id and obj.place.territory_id else None

    def get_date(self, obj):
        return obj.start


class StandardPageIndex(PageIndex, indexes.Indexable):
    search_kind = "page"

    def get_model(self):
        return StandardPage

    def get_text(self, obj):
        return [obj.intro, stream_text(obj.body)]


class ThematicFileIndex(PageIndex, indexes.Indexable):
    search_kind = "page"

    def get_model(self):
        return ThematicFilePage

    def get_text(self, obj):
        return [obj.theme, obj.summary, stream_text(obj.body)]


class PressArticleIndex(PageIndex, indexes.Indexable):
    search_kind = "page"

    def get_model(self):
        return PressArticle

    def get_text(self, obj):
        return [obj.publication, obj.author, obj.excerpt]

    def get_date(self, obj):
        return obj.date


def _restricted_collection_ids() -> set[int]:
    """Collections under a view restriction, with everything below them."""
    ids = set()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        collection = restriction.collection
        ids.add(collection.pk)
        ids.update(collection.get_descendants().values_list("pk", flat=True))
    return ids


class DocumentIndex(BaseIndex, indexes.Indexable):
    """Wagtail documents of public collections (a private collection's never are)."""

    search_kind = "document"

    def get_model(self):
        return get_document_model()

    def index_queryset(self, using=None):
        return self.get_model().objects.exclude(collection_id__in=_restricted_collection_ids())

    def get_title(self, obj):
        return obj.title

    def get_text(self, obj):
        return [obj.filename, " ".join(t.name for t in obj.tags.all())]

    def get_access(self, obj):
        return [PUBLIC]

    def get_date(self, obj):
        return obj.created_at

    def get_space_id(self, obj):
        return None

    def user_can_see(self, user, obj) -> bool:
        return obj.collection_id not in _restricted_collection_ids()

    def get_url(self, obj):
        return obj.url
