"""OSM opening hours: parsed, shown as a weekly table, "open now" in Europe/Paris time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from directory import hours

HOURS = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
UTC = dt.UTC


def test_open_now_is_computed_in_paris_time():
    # 08:30 UTC on a Monday in winter is 09:30 in Paris: open.
    assert hours.is_open(HOURS, dt.datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    # 07:30 UTC is 08:30 in Paris: not yet open.
    assert not hours.is_open(HOURS, dt.datetime(2026, 11, 23, 7, 30, tzinfo=UTC))
    # Summer time: 07:30 UTC is 09:30 in Paris.
    assert hours.is_open(HOURS, dt.datetime(2026, 6, 22, 7, 30, tzinfo=UTC))


def test_status_says_when_it_opens_and_closes():
    now = dt.datetime(2026, 11, 23, 12, 30, tzinfo=ZoneInfo("Europe/Paris"))
    status = hours.status(HOURS, now)
    assert status.known and not status.open
    assert status.next_change == dt.datetime(2026, 11, 23, 14, 0)
    assert status.next_change_is_today
    saturday_noon = dt.datetime(2026, 11, 28, 12, 30, tzinfo=ZoneInfo("Europe/Paris"))
    status = hours.status(HOURS, saturday_noon)
    assert status.next_change == dt.datetime(2026, 11, 30, 9, 0) and not status.next_change_is_today


def test_weekly_table_in_french_order():
    table = hours.weekly_table(HOURS, dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert [str(day) for day, _ in table][0] in {"Monday", "Lundi"}
    assert table[0][1] == [("09:00", "12:00"), ("14:00", "18:30")]
    assert table[5][1] == [("08:30", "12:00")]
    assert table[6][1] == []


def test_invalid_hours_are_refused_and_unknown_hours_are_not_shown():
    with pytest.raises(ValidationError):
        hours.validate_opening_hours("lundi matin")
    hours.validate_opening_hours("Mo-Fr 09:00-17:00; PH off")
    assert not hours.status("", None).known
    assert hours.weekly_table("n'importe quoi") == []
