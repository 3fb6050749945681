"""The place's edit form in the Wagtail admin: coordinates picked on a map (wagtailgeowidget).

The national schema keeps latitude and longitude as two numbers, and so do we; the map widget
edits one "SRID=4326;POINT(lng lat)" value, so the form translates between the two. Leaflet is
the one of our static files (xstatic), not the CDN copy wagtailgeowidget links by default, and
the tiles are the site's own setting.
"""

import json
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtailgeowidget.widgets import LeafletField

# Where the map opens for a place without coordinates: the middle of the Lot.
DEFAULT_LOCATION = {"lat": 44.62, "lng": 1.66}
POINT = re.compile(r"^\s*SRID=4326;\s*POINT\s?\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)\s*$")


class LocalLeafletField(LeafletField):
    """wagtailgeowidget's map field, with Leaflet and the tiles served as the rest of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("srid", 4326)
        kwargs.setdefault("id_prefix", "id_")
        kwargs.setdefault("zoom", 14)
        super().__init__(*args, **kwargs)

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        key = "data-leaflet-field-options-value"
        if key in attrs:
            options = json.loads(attrs[key])
            options["tileLayer"] = settings.MAP_TILES_URL
            options["tileLayerOptions"] = {"attribution": settings.MAP_TILES_ATTRIBUTION}
            if not self.value_data:
                # No coordinates yet: open on the Lot, and write nothing until the marker is placed.
                options["defaultLocation"] = DEFAULT_LOCATION
                options["zoom"] = 9
                options["showEmptyLocation"] = True  # the map opens when the field is focused
            attrs[key] = json.dumps(options)
        return attrs

    @property
    def media(self):
        return forms.Media(
            css={"all": ("vendor/leaflet/leaflet.css", "wagtailgeowidget/css/leaflet-field.css")},
            js=(
                "vendor/leaflet/leaflet.js",
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


def point_to_text(latitude, longitude) -> str:
    if latitude is None or longitude is None:
        return ""
    return f"SRID=4326;POINT({longitude:.6f} {latitude:.6f})"


def text_to_point(value: str) -> tuple[float, float] | None:
    """``SRID=4326;POINT(lng lat)`` → (latitude, longitude); None when empty; ValueError when wrong."""
    if not (value or "").strip():
        return None
    match = POINT.match(value)
    if not match:
        raise ValueError(value)
    longitude, latitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(value)
    return round(latitude, 6), round(longitude, 6)


class PlacePageForm(WagtailAdminPageForm):
    location = forms.CharField(
        label=_("Position on the map"),
        required=False,
        widget=LocalLeafletField(),
        help_text=_("Drag the marker to the entrance of the place, or type “latitude,longitude”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].initial = point_to_text(self.instance.latitude, self.instance.longitude)

    def clean_location(self):
        value = self.cleaned_data.get("location", "")
        try:
            return text_to_point(value)
        except ValueError:
            raise forms.ValidationError(
                _("A position on the map is expected, e.g. “44.4475,1.441” (latitude, longitude).")
            ) from None

    def clean(self):
        cleaned = super().clean()
        # A form posted without the field (a script, an older page) leaves the coordinates alone.
        posted = self.add_prefix("location") in self.data
        if posted and "location" in self.fields and "location" not in self.errors:
            point = cleaned.get("location")
            self.instance.latitude, self.instance.longitude = point if point else (None, None)
        return cleaned
