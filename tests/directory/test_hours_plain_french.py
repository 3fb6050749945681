"""Opening hours said in plain French: the week, exceptional closures, public holidays, and
whether the place is open now (at a fixed time)."""

import datetime as dt
from zoneinfo import ZoneInfo

from directory import hours

PARIS = ZoneInfo("Europe/Paris")
HOURS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:30-12:00; 2026 Dec 24-2027 Jan 02 off; PH off"


def at(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def test_the_week_is_said_in_sentences():
    text = hours.describe(HOURS, at(2026, 11, 23, 10, 0))
    assert text.week == [
        "Du lundi au vendredi : de 9 h à 12 h et de 14 h à 18 h",
        "Samedi : de 9 h 30 à 12 h",
        "Fermé les autres jours.",
    ]


def test_exceptional_closures_and_public_holidays():
    text = hours.describe(HOURS, at(2026, 11, 23, 10, 0))
    assert text.closures == ["Fermé du 24 décembre au 2 janvier"]
    assert text.holidays_closed
    # once over, a closure is no longer mentioned
    assert hours.describe(HOURS, at(2027, 1, 5, 10, 0)).closures == []
    single = hours.describe("Mo-Fr 09:00-12:00; 2027 May 07 off", at(2026, 11, 23, 10, 0))
    assert single.closures == ["Fermé le 7 mai 2027"]


def test_open_now_until_and_next_opening():
    assert hours.status_text(HOURS, at(2026, 11, 23, 10, 0)) == (True, "Ouvert maintenant, jusqu'à 12 h")
    assert hours.status_text(HOURS, at(2026, 11, 23, 12, 30)) == (False, "Fermé, ouvre aujourd'hui à 14 h")
    # Saturday afternoon: Monday is two days ahead
    assert hours.status_text(HOURS, at(2026, 11, 28, 13, 0)) == (False, "Fermé, ouvre lundi à 9 h")
    assert hours.status_text(HOURS, at(2026, 11, 27, 19, 0)) == (False, "Fermé, ouvre demain à 9 h 30")


def test_public_holidays_and_closures_close_the_place():
    # Wednesday 11 November 2026 (Armistice) at 10:00: closed, opens on Thursday
    assert hours.status_text(HOURS, at(2026, 11, 11, 10, 0)) == (False, "Fermé, ouvre demain à 9 h")
    # Christmas Eve: closed until Monday 4 January
    open_now, text = hours.status_text(HOURS, at(2026, 12, 24, 10, 0))
    assert not open_now and text == "Fermé, ouvre le lundi 4 janvier à 9 h"


def test_the_form_structure_round_trips():
    structure = hours.decompose(HOURS)
    assert structure.exact and structure.holidays_closed
    assert hours.compose(week=structure.week, closures=structure.closures, holidays_closed=True) == (
        "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:30-12:00; 2026 Dec 24-2027 Jan 02 off; PH off"
    )


def test_unknown_or_unusual_hours():
    assert not hours.describe("", None).known
    assert not hours.describe("n'importe quoi", None).known
    seasonal = hours.describe("Mo-Fr 09:00-12:00; Jul-Aug Mo 14:00-16:00", at(2026, 3, 10, 10, 0))
    assert seasonal.known and seasonal.week  # the week of the date given, read by the library
