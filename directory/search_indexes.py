from haystack import indexes

from core.search import PageIndex
from directory.models import PlacePage


class PlaceIndex(PageIndex, indexes.Indexable):
    """A place of the directory: found by its name, commune, services and publics."""

    search_kind = "place"

    def get_model(self):
        return PlacePage

    def index_queryset(self, using=None):
        return super().index_queryset(using).select_related("territory")

    def get_text(self, obj):
        return [
            f"{obj.commune} {obj.postcode} {obj.address}",
            obj.territory.name if obj.territory_id else "",
            obj.get_kind_display(),
            obj.summary,
            obj.description,
            " ".join(obj.services or []),
            " ".join(obj.publics or []),
        ]

    def get_territory(self, obj):
        return obj.territory.slug if obj.territory_id else None
