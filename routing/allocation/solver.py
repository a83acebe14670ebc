"""Allocation solver: OR-Tools vehicle routing with time windows, warm-started from greedy.

Why the routing library and not one CP-SAT model. The problem is a team orienteering problem
with time windows: every doctor-shift is a vehicle that leaves its base at shift start, requests
are optional visits with a service time, a release and a deadline, and the travel between two
visits depends on their order. An exact CP-SAT circuit model needs a literal per feasible
(shift, request, request) arc; on a surge (hundreds of requests in one region, 150 shifts) that is
millions of literals before the first solution. The routing library keeps the order implicit,
propagates the time windows in C++ and improves a complete plan by local search (relocate,
exchange, or-opt, make-active/inactive, swap-active), which is what scales to a national
week. CP-SAT is still used, by the routing library itself, for small scheduling sub-problems.

Model (details in `routing_model.py`).
- Vehicles: doctor-shifts that can start at least one request on time. A vehicle leaves the
  doctor's base at shift start; every visit must end by the shift end.
- Nodes: requests some shift could start on time, window [max(release, now), deadline]; allowed
  vehicles only the qualified shifts where that is possible on its own (variables exist only for
  feasible pairs). Dropping a request costs `W * priority + N`: priority-weighted on-time first,
  then the on-time count, then travel minutes (weight 1 in phase 2).
- Late assignments are lexicographically below every on-time start, so they are not in the
  model: `insertion.fill_late` afterwards gives each request left over the earliest start it can
  get without making anyone late (an examination late beats none).
- Fixed requests: allowed only on their shift, window exactly the fixed start, drop penalty above
  everything else.
- Time in whole seconds; lower bounds round up, upper bounds down, then the routes are re-timed
  exactly (earliest start in route order, `Problem.schedule`).

Small instances first (at most `EXACT_MAX_PAIRS` feasible (request, shift) pairs, e.g. a
region-day): the whole problem as one CP-SAT model (`exact.py`); when CP-SAT proves it optimal the
solver returns at once instead of spending its time limit.

Search, per worker: the warm start (EDF greedy, or priority-first insertion for the second
worker) -> phase 1 with travel weight 0 (local search spends its moves on who gets an on-time
slot, not on shaving travel) -> phase 2 with travel -> late fill. On instances up to
`SMALL_INSTANCE_REQUESTS` (a national day) the first worker's phase 2 also uses the make-active
operators (a dropped request enters by relocating or swapping out another); on larger instances
their neighbourhoods are too large to explore in the time limit. The measurements behind these
choices are in docs/decisions/allocation-solver.md.
Workers run in forked processes; the best plan of all workers, the greedy plan and the
priority-first plan wins (so never worse than greedy), and the Result is checked by the
independent `verify()`; on any violation the greedy plan is returned. With `max_solutions` the
routing search has no randomness: `workers=1` runs are reproducible.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from routing.allocation.exact import optimise
from routing.allocation.explain import build_result
from routing.allocation.greedy import greedy_plan
from routing.allocation.insertion import fill_late, priority_plan
from routing.allocation.model import Instance, Result
from routing.allocation.problem import Plan, Problem
from routing.allocation.routing_model import RoutingData, routing_data, run
from routing.allocation.verify import verify

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Strategy:
    """One search: where it starts and which metaheuristic it uses."""

    start: str  # "greedy" | "priority"
    metaheuristic: str
    split: float = 0.6  # share of the routing time for the on-time-only phase
    polish_operators: tuple[str, ...] = ()  # extra operators in the travel phase (see `run`)


STRATEGIES = (
    Strategy("greedy", "SIMULATED_ANNEALING"),
    Strategy("priority", "TABU_SEARCH"),
)
# operators that put a dropped request in by moving or swapping out another one
MAKE_ACTIVE_OPERATORS = (
    "relocate_and_make_active",
    "exchange_and_make_active",
    "extended_swap_active",
)
SMALL_STRATEGIES = (  # up to SMALL_INSTANCE_REQUESTS requests (a national day)
    Strategy("greedy", "SIMULATED_ANNEALING", polish_operators=MAKE_ACTIVE_OPERATORS),
    Strategy("priority", "TABU_SEARCH"),
)
SMALL_INSTANCE_REQUESTS = 200
EXACT_MAX_PAIRS = 400  # instances with at most this many (request, shift) pairs: CP-SAT first


def _search(
    problem: Problem,
    data: RoutingData,
    warm: Plan,
    until: float,
    metaheuristic: str,
    solution_limit: int | None,
    split: float = 0.6,
    polish_operators: tuple[str, ...] = (),
) -> Plan:
    """Two routing phases (on-time only, then with travel), then the late fill."""

    def phase(plan: Plan, seconds: float, travel_weight: int) -> Plan:
        found = run(
            problem,
            data,
            plan,
            seconds,
            travel_weight=travel_weight,
            metaheuristic=metaheuristic,
            solution_limit=solution_limit,
            operators=polish_operators if travel_weight else (),
        )
        return found or plan

    a = phase(warm, split * (until - time.monotonic()), 0)
    return fill_late(problem, phase(a, until - time.monotonic(), 1))


def solve_plan(
    problem: Problem,
    *,
    time_limit_s: float = 10.0,
    workers: int = 1,
    solution_limit: int | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The best plan found (never worse than greedy on the lexicographic value)."""
    t0 = time.monotonic()
    # keep time for explanations and verification (they grow with the instance)
    until = t0 + max(0.0, time_limit_s - 0.3 - 0.003 * len(problem.reqs))
    say = progress or (lambda _msg: None)
    greedy = greedy_plan(problem)
    prio = priority_plan(problem)
    say(f"greedy {problem.plan_value(greedy)}, priority-first {problem.plan_value(prio)}")
    starts = {"greedy": greedy, "priority": prio}
    pool = [greedy, prio]
    if sum(map(len, problem.candidates)) <= EXACT_MAX_PAIRS:
        exact = optimise(
            problem,
            max(greedy, prio, key=problem.plan_value),
            range(len(problem.slots)),
            time_limit_s=0.5 * (until - time.monotonic()),
            workers=max(1, workers),
            everything=True,
        )
        if exact.feasible:
            pool.append(fill_late(problem, exact.plan))
        if exact.optimal:
            best = max(pool, key=problem.plan_value)
            say(f"proved optimal {problem.plan_value(best)} after {time.monotonic() - t0:.1f}s")
            return best
    data = routing_data(problem)
    say(f"routing model: {len(data.node_req)} requests, {len(data.vehicle_slot)} shifts")
    small = len(problem.reqs) <= SMALL_INSTANCE_REQUESTS
    strategies = (SMALL_STRATEGIES if small else STRATEGIES)[: max(1, workers)]
    jobs: list[Callable[[], Plan]] = [
        functools.partial(
            _search,
            problem,
            data,
            starts[s.start],
            until,
            s.metaheuristic,
            solution_limit,
            s.split,
            s.polish_operators,
        )
        for s in strategies
    ]
    plans = _run_parallel(jobs)
    for strategy, plan in zip(strategies, plans, strict=False):
        say(f"{strategy.start}/{strategy.metaheuristic}: {problem.plan_value(plan)}")
    best = max([*plans, *pool], key=problem.plan_value)
    say(f"best {problem.plan_value(best)} after {time.monotonic() - t0:.1f}s")
    return best


def _run_parallel(jobs: list[Callable[[], Plan]]) -> list[Plan]:
    """Run the first job here and the others in forked processes (if fork exists)."""
    if len(jobs) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    ctx = multiprocessing.get_context("fork")
    children = []
    for job in jobs[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(job, send), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv))
    plans = [jobs[0]()]
    for proc, recv in children:
        with contextlib.suppress(EOFError):
            plans.append(recv.recv())
        proc.join()
    return plans


def _child(job: Callable[[], Plan], send: Connection) -> None:
    try:
        send.send(job())
    finally:
        send.close()


def default_time_limit(instance: Instance) -> float:
    """Seconds to spend when the caller names none: a region-day or national day (up to
    ~200 requests) gets 4 s, larger instances (a surge, a national week) 25 s, so that the
    whole run, explanations included, stays within 5 s and 30 s on two cores."""
    return 4.0 if len(instance.requests) <= SMALL_INSTANCE_REQUESTS else 25.0


def plan_greedy(instance: Instance) -> Result:
    """The greedy baseline as a Result (with explanations)."""
    t0 = time.monotonic()
    problem = Problem(instance)
    plan = greedy_plan(problem)
    return build_result(problem, plan, _stats(problem, plan, "greedy", t0))


def solve(
    instance: Instance,
    *,
    time_limit_s: float = 10.0,
    workers: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    max_solutions: int | None = None,
) -> Result:
    """The best valid allocation found within `time_limit_s` (never worse than greedy).

    `workers`: parallel searches (default 2); `max_solutions` bounds each search by a solution
    count instead of only by time, which makes `workers=1` runs reproducible. The routing
    search has no randomness, so `seed` only documents the run (it is echoed in the stats).
    """
    t0 = time.monotonic()
    problem = Problem(instance)
    plan = solve_plan(
        problem,
        time_limit_s=time_limit_s,
        workers=2 if workers is None else workers,
        solution_limit=max_solutions,
        progress=progress,
    )
    result = build_result(problem, plan, _stats(problem, plan, "solver", t0, seed=seed))
    violations = verify(instance, result)
    if violations:
        if progress:
            progress(f"solver plan failed verification ({violations[0].message}); greedy used")
        fallback = greedy_plan(problem)
        return build_result(problem, fallback, _stats(problem, fallback, "greedy_fallback", t0))
    return result


def _stats(
    problem: Problem, plan: Plan, method: str, t0: float, **extra: object
) -> dict[str, object]:
    weighted, on_time, assigned, neg_travel = problem.plan_value(plan)
    total = sum(r.priority for r in problem.reqs)
    return {
        "method": method,
        "on_time_weighted": round(weighted / total, 6) if total else 1.0,
        "on_time": on_time,
        "late": assigned - on_time,
        "unassigned": len(problem.reqs) - assigned,
        "travel_min": -neg_travel,
        "solve_time_s": round(time.monotonic() - t0, 3),
        **extra,
    }
