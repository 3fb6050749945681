"""The demo directory: ~40 places of the Lot, enriched with the national schema's fields."""

import pytest

from directory import demo
from directory.models import PlacePage
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    home = home_page()
    demo.load(home=home, log=lambda *a: None)
    assert PlacePage.objects.count() >= 38
    assert not PlacePage.objects.filter(opening_hours="").exists()
    assert not PlacePage.objects.filter(insee_code="").exists()
    before = list(PlacePage.objects.order_by("pk").values())
    logs = []
    demo.load(home=home, log=logs.append)
    assert logs == []
    assert list(PlacePage.objects.order_by("pk").values()) == before


def test_a_directory_from_the_older_loader_gets_the_new_fields():
    home = home_page()
    demo.load(home=home, log=lambda *a: None)
    PlacePage.objects.update(opening_hours="", services="", insee_code="", address="")
    demo.load(home=home, log=lambda *a: None)
    assert not PlacePage.objects.filter(opening_hours="").exists()
    assert not PlacePage.objects.filter(services="").exists()
