"""Thin views of the directory, reached through DirectoryIndexPage's routes (``/annuaire/…``)."""

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory import pdf as directory_pdf
from directory import selectors, services
from directory.forms import DirectoryFilterForm

LIST_PAGE_SIZE = 50
API_PAGE_SIZE = 100
API_MAX_PAGE_SIZE = 500


def _filters(request):
    form = DirectoryFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form, form.filters()


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def directory(request, index_page):
    """The map and its accessible list: the list is the page; the map only enhances it."""
    form, filters = _filters(request)
    places = selectors.places_for_list(filters)
    paginator = Paginator(places, LIST_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    for place in page_obj.object_list:
        place.hours_status = selectors.hours.status(place.opening_hours)
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "filters": filters,
            "places": page_obj.object_list,
            "page_obj": page_obj,
            "place_count": paginator.count,
            "filter_query": _query_without_page(request),
            "active_filters": any(v for k, v in request.GET.items() if k != "page"),
            "map_config": selectors.map_config(index_page.url + "api/carte/"),
        }
    )
    return TemplateResponse(request, "directory/directory_index_page.html", context)


def _export_places(request):
    _form, filters = _filters(request)
    return selectors.places_filtered(filters).select_related("territory").order_by("path")


@require_GET
def export_csv(request, index_page):
    response = HttpResponse(services.places_to_csv(_export_places(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique-lot.csv"'
    return response


def _place_properties(place, prefix) -> dict:
    row = services.place_to_row(place)
    row["url"] = selectors.page_url(place.url_path, prefix)
    row["territoire"] = place.territory.name
    row["espap"] = place.espap
    row["ticket_declic"] = place.ticket_declic
    row["postes"] = place.workstations
    return row


@require_GET
def export_geojson(request, index_page):
    prefix = selectors.site_prefix(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]}
            if place.has_coordinates
            else None,
            "properties": _place_properties(place, prefix),
        }
        for place in _export_places(request)
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features},
        json_dumps_params={"ensure_ascii": False},
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique-lot.geojson"'
    return response


@require_GET
def export_json(request, index_page):
    prefix = selectors.site_prefix(request)
    data = [_place_properties(place, prefix) for place in _export_places(request)]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique-lot.json"'
    return response


def _int(value, default, low, high):
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


@require_GET
def api_places(request, index_page):
    """Read-only, paginated list of places with the same filters as the map (see README)."""
    form, filters = _filters(request)
    if form.errors:
        return JsonResponse({"errors": form.errors}, status=400)
    places = selectors.places_for_list(filters)
    size = _int(request.GET.get("taille"), API_PAGE_SIZE, 1, API_MAX_PAGE_SIZE)
    paginator = Paginator(places, size)
    number = _int(request.GET.get("page"), 1, 1, max(paginator.num_pages, 1))
    page_obj = paginator.page(number)
    prefix = selectors.site_prefix(request)
    base = request.build_absolute_uri(request.path)
    query = _query_without_page(request)

    def link(n):
        return f"{base}?{query + '&' if query else ''}page={n}"

    return JsonResponse(
        {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "next": link(number + 1) if page_obj.has_next() else None,
            "previous": link(number - 1) if page_obj.has_previous() else None,
            "results": [_place_properties(place, prefix) for place in page_obj.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_map(request, index_page):
    """Points (or, for many places at a wide zoom, clusters) for the map."""
    form, filters = _filters(request)
    if form.errors:
        return JsonResponse({"errors": form.errors}, status=400)
    zoom = _int(request.GET.get("zoom"), None, 0, 22) if request.GET.get("zoom") else None
    bbox = None
    if request.GET.get("bbox"):
        try:
            west, south, east, north = (float(v) for v in request.GET["bbox"].split(","))
            bbox = (west, south, east, north)
        except ValueError:
            return JsonResponse({"errors": {"bbox": ["west,south,east,north"]}}, status=400)
    data = selectors.map_data(filters, zoom=zoom, bbox=bbox, prefix=selectors.site_prefix(request))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
    response["Cache-Control"] = "public, max-age=60"
    return response


def printable(request, index_page):
    """The whole directory grouped by territory, for printing (a print stylesheet does the rest)."""
    places = selectors.public_places().select_related("territory").order_by("commune", "title")
    context = index_page.get_context(request)
    context.update({"groups": selectors.places_by_territory(places), "today": timezone.localdate()})
    return TemplateResponse(request, "directory/printable.html", context)


def pdf(request, index_page):
    places = selectors.public_places().select_related("territory").order_by("commune", "title")
    content = directory_pdf.render(selectors.places_by_territory(places), title=index_page.title)
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="annuaire-epm-lot.pdf"'
    return response
