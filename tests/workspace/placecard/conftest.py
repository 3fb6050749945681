"""The people of the place cards: two territories with a place each (and a second place in the
first), the animators of the places, a referent of each territory, the communications officer,
the coordinator and a member without a place."""

from types import SimpleNamespace

import pytest

from core import roles
from directory.services import territory_group_sync, territory_referent_assign
from tests.factories import TerritoryFactory, place

HOURS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"


@pytest.fixture
def cards(create_user, db):
    north, south = TerritoryFactory(name="Grand-Figeac"), TerritoryFactory(name="Quercy-Bouriane")
    figeac = place(north, title="EPM de Figeac", commune="Figeac", opening_hours=HOURS)
    capdenac = place(north, title="Médiathèque de Capdenac", commune="Capdenac", opening_hours=HOURS)
    gourdon = place(south, title="Cyber-base de Gourdon", commune="Gourdon", opening_hours=HOURS)
    for territory in (north, south):
        territory_group_sync(territory=territory)
    animator = create_user(role=roles.ANIMATOR, email="anim.figeac@exemple.test", place=figeac, territory=north)
    colleague = create_user(role=roles.ANIMATOR, email="anim2.figeac@exemple.test", place=figeac, territory=north)
    other_animator = create_user(role=roles.ANIMATOR, email="anim.gourdon@exemple.test", place=gourdon)
    referent = create_user(email="referent.figeac@exemple.test")
    territory_referent_assign(user=referent, territory=north)
    other_referent = create_user(email="referent.gourdon@exemple.test")
    territory_referent_assign(user=other_referent, territory=south)
    return SimpleNamespace(
        north=north,
        south=south,
        figeac=figeac,
        capdenac=capdenac,
        gourdon=gourdon,
        animator=animator,
        colleague=colleague,
        other_animator=other_animator,
        referent=referent,
        other_referent=other_referent,
        officer=create_user(role=roles.COMMUNICATION, email="com@exemple.test"),
        coordinator=create_user(role=roles.COORDINATOR, email="coordo@exemple.test"),
        member=create_user(role=roles.ANIMATOR, email="sans.lieu@exemple.test"),
    )


def form_data(**overrides):
    """A complete POST of the card form: Mo-Fr mornings and afternoons, Saturday morning."""
    data = {
        "summary": "Accueil libre et ateliers.",
        "description": "",
        "phone": "05 65 34 00 00",
        "email": "epm@figeac.test",
        "website": "",
        "booking_url": "",
        "workstations": "8",
        "raw_hours": HOURS,
    }
    for code in ("mo", "tu", "we", "th", "fr"):
        data.update(
            {
                f"{code}_am_start": "09:00",
                f"{code}_am_end": "12:00",
                f"{code}_pm_start": "14:00",
                f"{code}_pm_end": "18:00",
            }
        )
    data.update({"sa_am_start": "09:00", "sa_am_end": "12:00"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
