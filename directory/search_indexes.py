from haystack import indexes

from directory.models import PlacePage


class PlaceIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    title = indexes.CharField(model_attr="title")
    commune = indexes.CharField(model_attr="commune")
    public = indexes.BooleanField()
    kind = indexes.CharField()

    def get_model(self):
        return PlacePage

    def index_queryset(self, using=None):
        return self.get_model().objects.live().public().select_related("territory")

    def prepare_public(self, obj):
        return True

    def prepare_kind(self, obj):
        return "place"
