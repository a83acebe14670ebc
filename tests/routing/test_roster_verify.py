"""verify() on hand-made rosters: each rule is caught and named; a legal roster passes."""

from dataclasses import replace

from roster_builders import at, doctor, find, problem, week

from routing.roster import (
    Assignment,
    CoveragePool,
    Pin,
    Position,
    WorkingTimeRules,
    greedy_roster,
    verify,
)


def rules_broken(prob, assignments, severity="hard"):
    return {v.rule for v in verify(prob, assignments) if v.severity == severity}


def test_a_legal_partial_roster_has_only_gaps():
    positions = week(1)
    prob = problem(positions, [doctor("a"), doctor("b")])
    roster = [
        Assignment(find(positions, 3, 8).id, "a"),
        Assignment(find(positions, 3, 8, "backup").id, "b"),
    ]

    violations = verify(prob, roster)

    assert {v.severity for v in violations} == {"gap"}
    assert {v.position_id for v in violations} == {
        find(positions, 3, 17).id,
        find(positions, 3, 17, "backup").id,
    }


def test_two_positions_at_once():
    positions = week(1)
    prob = problem(positions, [doctor("a")])
    roster = [
        Assignment(find(positions, 3, 8).id, "a"),
        Assignment(find(positions, 3, 8, "backup").id, "a"),
    ]

    assert "one_position_at_a_time" in rules_broken(prob, roster)


def test_qualification_missing_for_primary():
    positions = week(1)
    prob = problem(positions, [doctor("a", child_forensic=False)])

    assert rules_broken(prob, [Assignment(find(positions, 3, 8).id, "a")]) == {"qualification"}
    assert rules_broken(prob, [Assignment(find(positions, 3, 8, "backup").id, "a")]) == set()


def test_leave():
    positions = week(1)
    prob = problem(positions, [doctor("a", leave=((at(3, 0), at(4, 0)),))])

    assert rules_broken(prob, [Assignment(find(positions, 3, 8).id, "a")]) == {"leave"}


def test_daily_rest_after_a_day_shift():
    positions = week(2)
    prob = problem(positions, [doctor("a")])
    roster = [Assignment(find(positions, 3, 8).id, "a"), Assignment(find(positions, 3, 17).id, "a")]

    assert "daily_rest" in rules_broken(prob, roster)


def test_rest_after_a_night_on_call_blocks_the_next_day_and_the_next_night():
    positions = week(3)
    prob = problem(positions, [doctor("a")])
    night = Assignment(find(positions, 3, 17).id, "a")

    assert "rest_after_night" in rules_broken(
        prob, [night, Assignment(find(positions, 4, 8).id, "a")]
    )
    assert rules_broken(prob, [night, Assignment(find(positions, 4, 17).id, "a")]) == {
        "rest_after_night"
    }
    assert rules_broken(prob, [night, Assignment(find(positions, 5, 8).id, "a")]) == set()


def test_max_shift_length_for_worked_shifts():
    long_day = Position("long", "GG0111", at(3, 7), at(3, 20), "day", "primary")
    prob = problem([long_day], [doctor("a")])

    assert rules_broken(prob, [Assignment("long", "a")]) == {"max_shift_length"}


def test_max_on_call_days_per_four_weeks():
    positions = week(7)
    prob = problem(positions, [doctor("a")], rules=WorkingTimeRules(max_on_call_days_per_4_weeks=3))
    nights = [Assignment(find(positions, day, 17).id, "a") for day in (3, 5, 7)]

    assert rules_broken(prob, nights) == set()
    assert rules_broken(prob, [*nights, Assignment(find(positions, 9, 17).id, "a")]) == {
        "max_on_call_days"
    }


def test_max_week_hours():
    positions = week(7)
    prob = problem(positions, [doctor("a")], rules=WorkingTimeRules(max_week_hours=20))
    roster = [
        Assignment(find(positions, 3, 17).id, "a"),
        Assignment(find(positions, 5, 17).id, "a"),
    ]

    assert rules_broken(prob, roster) == {"max_week_hours"}


def test_max_work_per_24h_on_call():
    positions = week(1)
    all_work = WorkingTimeRules(on_call_work_fraction=1.0)
    prob = problem(positions, [doctor("a")], rules=all_work)

    assert rules_broken(prob, [Assignment(find(positions, 3, 17).id, "a")]) == {"max_work_per_24h"}


def test_contract_hours_and_preferences_are_soft():
    positions = week(7)
    prob = problem(positions, [doctor("a", contract=8, no_nights=True)])
    roster = [Assignment(find(positions, day, 17).id, "a") for day in (3, 5, 7)]

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
