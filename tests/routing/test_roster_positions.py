"""Positions from shift templates: working days vs weekends and holidays, DST, stable ids."""

from collections import Counter
from datetime import date, time

from routing.roster import ShiftTemplate, build_positions, default_templates


def templates_by_day(positions):
    per_day = Counter()
    for p in positions:
        per_day[(p.start.date(), p.template)] += 1
    return per_day


def test_a_working_week_has_day_shifts_on_weekdays_and_day_on_call_at_weekends():
    positions = build_positions("GG0111", default_templates(), date(2025, 3, 3), date(2025, 3, 9))

    per_day = templates_by_day(positions)
    for day in range(3, 8):  # Monday..Friday
        assert per_day[(date(2025, 3, day), "dag")] == 2
        assert per_day[(date(2025, 3, day), "weekend_dag")] == 0
    for day in (8, 9):
        assert per_day[(date(2025, 3, day), "dag")] == 0
        assert per_day[(date(2025, 3, day), "weekend_dag")] == 2
    assert all(per_day[(date(2025, 3, day), "consignatie")] == 2 for day in range(3, 10))
    assert len(positions) == 28


def test_each_shift_has_a_primary_needing_child_forensic_and_an_open_backup():
    positions = build_positions("GG0111", default_templates(), date(2025, 3, 3), date(2025, 3, 3))

    roles = {(p.template, p.role): p.required_qualifications for p in positions}
    assert roles[("dag", "primary")] == frozenset({"child_forensic"})
    assert roles[("dag", "backup")] == frozenset()
    assert roles[("consignatie", "primary")] == frozenset({"child_forensic"})


def test_public_holidays_get_the_weekend_pattern():
    # Tweede Paasdag 21 April 2025 (Monday) and Bevrijdingsdag 5 May 2025 (Monday).
    for holiday in (date(2025, 4, 21), date(2025, 5, 5)):
        positions = build_positions("GG0111", default_templates(), holiday, holiday)
        assert {p.template for p in positions} == {"weekend_dag", "consignatie"}


def test_on_call_night_lasts_local_wall_time_across_dst_changes():
    spring = build_positions("GG0111", default_templates(), date(2025, 3, 29), date(2025, 3, 30))
    autumn = build_positions("GG0111", default_templates(), date(2025, 10, 25), date(2025, 10, 25))

    nights = {p.start.date(): p for p in spring + autumn if p.template == "consignatie"}
    assert nights[date(2025, 3, 29)].hours == 14.0  # clocks go forward that night
    assert nights[date(2025, 3, 30)].hours == 15.0
    assert nights[date(2025, 10, 25)].hours == 16.0  # clocks go back
    assert nights[date(2025, 3, 29)].end.isoformat() == "2025-03-30T08:00:00+02:00"


def test_ids_are_stable_and_unique():
    first = build_positions("GG0111", default_templates(), date(2025, 3, 3), date(2025, 3, 16))
    again = build_positions("GG0111", default_templates(), date(2025, 3, 3), date(2025, 3, 16))

    assert [p.id for p in first] == [p.id for p in again]
    assert len({p.id for p in first}) == len(first)
    assert first[0].id == "GG0111:2025-03-03T08:00:00+01:00:day:primary"


def test_custom_template_for_all_days():
    late = ShiftTemplate("avond", "day", time(14), time(22), "all")
    positions = build_positions("GG3406", [late], date(2025, 3, 3), date(2025, 3, 9))

    assert len(positions) == 14
    assert all(p.hours == 8.0 and p.pool == "GG3406" for p in positions)
