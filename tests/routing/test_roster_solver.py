"""generate_roster on small instances: one worker, fixed seed, a few seconds at most."""

from dataclasses import replace

from roster_builders import at, doctor, find, problem, week

from routing.roster import (
    CoveragePool,
    Pin,
    generate_roster,
    greedy_roster,
    summarise,
    verify,
)

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

    result = solve(prob, time_limit_s=1, progress=lambda fraction, objective: seen.append(fraction))

    assert result.status in SOLVED
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)
