"""The place's admin form: coordinates are picked on a map served from our own static files."""

import pytest
from django.utils.datastructures import MultiValueDict

from core import roles
from directory.admin_forms import point_to_text, text_to_point
from directory.models import PlacePage
from tests.directory.helpers import complete_place

pytestmark = pytest.mark.django_db


def _form_data(form) -> MultiValueDict:
    """What the browser would post for an unchanged edit form (fields and formset management)."""
    data = MultiValueDict()
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data.setlist(bound.html_name, [str(v) for v in value])
        else:
            data[bound.html_name] = str(value.pk if hasattr(value, "pk") else value)
    for formset in form.formsets.values():
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value() or 0)
    return data


def test_edit_page_shows_the_map_widget_with_local_leaflet(client, login, create_user):
    place = complete_place(title="EPM de Cahors")
    login(create_user(role=roles.COORDINATOR))
    html = client.get(f"/admin/pages/{place.pk}/edit/").content.decode()
    assert 'data-controller="leaflet-field"' in html
    assert "SRID=4326;POINT(1.441000 44.447500)" in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "unpkg.com" not in html
    assert 'name="latitude"' not in html  # one way to set the position: the map


def test_moving_the_marker_changes_the_coordinates_and_an_empty_position_clears_them(create_user):
    place = complete_place(title="EPM de Cahors")
    user = create_user(role=roles.COORDINATOR)
    form_class = PlacePage.get_edit_handler().get_form_class()
    data = _form_data(form_class(instance=place, for_user=user))
    data["location"] = "SRID=4326;POINT(1.6052 44.7419)"
    form = form_class(data, instance=place, for_user=user)
    assert form.is_valid(), form.errors
    form.save()
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (44.7419, 1.6052)

    data["location"] = "n'importe où"
    form = form_class(data, instance=PlacePage.objects.get(pk=place.pk), for_user=user)
    assert not form.is_valid() and "location" in form.errors

    data["location"] = ""
    form = form_class(data, instance=PlacePage.objects.get(pk=place.pk), for_user=user)
    assert form.is_valid(), form.errors
    form.save()
    place.refresh_from_db()
    assert place.latitude is None and place.longitude is None


def test_a_place_without_coordinates_gets_none_by_default():
    from directory.admin_forms import LocalLeafletField

    html = LocalLeafletField().render("location", "", attrs={"id": "id_location"})
    assert "&quot;showEmptyLocation&quot;: true" in html and "44.62" in html


def test_point_text_round_trip():
    assert text_to_point(point_to_text(44.4475, 1.441)) == (44.4475, 1.441)
    assert text_to_point("") is None and point_to_text(None, 1.0) == ""
    with pytest.raises(ValueError):
        text_to_point("SRID=4326;POINT(1.4 95)")
