"""The demo directory: the network's hundred places in real communes of the Lot, enriched with the
national schema's fields."""

import re

import pytest

from core.demo import lot_communes, network_data
from directory import demo
from directory.models import PlacePage, Territory
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_demo_is_complete_real_filterable_and_idempotent(client):
    # one load for several checks: loading a hundred pages takes a while
    home = home_page()
    demo.load(home=home, log=lambda *a: None)
    assert PlacePage.objects.count() == 100
    assert Territory.objects.count() == 9
    assert all(t.places.exists() for t in Territory.objects.all())
    assert not PlacePage.objects.filter(opening_hours="").exists()
    assert not PlacePage.objects.filter(insee_code="").exists()
    assert PlacePage.objects.filter(espap=True).count() == 9
    assert 15 <= PlacePage.objects.filter(ticket_declic=True).count() <= 25
    # every place is in a real commune of its territory (core/data/lot-communes.csv)
    communes = lot_communes()
    for place in PlacePage.objects.select_related("territory"):
        row = communes[place.commune]
        assert (place.insee_code, place.postcode) == (row["insee"], row["postcode"])
        assert place.territory.slug == row["territory"]
        assert abs(place.latitude - row["latitude"]) < 0.01 and abs(place.longitude - row["longitude"]) < 0.01
    # the directory lists the partners of the Ticket déclic and the esp@p (programme pages link there)
    ticket = client.get("/annuaire/?ticket=1")
    assert ticket.status_code == 200
    assert ticket.context["place_count"] == PlacePage.objects.filter(ticket_declic=True).count()
    assert all(place.ticket_declic for place in ticket.context["places"])
    espap = client.get("/annuaire/?espap=1")
    assert espap.context["place_count"] == 9
    assert all(place.espap for place in espap.context["places"])
    before = list(PlacePage.objects.order_by("pk").values())
    logs = []
    demo.load(home=home, log=logs.append)
    assert logs == []
    assert list(PlacePage.objects.order_by("pk").values()) == before


def test_the_communes_file_holds_communes_of_the_lot():
    communes = lot_communes()
    territories = {t["slug"] for t in network_data()["territories"]}
    assert len(communes) >= 100
    assert {row["territory"] for row in communes.values()} == territories
    assert len({row["insee"] for row in communes.values()}) == len(communes)
    for name, row in communes.items():
        assert re.fullmatch(r"46\d{3}", row["insee"]), name
        assert re.fullmatch(r"46\d{3}", row["postcode"]), name
        assert 44.2 <= row["latitude"] <= 45.05 and 0.98 <= row["longitude"] <= 2.22, name
    # a few known facts of the official files
    assert (communes["Cahors"]["insee"], communes["Cahors"]["postcode"]) == ("46042", "46000")
    assert (communes["Figeac"]["insee"], communes["Figeac"]["postcode"]) == ("46102", "46100")
    assert (communes["Lacapelle-Marival"]["insee"], communes["Lacapelle-Marival"]["postcode"]) == ("46143", "46120")


def test_a_directory_from_the_older_loader_gets_the_new_fields():
    home = home_page()
    demo.load(home=home, log=lambda *a: None)
    PlacePage.objects.update(opening_hours="", services="", insee_code="", address="")
    demo.load(home=home, log=lambda *a: None)
    assert not PlacePage.objects.filter(opening_hours="").exists()
    assert not PlacePage.objects.filter(services="").exists()
    assert not PlacePage.objects.filter(insee_code="").exists()
