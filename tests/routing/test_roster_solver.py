"""generate_roster on small instances: one worker, fixed seed, a few seconds at most."""

from collections import defaultdict
from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from routing.roster import (
    CoveragePool,
    Pin,
    ShiftTemplate,
    WorkingTimeRules,
    build_positions,
    generate_roster,
    greedy_roster,
    summarise,
    verify,
)
from tests.routing.roster_builders import MONDAY, REGION, at, doctor, find, problem, week

SOLVED = {"OPTIMAL", "FEASIBLE"}


def solve(prob, **kwargs):
    return generate_roster(
        prob, time_limit_s=kwargs.pop("time_limit_s", 3), workers=1, seed=0, **kwargs
    )


def hard(violations):
    return [v for v in violations if v.severity == "hard"]


def six_doctors(**overrides):
    return [doctor(f"d{i}", child_forensic=i < 4, **overrides) for i in range(6)]


def test_one_region_one_week_is_fully_covered_and_legal():
    prob = problem(week(7), six_doctors())

    result = solve(prob)

    assert result.status in SOLVED
    assert result.unfilled == ()
    assert all(a.doctor_id is not None for a in result.assignments)
    assert hard(verify(prob, result.assignments)) == []
    assert hard(result.violations) == []


def test_pins_are_kept_and_leave_is_respected():
    positions = week(7)
    night = find(positions, 5, 17)
    away = ((at(3, 0), at(6, 0)),)
    doctors = [*six_doctors()[:5], doctor("d5", child_forensic=False, leave=away)]
    prob = problem(positions, doctors, pins=(Pin(night.id, "d1"),))

    result = solve(prob)

    assert result.status in SOLVED
    chosen = {a.position_id: a.doctor_id for a in result.assignments}
    assert chosen[night.id] == "d1"
    on_leave = [p for p in positions if p.start < at(6, 0) and chosen[p.id] == "d5"]
    assert on_leave == []
    assert hard(result.violations) == []


def test_an_impossible_pin_is_kept_and_reported_not_fatal():
    positions = week(7)
    day = find(positions, 3, 8)
    prob = problem(positions, six_doctors(), pins=(Pin(day.id, "d5"),))  # d5 lacks child_forensic

    result = solve(prob)

    assert result.status in SOLVED
    assert {a.position_id: a.doctor_id for a in result.assignments}[day.id] == "d5"
    assert [(v.rule, v.position_id) for v in hard(result.violations)] == [("qualification", day.id)]


def test_gaps_are_named_with_a_reason_when_too_few_doctors_qualify():
    positions = week(7)
    doctors = [doctor("solo"), *(doctor(f"b{i}", child_forensic=False) for i in range(5))]
    prob = problem(positions, doctors)

    result = solve(prob)

    assert result.status in SOLVED
    assert hard(result.violations) == []
    unfilled = dict(result.unfilled)
    primaries = [p for p in positions if p.role == "primary"]
    assert 0 < len(unfilled) < len(primaries)
    assert set(unfilled) <= {p.id for p in primaries}
    assert all(reason.startswith("blocked_by_rules: solo (") for reason in unfilled.values())


def test_no_qualified_doctor_at_all_is_the_reason_given():
    prob = problem(week(1), [doctor(f"b{i}", child_forensic=False) for i in range(3)])

    result = solve(prob, time_limit_s=1)

    reasons = {reason.split(":")[0] for _, reason in result.unfilled}
    assert reasons == {"no_qualified_doctor"}
    assert len(result.unfilled) == 2  # the day and night primaries of one Monday


def test_fairer_than_greedy_round_robin():
    doctors = [
        doctor(f"d{i}", contract=contract, child_forensic=i % 3 != 2)
        for i, contract in enumerate((36, 36, 36, 36, 24, 24, 16, 16, 36, 36))
    ]
    prob = problem(week(14), doctors)

    result = solve(prob, time_limit_s=4)
    greedy = greedy_roster(prob)

    assert result.status in SOLVED
    ours, theirs = summarise(prob, result.assignments), summarise(prob, greedy)
    assert hard(result.violations) == []
    assert ours.night_deviation < theirs.night_deviation
    assert ours.hours_deviation < theirs.hours_deviation
    assert ours.night_spread <= 1


def test_regions_in_a_pool_share_its_positions_only():
    own = week(2, region="GG0111")
    shared = [replace(p, pool="POOL") for p in week(2, region="POOL") if p.kind == "on_call"]
    pool = CoveragePool("POOL", frozenset({"GG0111", "GG7206"}))
    doctors = [*six_doctors(), *(doctor(f"f{i}", region="GG7206") for i in range(4))]
    prob = problem([*own, *shared], doctors, pools=(pool,))

    result = solve(prob)

    assert result.status in SOLVED
    assert hard(result.violations) == []
    region_of = {d.id: d.region for d in doctors}
    pool_of = {p.id: p.pool for p in prob.positions}
    for a in result.assignments:
        if pool_of[a.position_id] == "GG0111":
            assert region_of[a.doctor_id] == "GG0111"


def test_progress_is_reported_up_to_done():
    seen = []
    prob = problem(week(3), six_doctors())

    result = solve(
        prob, time_limit_s=1, progress=lambda fraction, _objective: seen.append(fraction)
    )

    assert result.status in SOLVED
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)


# -- the working-time rules (Atw) ------------------------------------------------------------

NIGHT_TEMPLATES = (
    ShiftTemplate("dag", "day", time(8), time(16), "weekday"),
    ShiftTemplate("nacht", "night", time(22), time(8), "all"),
    ShiftTemplate("avond", "on_call", time(16), time(22), "all"),
)


def on_call_night_dates(prob, assignments):
    nights = {p.id for p in prob.positions if p.kind == "on_call" and p.start.hour == 17}
    dates = defaultdict(set)
    for a in assignments:
        if a.position_id in nights and a.doctor_id is not None:
            dates[a.doctor_id].add(
                next(p for p in prob.positions if p.id == a.position_id).start.date()
            )
    return dates


def has_consecutive(dates):
    return any(day + timedelta(days=1) in dates for day in dates)


def test_four_weeks_are_covered_with_consecutive_on_call_nights_and_no_broken_rule():
    prob = problem(week(28), [doctor(f"d{i}", child_forensic=i < 6) for i in range(9)])

    result = solve(prob, time_limit_s=6)

    assert result.unfilled == ()
    assert hard(verify(prob, result.assignments)) == []
    dates = on_call_night_dates(prob, result.assignments)
    assert any(has_consecutive(own) for own in dates.values())


def test_the_opt_in_policy_keeps_on_call_nights_apart():
    strict = WorkingTimeRules(policy_no_consecutive_on_call_nights=True)
    prob = problem(
        week(14), [doctor(f"d{i}", child_forensic=i < 6) for i in range(9)], rules=strict
    )

    result = solve(prob, time_limit_s=4)

    assert hard(verify(prob, result.assignments)) == []
    assert not any(
        has_consecutive(own) for own in on_call_night_dates(prob, result.assignments).values()
    )


@pytest.mark.parametrize(
    "rules",
    [
        WorkingTimeRules(),
        WorkingTimeRules(
            max_nights_per_16_weeks=4,
            night_series_length=2,
            free_periods_per_4_weeks=3,
            min_on_call_free_days_per_28=18,
            max_week_hours=40,
            max_avg_week_hours_4_weeks=30,
            night_call_out_periods=3,
            max_avg_week_hours_night_call_outs=25,
            max_work_per_24h_on_call=11,
        ),
    ],
    ids=["atw", "stricter"],
)
def test_solver_output_with_worked_nights_never_breaks_a_rule(rules):
    positions = build_positions(REGION, NIGHT_TEMPLATES, MONDAY, MONDAY + timedelta(days=27))
    prob = problem(
        positions, [doctor(f"d{i}", child_forensic=i < 7) for i in range(10)], rules=rules
    )

    result = solve(prob, time_limit_s=5)

    assert result.status in SOLVED
    assert hard(verify(prob, result.assignments)) == []
    assert sum(a.doctor_id is not None for a in result.assignments) > len(positions) // 2


def test_a_lapsed_qualification_is_never_rostered_after_its_date():
    lapse = date(2025, 3, 9)
    lapsing = replace(doctor("d0"), qualification_until=(("child_forensic", lapse),))
    unregistered = replace(doctor("d1"), big_valid_until=lapse)
    prob = problem(
        week(14), [lapsing, unregistered, *six_doctors()[2:], doctor("d6"), doctor("d7")]
    )

    result = solve(prob, time_limit_s=4)

    assert hard(verify(prob, result.assignments)) == []
    by_id = {p.id: p for p in prob.positions}
    for a in result.assignments:
        p = by_id[a.position_id]
        if p.end.date() > lapse:
            assert a.doctor_id != "d1"
            assert not (a.doctor_id == "d0" and p.role == "primary")


def test_carry_over_keeps_two_consecutive_rosters_legal_together():
    doctors = [doctor(f"d{i}", child_forensic=i < 5) for i in range(7)]
    everything = week(28)
    first, second = everything[: len(everything) // 2], everything[len(everything) // 2 :]
    one = problem(first, doctors)
    rostered = solve(one, time_limit_s=3).assignments
    by_id = {p.id: p for p in first}
    history = tuple((by_id[a.position_id], a.doctor_id) for a in rostered if a.doctor_id)
    two = problem(second, doctors, history=history)

    continued = solve(two, time_limit_s=3).assignments

    assert hard(verify(two, continued)) == []
    assert hard(verify(problem(everything, doctors), [*rostered, *continued])) == []
