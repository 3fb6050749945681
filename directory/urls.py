"""The directory's file addresses (``/annuaire/export.csv`` …): Wagtail's page routes only serve
addresses ending with a slash, so these few are plain Django routes to the same views."""

from django.http import Http404
from django.urls import path

from directory import views
from directory.models import DirectoryIndexPage


def _on_index(view):
    def wrapper(request):
        index = DirectoryIndexPage.objects.live().first()
        if index is None:
            raise Http404
        return view(request, index)

    wrapper.__name__ = view.__name__
    return wrapper


urlpatterns = [
    path("export.csv", _on_index(views.export_csv), name="directory-export-csv"),
    path("export.geojson", _on_index(views.export_geojson), name="directory-export-geojson"),
    path("export.json", _on_index(views.export_json), name="directory-export-json"),
    path("annuaire.pdf", _on_index(views.pdf), name="directory-pdf"),
]
