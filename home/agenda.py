"""The filters of the public agenda and the data of its map.

The filters are GET parameters with French names, because they are addresses a visitor keeps,
shares or subscribes to: ``/agenda/ical/?territoire=grand-figeac`` is "the workshops of my
territory" in a calendar application. A value that is not understood (an unknown place, a typo in
a theme) is ignored: the form says why and the listing is simply not narrowed by it.

The choices are read in two queries (territories; places having events), so that the agenda
costs the same number of queries whatever the number of events.
"""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from directory.models import PlacePage, Territory
from home.models import EventPage

FILTER_PARAMS = ("territoire", "lieu", "theme", "public")


class AgendaFilter(django_filters.FilterSet):
    territoire = django_filters.ChoiceFilter(
        field_name="place__territory__slug", label=_("Territory"), empty_label=_("All territories")
    )
    lieu = django_filters.ChoiceFilter(field_name="place_id", label=_("Place"), empty_label=_("All places"))
    theme = django_filters.ChoiceFilter(
        field_name="theme", label=_("Theme"), empty_label=_("All themes"), choices=EventPage.Theme.choices
    )
    public = django_filters.ChoiceFilter(
        method="filter_audience",
        label=_("Audience"),
        empty_label=_("All audiences"),
        choices=EventPage.Audience.choices,
        help_text=_("Events open to everyone are included."),
    )

    def __init__(self, data=None, *args, index=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["territoire"].extra["choices"] = [(t.slug, t.name) for t in Territory.objects.order_by("name")]
        self.filters["lieu"].extra["choices"] = place_choices(index)

    def filter_audience(self, queryset, name, value):
        """An event for everyone is also for seniors, young people, job seekers…"""
        if value == EventPage.Audience.EVERYONE:
            return queryset.filter(audience=value)
        return queryset.filter(Q(audience=value) | Q(audience=EventPage.Audience.EVERYONE))

    def valid_values(self) -> dict[str, str]:
        """The filters asked for and understood, in the order of the form."""
        form = self.form
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        return {name: str(cleaned[name]) for name in FILTER_PARAMS if cleaned.get(name)}

    def query_string(self) -> str:
        """The valid filters as a query string (without "?"), for the links that keep them."""
        return urlencode(self.valid_values())

    def active_labels(self) -> list[str]:
        """What the visitor chose, in words: "Grand-Figeac", "Internet and e-mail"…"""
        labels = []
        for name, value in self.valid_values().items():
            choices = dict(_flatten(self.form.fields[name].choices))
            labels.append(str(choices.get(value, value)))
        return labels


def _flatten(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flatten(label)
        else:
            yield str(value), label


def place_choices(index) -> list:
    """The places having events in this agenda, grouped by territory (one query)."""
    events = EventPage.objects.live().public()
    if index is not None:
        events = events.child_of(index)
    places = (
        PlacePage.objects.live()
        .filter(pk__in=events.exclude(place=None).values("place_id"))
        .select_related("territory")
        .order_by("territory__name", "title")
    )
    groups: dict[str, list] = {}
    for place in places:
        territory = place.territory.name if place.territory_id else str(_("Other places"))
        groups.setdefault(territory, []).append((str(place.pk), place.title))
    return list(groups.items())


def map_data(events, request) -> dict:
    """The month's events on a map, one marker per place with coordinates (for json_script)."""
    places: dict[int, dict] = {}
    for event in events:
        place = event.place
        if place is None or not place.has_coordinates:
            continue
        entry = places.get(place.pk)
        if entry is None:
            entry = places[place.pk] = {
                "title": place.title,
                "commune": place.commune,
                "url": place.get_url(request) if place.live else "",
                "lat": place.latitude,
                "lng": place.longitude,
                "events": [],
            }
        start = timezone.localtime(event.start)
        entry["events"].append(
            {
                "title": event.title,
                "url": event.get_url(request),
                "start": start.isoformat(),
                "when": date_format(start, r"l j F, H\hi").capitalize(),
            }
        )
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "places": list(places.values()),
    }
