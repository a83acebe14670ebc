"""verify() on hand-made rosters: each rule is caught and named; a legal roster passes."""

from dataclasses import replace
from datetime import date, time, timedelta

from routing.roster import (
    Assignment,
    CoveragePool,
    Pin,
    Position,
    ShiftTemplate,
    WorkingTimeRules,
    build_positions,
    greedy_roster,
    verify,
)
from tests.routing.roster_builders import MONDAY, REGION, at, doctor, find, problem, week


def rules_broken(prob, assignments, severity="hard"):
    return {v.rule for v in verify(prob, assignments) if v.severity == severity}


def take(positions, doctor_id, *starts, role="primary"):
    return [Assignment(find(positions, day, hour, role).id, doctor_id) for day, hour in starts]


def worked(name, kind, start_day, start_hour, hours):
    start = at(start_day, start_hour)
    return Position(name, REGION, start, start + timedelta(hours=hours), kind, "primary")


def nights_from(first_day, count, hours=9):
    """Worked night shifts 22:00 on consecutive days."""
    return [worked(f"n{first_day + i}", "night", first_day + i, 22, hours) for i in range(count)]


def assigned(positions, doctor_id="a"):
    return [Assignment(p.id, doctor_id) for p in positions]


def test_a_legal_partial_roster_has_only_gaps():
    positions = week(1)
    prob = problem(positions, [doctor("a"), doctor("b")])
    roster = [*take(positions, "a", (3, 8)), *take(positions, "b", (3, 8), role="backup")]

    violations = verify(prob, roster)

    assert {v.severity for v in violations} == {"gap"}
    assert {v.position_id for v in violations} == {
        find(positions, 3, 17).id,
        find(positions, 3, 17, "backup").id,
    }


def test_two_positions_at_once():
    positions = week(1)
    prob = problem(positions, [doctor("a")])
    roster = [*take(positions, "a", (3, 8)), *take(positions, "a", (3, 8), role="backup")]

    assert "one_position_at_a_time" in rules_broken(prob, roster)


def test_qualification_missing_for_primary():
    positions = week(1)
    prob = problem(positions, [doctor("a", child_forensic=False)])

    assert rules_broken(prob, take(positions, "a", (3, 8))) == {"qualification"}
    assert rules_broken(prob, take(positions, "a", (3, 8), role="backup")) == set()


def test_a_lapsed_qualification_or_big_registration_counts_from_the_day_after():
    positions = week(7)
    lapsing = replace(doctor("a"), qualification_until=(("child_forensic", date(2025, 3, 4)),))
    unregistered = replace(doctor("b"), big_valid_until=date(2025, 3, 4))
    prob = problem(positions, [lapsing, unregistered])

    assert rules_broken(prob, take(positions, "a", (4, 8))) == set()
    assert rules_broken(prob, take(positions, "a", (5, 8))) == {"qualification"}
    assert rules_broken(prob, take(positions, "a", (5, 8), role="backup")) == set()
    assert rules_broken(prob, take(positions, "b", (4, 8))) == set()
    assert rules_broken(prob, take(positions, "b", (5, 8), role="backup")) == {"big_registration"}


def test_leave():
    positions = week(1)
    prob = problem(positions, [doctor("a", leave=((at(3, 0), at(4, 0)),))])

    assert rules_broken(prob, take(positions, "a", (3, 8))) == {"leave"}


def test_consignatie_is_not_work_consecutive_nights_and_a_day_after_are_lawful():
    positions = week(7)
    prob = problem(positions, [doctor("a")])
    nights = take(positions, "a", (3, 17), (4, 17), (5, 17), (6, 17))

    assert rules_broken(prob, nights) == set()
    assert rules_broken(prob, [*take(positions, "a", (3, 8)), *nights]) == set()
    assert rules_broken(prob, [*nights, *take(positions, "a", (7, 8))]) == set()


def test_the_previous_model_still_reads_consignatie_as_work():
    positions = week(3)
    prob = problem(positions, [doctor("a")], rules=WorkingTimeRules.previous_model())

    assert "rest_after_night" in rules_broken(prob, take(positions, "a", (3, 17), (4, 8)))


def test_daily_rest_between_worked_shifts():
    early = worked("early", "day", 4, 4, 4)  # 7 h after the late shift
    prob = problem([worked("late", "day", 3, 12, 9), early], [doctor("a")])

    assert rules_broken(prob, assigned(prob.positions)) == {"daily_rest"}
    later = replace(early, id="later", start=at(4, 8), end=at(4, 16))
    prob = problem([worked("late", "day", 3, 12, 9), later], [doctor("a")])
    assert rules_broken(prob, assigned(prob.positions)) == set()


def test_rest_after_a_worked_night():
    night, day = worked("n", "night", 3, 22, 9), worked("d", "day", 4, 18, 4)
    prob = problem([night, day], [doctor("a")])

    assert rules_broken(prob, assigned([night, day])) == {"rest_after_night"}
    later = replace(day, id="d2", start=at(4, 21), end=at(4, 23))
    assert rules_broken(problem([night, later], [doctor("a")]), assigned([night, later])) == set()


def test_no_consignatie_14_h_after_or_11_h_before_a_worked_night():
    night = worked("n", "night", 4, 22, 9)
    after = worked("after", "on_call", 5, 17, 15)
    before = worked("before", "on_call", 4, 8, 9)  # ends 17:00, 5 h before the night
    far_before = worked("far", "on_call", 3, 8, 9)
    prob = problem([far_before, before, night, after], [doctor("a")])

    assert rules_broken(prob, assigned([night, after])) == {"on_call_near_night"}
    assert rules_broken(prob, assigned([before, night])) == {"on_call_near_night"}
    assert rules_broken(prob, assigned([far_before, night])) == set()


def test_46_h_rest_after_three_nights_in_a_row():
    nights = nights_from(3, 3)
    too_soon = worked("soon", "day", 7, 8, 8)  # 25 h after the third night ends
    later = worked("later", "day", 8, 8, 8)  # 49 h after
    prob = problem([*nights, too_soon, later], [doctor("a")])

    assert rules_broken(prob, assigned([*nights, too_soon])) == {"night_series_rest"}
    assert rules_broken(prob, assigned([*nights, later])) == set()
    assert rules_broken(prob, assigned([*nights[:2], too_soon])) == set()


def test_night_shift_length_and_long_nights_per_two_weeks():
    eleven = [worked(f"long{day}", "night", day, 21, 11) for day in range(3, 15, 2)]
    prob = problem(eleven, [doctor("a")])

    assert rules_broken(prob, assigned(eleven)) == {"long_night_shifts"}  # 6 in 12 days
    assert rules_broken(prob, assigned(eleven[:5])) == set()
    thirteen = worked("thirteen", "night", 3, 20, 13)
    assert rules_broken(problem([thirteen], [doctor("a")]), assigned([thirteen])) == {
        "max_shift_length"
    }


def test_max_nights_per_16_weeks():
    nights = nights_from(3, 3)
    rules = WorkingTimeRules(max_nights_per_16_weeks=2)

    assert rules_broken(problem(nights, [doctor("a")], rules=rules), assigned(nights)) == {
        "max_nights_16_weeks"
    }
    assert rules_broken(problem(nights, [doctor("a")]), assigned(nights)) == set()


def test_max_shift_length_for_worked_shifts():
    long_day = Position("long", "GG0111", at(3, 7), at(3, 20), "day", "primary")
    prob = problem([long_day], [doctor("a")])

    assert rules_broken(prob, [Assignment("long", "a")]) == {"max_shift_length"}


def test_max_work_per_24h_counts_expected_call_out_work():
    positions = week(1)
    busy_region = problem(positions, [doctor("a")], call_out=((REGION, 1.0),))
    quiet_region = problem(positions, [doctor("a")])

    assert rules_broken(busy_region, take(positions, "a", (3, 17))) == {"max_work_per_24h"}
    assert rules_broken(quiet_region, take(positions, "a", (3, 17))) == set()


def test_max_week_hours_count_working_time_not_availability():
    positions = week(7)
    rules = WorkingTimeRules(max_week_hours=20)
    prob = problem(positions, [doctor("a")], rules=rules)
    nights = take(positions, "a", (3, 17), (4, 17), (5, 17))  # 45 h on call, ~11 h work

    assert rules_broken(prob, nights) == set()
    assert rules_broken(prob, take(positions, "a", (3, 8), (4, 8), (5, 8))) == {"max_week_hours"}


def test_four_and_sixteen_week_averages():
    positions = week(7)
    days = take(positions, "a", (3, 8), (4, 8), (5, 8))  # 27 h
    four = WorkingTimeRules(max_avg_week_hours_4_weeks=6)  # 24 h in 4 weeks
    sixteen = WorkingTimeRules(max_avg_week_hours_16_weeks=1.5)  # 24 h in 16 weeks

    assert rules_broken(problem(positions, [doctor("a")], rules=four), days) == {
        "avg_hours_4_weeks"
    }
    assert rules_broken(problem(positions, [doctor("a")], rules=sixteen), days) == {
        "avg_hours_16_weeks"
    }
    assert rules_broken(problem(positions, [doctor("a")], rules=four), days[:2]) == set()


def test_the_four_week_average_adds_up_weeks_apart():
    positions = week(28)
    four = problem(positions, [doctor("a")], rules=WorkingTimeRules(max_avg_week_hours_4_weeks=12))
    first_week = take(positions, "a", (3, 8), (4, 8), (5, 8))  # 27 h

    assert rules_broken(four, first_week + take(positions, "a", (17, 8), (18, 8), (19, 8))) == {
        "avg_hours_4_weeks"
    }  # 54 h in 4 weeks
    assert rules_broken(four, first_week + take(positions, "a", (17, 8), (18, 8))) == set()


def test_lower_average_after_sixteen_on_call_nights():
    positions = week(7)
    rules = WorkingTimeRules(night_call_out_periods=2, max_avg_week_hours_night_call_outs=1)
    prob = problem(positions, [doctor("a")], rules=rules)

    assert rules_broken(prob, take(positions, "a", (3, 8), (5, 17), (6, 17))) == {
        "night_call_out_average"
    }
    assert rules_broken(prob, take(positions, "a", (3, 8), (5, 17))) == set()


def test_two_free_48_hour_periods_per_four_weeks():
    positions = week(28)
    prob = problem(positions, [doctor("a")], rules=WorkingTimeRules(min_on_call_free_days_per_28=0))
    every_other_night = take(positions, "a", *((day, 17) for day in range(3, 31, 2)))
    two_blocks = take(positions, "a", *((day, 17) for day in (*range(3, 13), *range(16, 27))))

    assert rules_broken(prob, every_other_night) == {"free_48h_periods"}
    assert rules_broken(prob, two_blocks) == set()


def test_fourteen_dates_free_of_consignatie_per_28_calendar_reading():
    positions = week(28)
    prob = problem(positions, [doctor("a")])
    thirteen_nights = take(positions, "a", *((day, 17) for day in range(3, 16)))  # 14 dates
    fourteen_nights = take(positions, "a", *((day, 17) for day in range(3, 17)))  # 15 dates

    assert rules_broken(prob, thirteen_nights) == set()
    assert rules_broken(prob, fourteen_nights) == {"on_call_free_days"}


def test_weekly_rest_36_hours():
    every_day = ShiftTemplate("dag", "day", time(8), time(16), "all")
    built = build_positions(REGION, [every_day], MONDAY, MONDAY + timedelta(days=6))
    positions = [p for p in built if p.role == "primary"]
    prob = problem(positions, [doctor("a")])

    assert rules_broken(prob, assigned(positions)) == {"weekly_rest"}
    assert rules_broken(prob, assigned(positions[:5])) == set()


def test_no_consecutive_on_call_nights_is_an_opt_in_policy():
    positions = week(7)
    strict = WorkingTimeRules(policy_no_consecutive_on_call_nights=True)
    nights = take(positions, "a", (3, 17), (4, 17))

    assert rules_broken(problem(positions, [doctor("a")], rules=strict), nights) == {
        "policy_consecutive_on_call_nights"
    }
    assert rules_broken(problem(positions, [doctor("a")]), nights) == set()


def test_hired_doctors_keep_the_limits_as_a_safety_policy_that_can_be_switched_off():
    night, day = worked("n", "night", 3, 22, 9), worked("d", "day", 4, 18, 4)
    hired = replace(doctor("a"), employment="hired", agency="Inhuur BV")
    with_policy = verify(problem([night, day], [hired]), assigned([night, day]))
    without = problem([night, day], [hired], rules=WorkingTimeRules(hired_safety_policy=False))

    assert [(v.rule, "safety policy" in v.message) for v in with_policy] == [
        ("rest_after_night", True)
    ]
    assert rules_broken(without, assigned([night, day])) == set()


def test_carry_over_reads_the_earlier_roster():
    earlier, positions = week(28)[:56], week(28)[56:]  # first 14 days, then the rest
    earlier_nights = [p for p in earlier if p.start.hour == 17 and p.role == "primary"][-10:]
    history = tuple((p, "a") for p in earlier_nights)
    with_history = problem(positions, [doctor("a")], history=history)
    without = problem(positions, [doctor("a")])
    first_nights = take(positions, "a", (17, 17), (18, 17), (19, 17), (20, 17), (21, 17))

    assert rules_broken(without, first_nights) == set()
    assert rules_broken(with_history, first_nights) == {"on_call_free_days"}
    assert rules_broken(with_history, first_nights[:3]) == set()


def test_contract_hours_and_preferences_are_soft():
    positions = week(7)
    prob = problem(positions, [doctor("a", contract=8, no_nights=True)])
    roster = take(positions, "a", (3, 17), (5, 17), (7, 17))

    assert rules_broken(prob, roster) == set()
    assert rules_broken(prob, roster, "soft") == {"contract_hours", "pref_no_nights"}


def test_pin_not_kept_unknown_references_and_double_assignment():
    positions = week(1)
    day = find(positions, 3, 8)
    prob = problem(positions, [doctor("a"), doctor("b")], pins=(Pin(day.id, "a"),))
    roster = [Assignment(day.id, "b"), Assignment(day.id, "a"), Assignment("nope", "a")]

    broken = rules_broken(prob, roster)

    assert {"pin", "duplicate_assignment", "unknown_reference"} <= broken


def test_pool_membership():
    positions = week(1)
    outsider = doctor("x", region="GG7206")
    prob = problem(positions, [outsider])
    pooled = [replace(p, pool="POOL") for p in positions]
    shared = problem(
        pooled, [outsider], pools=(CoveragePool("POOL", frozenset({"GG0111", "GG7206"})),)
    )

    assert rules_broken(prob, [Assignment(positions[0].id, "x")]) == {"pool_membership"}
    assert rules_broken(shared, [Assignment(pooled[0].id, "x")]) == set()


def test_greedy_roster_is_legal():
    positions = week(7)
    prob = problem(positions, [doctor(f"d{i}", child_forensic=i < 5) for i in range(8)])

    assert rules_broken(prob, greedy_roster(prob)) == set()
