"""Reads of the directory: the public places, filtered; the map's points and clusters."""

import math
from dataclasses import dataclass, field

from django.core.exceptions import FieldError
from django.db.models import Q
from django.utils import timezone

from core.text import fold
from directory import hours
from directory.fields import has_value
from directory.models import PlacePage, Territory, TerritoryPage

# Up to this many matching places, the map receives every point and clusters them itself.
MAP_POINTS_LIMIT = 3000
# From this zoom on, the map receives the points of the visible area, never clusters.
MAP_POINTS_ZOOM = 11


@dataclass
class PlaceFilters:
    """What a visitor asked for. Empty values mean no filter."""

    territory: str = ""
    service: str = ""
    public: str = ""
    open_now: bool = False
    espap: bool = False
    ticket_declic: bool = False
    text: str = ""
    department: str = ""
    near: tuple[float, float] | None = None
    extra: dict = field(default_factory=dict)


def public_places():
    return PlacePage.objects.live().public()


def places_filtered(filters: PlaceFilters):
    """The public places matching the filters, as a queryset (``open_now`` is applied later)."""
    qs = public_places()
    if filters.territory:
        qs = qs.filter(territory__slug=filters.territory)
    if filters.service:
        qs = qs.filter(has_value("services", filters.service))
    if filters.public:
        qs = qs.filter(has_value("publics", filters.public))
    if filters.espap:
        qs = qs.filter(espap=True)
    if filters.ticket_declic:
        qs = qs.filter(ticket_declic=True)
    if filters.department:
        qs = qs.filter(Q(insee_code__startswith=filters.department) | Q(postcode__startswith=filters.department))
    if filters.text:
        qs = qs.filter(Q(title__icontains=filters.text) | Q(commune__icontains=filters.text))
    return qs


def _open_now(rows, get_hours, now):
    # Many places share the same hours text: parse each distinct text once (20,000 places, a few
    # hundred texts).
    answers: dict[str, bool] = {}
    kept = []
    for row in rows:
        text = get_hours(row)
        if text not in answers:
            answers[text] = hours.is_open(text, now)
        if answers[text]:
            kept.append(row)
    return kept


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


class _PlacesByIds:
    """A sequence of places in a computed order, fetched one page at a time (for Paginator)."""

    def __init__(self, ids: list[int], distances: dict[int, float] | None = None):
        self.ids = ids
        self.distances = distances or {}

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = PlacePage.objects.select_related("territory").in_bulk(ids)
        places = [found[i] for i in ids if i in found]
        for place in places:
            place.distance = self.distances.get(place.pk)
        return places if isinstance(index, slice) else places[0]


def places_for_list(filters: PlaceFilters, *, now=None):
    """The places of the list view: filtered, nearest first when a location is given.

    Returned as something a Paginator slices: a page costs the same queries whatever the number
    of places (open-now and distance are computed on ``values_list`` rows, not on pages).
    """
    qs = places_filtered(filters).order_by("commune", "title")
    if not filters.open_now and not filters.near:
        return qs.select_related("territory")
    rows = list(qs.values_list("id", "opening_hours", "latitude", "longitude"))
    if filters.open_now:
        rows = _open_now(rows, lambda r: r[1], now or timezone.now())
    distances = None
    if filters.near:
        distances = {
            r[0]: distance_km(filters.near, (r[2], r[3])) for r in rows if r[2] is not None and r[3] is not None
        }
        rows.sort(key=lambda r: (r[0] not in distances, distances.get(r[0], 0)))
    return _PlacesByIds([r[0] for r in rows], distances)


def commune_location(name: str) -> tuple[float, float] | None:
    """Where a commune typed by a visitor is, from the places we know there (no outside geocoder).

    Matches the commune's name without accents or case, or a postcode.
    """
    wanted = fold(name)
    if not wanted:
        return None
    rows = public_places().filter(latitude__isnull=False, longitude__isnull=False)
    if wanted.isdigit():
        rows = rows.filter(postcode=wanted)
        points = list(rows.values_list("latitude", "longitude"))
    else:
        points = [
            (lat, lng)
            for commune, lat, lng in rows.values_list("commune", "latitude", "longitude")
            if fold(commune) == wanted or fold(commune).startswith(wanted + " (")
        ]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def site_prefix(request) -> str:
    """The url_path of the site's root page, to turn a page's url_path into its address."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def page_url(url_path: str, prefix: str) -> str:
    return "/" + url_path[len(prefix) :] if url_path.startswith(prefix) else url_path


MAP_FIELDS = ("id", "title", "commune", "latitude", "longitude", "url_path", "espap", "ticket_declic", "opening_hours")


def map_data(filters: PlaceFilters, *, zoom: int | None, bbox=None, prefix: str = "/", now=None) -> dict:
    """What the map draws: every point, or (many places at a wide zoom) clusters on a grid.

    Points are compact arrays ``[id, lat, lng, title, commune, url, espap, ticket]`` so that the
    first view of the whole of France stays small.
    """
    qs = places_filtered(filters).filter(latitude__isnull=False, longitude__isnull=False)
    if filters.open_now:
        rows = _open_now(qs.values_list(*MAP_FIELDS), lambda r: r[8], now or timezone.now())
        total = len(rows)
    else:
        total = qs.count()
        rows = None
    whole = total <= MAP_POINTS_LIMIT
    if not whole and bbox is not None:
        west, south, east, north = bbox
        qs = qs.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
        if rows is not None:
            rows = [r for r in rows if south <= r[3] <= north and west <= r[4] <= east]
    if rows is None:
        rows = qs.values_list(*MAP_FIELDS)
    if whole or (zoom is not None and zoom >= MAP_POINTS_ZOOM):
        points = [
            [r[0], round(r[3], 5), round(r[4], 5), r[1], r[2], page_url(r[5], prefix), int(r[6]), int(r[7])]
            for r in rows
        ]
        return {"mode": "points", "whole": whole, "total": total, "points": points, "clusters": []}
    cell = 64 / (2 ** (zoom if zoom is not None else 5))  # about 64 px at the given zoom
    cells: dict[tuple[int, int], list] = {}
    for r in rows:
        key = (math.floor(r[3] / cell), math.floor(r[4] / cell))
        cells.setdefault(key, []).append(r)
    points, clusters = [], []
    for members in cells.values():
        if len(members) == 1:
            r = members[0]
            points.append(
                [r[0], round(r[3], 5), round(r[4], 5), r[1], r[2], page_url(r[5], prefix), int(r[6]), int(r[7])]
            )
        else:
            lat = sum(m[3] for m in members) / len(members)
            lng = sum(m[4] for m in members) / len(members)
            clusters.append([round(lat, 4), round(lng, 4), len(members)])
    return {"mode": "clusters", "whole": False, "total": total, "points": points, "clusters": clusters}


def territory_places(territory_page: TerritoryPage):
    return (
        PlacePage.objects.child_of(territory_page)
        .live()
        .public()
        .select_related("territory")
        .order_by("commune", "title")
    )


def territories_with_places():
    """Territories that have a directory page, for the filter and the printable directory."""
    return Territory.objects.filter(page__isnull=False).order_by("name")


def places_by_territory(places) -> list[tuple[Territory, list]]:
    groups: dict[int, list] = {}
    territories = {}
    for place in places:
        groups.setdefault(place.territory_id, []).append(place)
        territories[place.territory_id] = place.territory
    return [(territories[k], groups[k]) for k in sorted(groups, key=lambda k: territories[k].name)]


def place_upcoming_events(place, *, now=None, limit: int = 5) -> list:
    """The live events at ``place`` from now on. Works before the agenda exists (no relation)."""
    related = getattr(place, "events", None)
    if related is None:
        return []
    now = now or timezone.now()
    try:
        qs = related.all()
        if hasattr(qs, "live"):
            qs = qs.live().public()
        return list(qs.filter(end__gte=now).order_by("start")[:limit])
    except (FieldError, AttributeError):  # the relation exists but not with the expected fields yet
        return []


def place_animators(place):
    return place.members.filter(is_active=True).order_by("last_name", "first_name")


def map_config(api: str = "") -> str:
    import json

    from django.conf import settings

    return json.dumps({"tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION, "api": api})


def place_detail_context(place: PlacePage, *, request=None, now=None) -> dict:
    return {
        "map_config": map_config(),
        "animators": place_animators(place),
        "hours_table": hours.weekly_table(place.opening_hours, now),
        "hours_status": hours.status(place.opening_hours, now),
        "hours_text": hours.describe(place.opening_hours, now),
        "events": place_upcoming_events(place, now=now),
        "photos": list(place.photos.select_related("image").all()),
        "agencies": list(place.espap_agencies.all()) if place.espap else [],
    }
