"""Exact repair (CP-SAT) and the LNS built on it: valid plans, proved optima, never worse."""

import pytest

from routing.allocation.exact import optimise
from routing.allocation.generator import generate
from routing.allocation.greedy import greedy_plan
from routing.allocation.insertion import priority_plan
from routing.allocation.model import parse_instance
from routing.allocation.problem import Problem
from tests.routing.allocation_builders import doctor, instance, request


def test_whole_small_instance_is_solved_to_proved_optimum():
    # one 2-hour shift: two light requests (priority 1 each) or one acute one (priority 5)
    inst = instance(
        [doctor("d1", [("07:00", "09:00")])],
        [
            request("light-1", deadline="08:00", priority=1),
            request("light-2", deadline="08:00", priority=1),
            request("acute", deadline="08:00", duration=120, priority=5),
        ],
    )
    problem = Problem(inst)
    greedy = greedy_plan(problem)
    sub = optimise(problem, greedy, range(len(problem.slots)), everything=True, seed=1)
    assert sub.feasible and sub.optimal
    assert [problem.reqs[i].id for i in sub.plan[0]] == ["acute"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_region_day_is_at_least_as_good_as_both_heuristics(seed):
    problem = Problem(parse_instance(generate("region_day", seed)))
    heuristics = [greedy_plan(problem), priority_plan(problem)]
    start = max(heuristics, key=problem.plan_value)
    sub = optimise(problem, start, range(len(problem.slots)), everything=True, seed=1)
    assert sub.optimal
    assert problem.plan_value(sub.plan) >= problem.plan_value(start)
