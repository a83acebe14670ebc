"""Greedy and solver: valid plans, solver never below greedy, fixed kept, explained, repeatable.

Solver runs use one worker and short limits; `max_solutions` makes a run reproducible.
"""

import pytest

from routing.allocation.generator import generate
from routing.allocation.model import parse_instance, result_to_dict
from routing.allocation.solver import plan_greedy, solve
from routing.allocation.verify import score, verify
from tests.routing.allocation_builders import doctor, instance, request

REASONS = {
    "no_qualified_doctor",
    "no_qualified_doctor_on_shift",
    "no_qualified_doctor_on_shift_before_deadline",
    "all_qualified_busy_until",
}


def quick(inst, **kwargs):
    kwargs.setdefault("time_limit_s", 1.5)
    kwargs.setdefault("max_solutions", 200)
    return solve(inst, workers=1, **kwargs)


GENERATED = [("region_day", 1), ("region_day", 2), ("region_day", 3), ("national_day", 1)]


@pytest.mark.parametrize(("kind", "seed"), GENERATED)
def test_greedy_is_valid_on_generated_instances(kind, seed):
    inst = parse_instance(generate(kind, seed))
    assert verify(inst, plan_greedy(inst)) == []


@pytest.mark.parametrize(("kind", "seed"), GENERATED)
def test_solver_is_valid_and_never_below_greedy(kind, seed):
    inst = parse_instance(generate(kind, seed))
    greedy = score(inst, plan_greedy(inst))
    result = quick(inst, time_limit_s=2.0)
    assert verify(inst, result) == []
    assert score(inst, result).on_time_weighted >= greedy.on_time_weighted


def test_solver_spends_scarce_time_on_the_acute_request_greedy_misses():
    # 90 minutes of doctor time, two 60-minute requests: EDF takes the planned one first
    inst = instance(
        [doctor("d1", [("07:00", "08:30")])],
        [
            request("planned", deadline="07:30", priority=1),
            request("acute", deadline="08:00", priority=5),
        ],
    )
    assert [a.request for a in plan_greedy(inst).assignments] == ["planned"]
    result = quick(inst)
    assert [a.request for a in result.assignments] == ["acute"]
    assert score(inst, result).on_time_weighted == pytest.approx(5 / 6)


def test_fixed_requests_keep_their_doctor_and_start():
    inst = instance(
        [doctor("d1", [("07:00", "15:00")]), doctor("d2", [("07:00", "15:00")])],
        [request("f", fixed=("d2", "07:00")), request("r", deadline="08:00", priority=5)],
    )
    result = quick(inst)
    fixed = next(a for a in result.assignments if a.request == "f")
    assert (fixed.doctor, fixed.start) == ("d2", inst.requests[0].fixed.start)
    assert verify(inst, result) == []
    assert score(inst, result).on_time == 2


def test_solver_is_repeatable_with_one_worker_and_a_solution_limit():
    inst = parse_instance(generate("national_day", 2))
    runs = [
        result_to_dict(solve(inst, workers=1, time_limit_s=30, max_solutions=5)) for _ in range(2)
    ]
    for run in runs:
        run["stats"].pop("solve_time_s")
    assert runs[0] == runs[1]


def test_every_line_of_the_result_is_explained():
    inst = parse_instance(generate("region_day", 2))
    out = result_to_dict(quick(inst))
    assert out["format"] == "fmek-allocation-result/1"
    for a in out["assignments"]:
        why = a["explanation"]
        assert {"travel_min", "slack_min", "alternatives"} <= why.keys()
        assert a["on_time"] == (why["slack_min"] >= 0)
        if not a["on_time"]:
            assert why["reason"] in REASONS
    for u in out["unassigned"]:
        assert u["reason"] in REASONS


def test_unassigned_reasons_name_the_cause():
    inst = instance(
        [doctor("d1", [("07:00", "09:00")])],
        [
            request("needs_sa", quals=["sexual_abuse"]),
            request("too_long", duration=180),
            request("first", deadline="08:00", priority=5),
            request("second", deadline="08:30", duration=90, priority=3),
        ],
    )
    out = result_to_dict(quick(inst))
    reasons = {u["request"]: u for u in out["unassigned"]}
    assert reasons["needs_sa"]["reason"] == "no_qualified_doctor"
    assert reasons["too_long"]["reason"] == "no_qualified_doctor_on_shift"
    assert reasons["second"]["reason"] == "all_qualified_busy_until"
    assert reasons["second"]["explanation"]["busy_until"].startswith("2025-03-10T08:00")
