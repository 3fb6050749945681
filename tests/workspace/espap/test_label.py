"""The esp@p label rules: typical-week opening from OSM hours, and the shortfalls per rule set."""

import datetime

import pytest
from django.utils import translation

from workspace.espap import label
from workspace.espap.label import RuleSet, Week, check, check_all, format_hours, opening_week, rule_set, rule_sets

BOTH_FAMILIES = ("social", "employment-training")

# the demo's six hours strings: (value, weekly hours, days)
DEMO_HOURS = [
    ("Mo-Fr 09:00-12:00,14:00-18:00; PH off", 35, 5),
    ("Tu-Fr 09:30-12:30,14:00-18:00; Sa 09:30-12:30; PH off", 31, 5),
    ("Mo,We,Fr 14:00-18:00; Sa 09:00-12:00; PH off", 15, 4),
    ("Tu,Th 09:00-12:00,13:30-17:30; We 14:00-19:00; PH off", 19, 3),
    ("Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00; PH off", 31.5, 5),
    ("We 10:00-12:00,14:00-18:00; Sa 10:00-17:00; PH off", 13, 2),
]


def rules(verdict) -> list[str]:
    return [s.rule for s in verdict.shortfalls]


def verdict(slug, *, hours, families=BOTH_FAMILIES, agents=2):
    return check(opening_hours=hours, partner_families=families, agents=agents, ruleset=rule_set(slug))


# -- the typical week ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "hours", "days"), DEMO_HOURS)
def test_demo_hours_give_their_weekly_hours_and_days(value, hours, days):
    assert opening_week(value) == Week(hours=hours, days=days, known=True)


@pytest.mark.parametrize(
    ("value", "hours", "days"),
    [
        ("24/7", 168, 7),
        ("Mo-Su 00:00-24:00", 168, 7),
        ("Mo-Fr 08:00-12:00", 20, 5),
        # off days and comments: the comment does not change the state
        ('Mo-Fr 09:00-12:00,14:00-17:00 "sur rendez-vous l\'après-midi"; We off; Sa 09:00-12:00', 27, 5),
        ("Mo-Sa 09:00-12:00; Tu,Th off", 12, 4),
        # a date off outside the typical week does not count against it
        ("Mo-Fr 09:00-17:00; Dec 25 off", 40, 5),
        # opening past midnight counts on both days
        ("Fr 20:00-02:00", 6, 2),
        # "unknown" parts are ignored
        ('Mo-Fr 09:00-12:00; Sa 10:00-12:00 unknown "selon les permanences"', 15, 5),
    ],
)
def test_osm_strings(value, hours, days):
    assert opening_week(value) == Week(hours=hours, days=days, known=True)


def test_public_holidays_never_count_against_a_typical_week():
    # the week of 1 May 2026 (a Friday, public holiday): "PH off" is not applied
    assert opening_week("Mo-Fr 09:00-12:00; PH off", datetime.date(2026, 4, 27)).hours == 15
    # a day of the week is moved back to its Monday
    assert opening_week("Mo 09:00-12:00", datetime.date(2026, 3, 12)).hours == 3


@pytest.mark.parametrize("value", ["", "   ", None, "n'importe quoi", "Mo-Fr 25:00-26:00", "Mo-Fr unknown"])
def test_empty_unreadable_or_only_unknown_hours_are_unknown(value):
    assert opening_week(value) == Week(hours=0, days=0, known=False)


def test_never_open_is_known():
    assert opening_week("off") == Week(hours=0, days=0, known=True)


def test_format_hours():
    assert format_hours(19) == "19 h"
    assert format_hours(24.5) == "24 h 30"
    assert format_hours(31 + 5 / 60) == "31 h 05"
    assert format_hours(0.75) == "0 h 45"
    assert format_hours(0) == "0 h"


# -- the rule sets ---------------------------------------------------------------------------------


def test_rule_sets_come_from_the_yaml_current_first():
    sets = rule_sets()
    assert [s.slug for s in sets] == ["france-services", "rsp-2008"]
    france_services, rsp = sets
    assert france_services.current and not rsp.current
    assert (france_services.min_hours, france_services.min_days, france_services.min_agents) == (24, 5, 2)
    assert france_services.partner_families == ()
    assert (rsp.min_hours, rsp.min_days, rsp.min_agents) == (24, 3, 0)
    assert rsp.partner_families == BOTH_FAMILIES
    assert rsp.label == "Relais Services Publics (2008)"
    assert france_services.source and rsp.source
    assert rule_set("rsp-2008") == rsp
    assert rule_set("nope") is None


def test_a_new_rule_set_is_data_only(tmp_path, monkeypatch):
    path = tmp_path / "rules.yaml"
    path.write_text(
        """
rule_sets:
  - slug: old
    label: Ancien
    current: false
    min_hours_per_week: 10
    min_days_per_week: 1
    required_partner_families: [social]
    min_agents: 0
  - slug: new
    label: "Nouveau label"
    current: true
    min_hours_per_week: 30.5
    min_days_per_week: 6
    required_partner_families: []
    min_agents: 3
    source: "Décret imaginaire"
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(label, "RULES_PATH", path)
    assert [s.slug for s in rule_sets()] == ["new", "old"]
    assert rule_set("new") == RuleSet(
        slug="new",
        label="Nouveau label",
        current=True,
        min_hours=30.5,
        min_days=6,
        partner_families=(),
        min_agents=3,
        source="Décret imaginaire",
    )
    verdicts = check_all(opening_hours="Mo-Fr 09:00-12:00,14:00-18:00", partner_families=[], agents=2)
    assert [(v.ruleset.slug, rules(v)) for v in verdicts] == [("new", ["days", "agents"]), ("old", ["partners"])]


def test_a_rule_set_without_slug_is_refused(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rule_sets:\n  - label: Sans slug\n", encoding="utf-8")
    with pytest.raises(ValueError, match="#1"):
        label.load_rule_sets(path)


# -- the checks ------------------------------------------------------------------------------------


def test_a_site_passing_both_sets():
    verdicts = check_all(opening_hours=DEMO_HOURS[0][0], partner_families=["social", "employment-training"], agents=2)
    assert [v.ruleset.slug for v in verdicts] == ["france-services", "rsp-2008"]
    assert all(v.ok for v in verdicts)
    assert verdicts[0].week == Week(hours=35, days=5, known=True)


def test_failing_rsp_on_hours_only():
    hours = "Tu,Th 09:00-12:00,13:30-17:30; We 14:00-19:00; PH off"  # 19 h over 3 days
    result = verdict("rsp-2008", hours=hours)
    assert not result.ok
    assert rules(result) == ["hours"]
    with translation.override("en"):
        result = verdict("rsp-2008", hours=hours)
    assert result.shortfalls[0].message == "19 h over 3 days: 5 h short"


def test_partner_families():
    hours = DEMO_HOURS[0][0]
    missing_one = verdict("rsp-2008", hours=hours, families=["social", "social"])
    assert rules(missing_one) == ["partners"]
    missing_both = verdict("rsp-2008", hours=hours, families=[])
    assert rules(missing_both) == ["partners", "partners"]
    with translation.override("en"):
        messages = [s.message for s in verdict("rsp-2008", hours=hours, families=iter(["other"])).shortfalls]
    assert messages == ["no social partner", "no employment-training partner"]
    # France services does not check partner families
    assert verdict("france-services", hours=hours, families=[]).ok


def test_agents_below_the_minimum():
    hours = DEMO_HOURS[0][0]
    with translation.override("en"):
        result = verdict("france-services", hours=hours, agents=1)
        assert verdict("france-services", hours=hours, agents=0).shortfalls[0].message == (
            "0 trained agents, 2 required"
        )
    assert rules(result) == ["agents"]
    assert result.shortfalls[0].message == "1 trained agent, 2 required"
    # RSP does not check agents
    assert verdict("rsp-2008", hours=hours, agents=0).ok


def test_days_and_hours_short():
    hours = "Mo,We,Fr 14:00-18:00; Sa 09:00-12:00; PH off"  # 15 h over 4 days
    with translation.override("en"):
        result = verdict("france-services", hours=hours)
    assert [(s.rule, s.message) for s in result.shortfalls] == [
        ("days", "open 4 days, 5 required"),
        ("hours", "15 h over 4 days: 9 h short"),
    ]
    assert rules(verdict("rsp-2008", hours=hours)) == ["hours"]


def test_half_hours_in_messages():
    with translation.override("en"):
        result = verdict("rsp-2008", hours="Mo-We 09:00-12:30,14:00-17:00; Th 09:00-11:00")  # 21 h 30
    assert result.shortfalls[0].message == "21 h 30 over 4 days: 2 h 30 short"


def test_unknown_and_never_open_hours():
    for value in ("", "n'importe quoi"):
        result = verdict("france-services", hours=value)
        assert rules(result) == ["unknown"]
        assert result.week.known is False
    with translation.override("en"):
        assert verdict("rsp-2008", hours="").shortfalls[0].message == "Opening hours unknown or unreadable"
    # the other rules are still checked when the hours are unknown
    assert rules(verdict("rsp-2008", hours="", families=[])) == ["unknown", "partners", "partners"]
    assert rules(verdict("france-services", hours="off")) == ["opening"]


@pytest.mark.parametrize(
    ("value", "france_services", "rsp"),
    [
        (DEMO_HOURS[0][0], [], []),
        (DEMO_HOURS[1][0], [], []),
        (DEMO_HOURS[2][0], ["days", "hours"], ["hours"]),
        (DEMO_HOURS[3][0], ["days", "hours"], ["hours"]),
        (DEMO_HOURS[4][0], [], []),
        (DEMO_HOURS[5][0], ["days", "hours"], ["days", "hours"]),
    ],
)
def test_demo_hours_against_both_sets(value, france_services, rsp):
    verdicts = check_all(opening_hours=value, partner_families=BOTH_FAMILIES, agents=2)
    assert [rules(v) for v in verdicts] == [france_services, rsp]
