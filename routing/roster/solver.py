"""Roster generation: decompose, hint with greedy, solve each part with CP-SAT, check, explain.

The problem splits into independent components (regions linked by coverage pools); each is
solved in turn with a share of the remaining time proportional to its size (candidate pairs),
so a part that finishes early leaves its time to the rest. A part stops early once it is good
enough (as many positions filled as the start roster, night spread among full-time doctors
<= 1, weekend spread <= 2: the figures `fairness.summarise` reports) and either stalls or has
had its own share of the time limit; parts that are not good enough after the first pass get
the time left over. So an easy instance does not spend the whole limit. A part that yields no
solution in its time falls back to the greedy roster. The result is always re-checked by the
independent `verify()`, and every empty position gets a reason (`gaps`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from routing.roster.cpsat import RosterModel
from routing.roster.decompose import components
from routing.roster.gaps import explain_gaps
from routing.roster.greedy import greedy_roster
from routing.roster.model import Assignment, RosterProblem, RosterResult
from routing.roster.verify import verify

Progress = Callable[[float, float], None]
"""progress(fraction_done in [0, 1], best objective so far); may be called from a solver thread."""

_STATUS_RANK = {"OPTIMAL": 0, "FEASIBLE": 1, "GREEDY_FALLBACK": 2}
CHECK_RESERVE = 0.04  # share of the time limit kept for verify() and the gap reasons
# Early stop of a part: good enough (see `_Watch`) and no gain of SETTLED_GAIN for the
# patience, PATIENCE_SHARE of its budget but at least MIN_PATIENCE_S.
SETTLED_GAIN = 0.01
GOOD_ENOUGH = {"nights": 0, "weekends": 1}  # headline spread excess allowed at an early stop
PATIENCE_SHARE = 0.2
MIN_PATIENCE_S = 0.5
WATCH_INTERVAL_S = 0.05
MIN_SECOND_CHANCE_S = 0.3  # a second solve shorter than this rarely finds anything


def generate_roster(
    problem: RosterProblem,
    *,
    time_limit_s: float = 30,
    workers: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    hint: Sequence[Assignment] | None = None,
) -> RosterResult:
    """The best roster found within `time_limit_s` (wall time for the whole problem).

    `workers` defaults to the machine's cores (at most 4); `hint` (e.g. last month's roster
    edited by a planner) replaces the greedy start where it names a doctor.
    """
    started = time.perf_counter()
    deadline = started + time_limit_s * (1 - CHECK_RESERVE)
    workers = workers or min(4, os.cpu_count() or 1)
    parts = components(problem)
    sizes = [_size(part) for part in parts]
    total_size = sum(sizes)
    given = {a.position_id: a.doctor_id for a in hint or () if a.doctor_id is not None}
    solved: list[_Solved] = []
    done_size = 0
    preparing = 0.0
    for index, part in enumerate(parts):
        prepared_at = time.perf_counter()
        baseline = {a.position_id: a.doctor_id for a in greedy_roster(part, strategy="balanced")}
        start_from = {p.id: given.get(p.id, baseline.get(p.id)) for p in part.positions}
        built = RosterModel(part).build()
        start_value = _complete_hint(built, start_from)
        fill_goal = sum(1 for pair in start_from.items() if pair in built.x)
        now = time.perf_counter()
        preparing += now - prepared_at
        ahead = preparing / (index + 1) * (len(parts) - index - 1)
        budget = max(0.05, (deadline - now - ahead) * sizes[index] / sum(sizes[index:]))

        def report(
            fraction: float,
            value: float,
            _done: int = done_size,
            _size: int = sizes[index],
            _before: float = sum(s.objective for s in solved),
        ) -> None:
            if progress is not None:
                progress(min(1.0, (_done + _size * fraction) / total_size), _before + value)

        share = (deadline - started) * sizes[index] / total_size
        settle = _Settle(
            fill_goal, patience=max(MIN_PATIENCE_S, PATIENCE_SHARE * share), share=share
        )
        result = _solve(built, budget, workers, seed, report, settle)
        if result is not None and (start_value is None or result.objective <= start_value):
            solved.append(result)
        elif start_value is not None:  # the solver did not even reach its start roster
            solved.append(_Solved(built, settle, "FEASIBLE", start_value, start_from, False))
        else:
            solved.append(_Solved(built, settle, "GREEDY_FALLBACK", 0.0, baseline, False))
        done_size += sizes[index]
        if progress is not None:
            progress(done_size / total_size, sum(s.objective for s in solved))
    _second_chance(solved, sizes, deadline, workers, seed)
    chosen: dict[str, str | None] = {}
    status = "OPTIMAL"
    for part_result in solved:
        chosen.update(part_result.assignment)
        if _STATUS_RANK[part_result.status] > _STATUS_RANK[status]:
            status = part_result.status
    objective = sum(s.objective for s in solved)
    if progress is not None:
        progress(1.0, objective)
    assignments = tuple(Assignment(p.id, chosen.get(p.id)) for p in problem.positions)
    return RosterResult(
        assignments=assignments,
        unfilled=tuple(explain_gaps(problem, assignments)),
        status=status,
        objective=objective,
        solve_seconds=time.perf_counter() - started,
        violations=tuple(verify(problem, assignments)),
    )


def _second_chance(
    solved: list[_Solved], sizes: Sequence[int], deadline: float, workers: int, seed: int
) -> None:
    """Parts that are not good enough get the time the others left, hinted with their best.

    The first pass gives each part its share of the time limit; parts early in the order
    cannot use what later parts leave over, so they get it here.
    """
    waiting = [i for i, s in enumerate(solved) if not s.good and s.status != "GREEDY_FALLBACK"]
    for position, index in enumerate(waiting):
        remaining = deadline - time.perf_counter()
        budget = remaining * sizes[index] / sum(sizes[i] for i in waiting[position:])
        if budget < MIN_SECOND_CHANCE_S:
            continue
        before = solved[index]
        before.built.model.clear_hints()  # type: ignore[no-untyped-call]  # OR-Tools ships no annotation
        _complete_hint(before.built, before.assignment)
        settle = replace(before.settle, share=budget)
        again = _solve(before.built, budget, workers, seed, lambda _f, _v: None, settle)
        if again is not None and again.objective <= before.objective:
            solved[index] = again


def _size(part: RosterProblem) -> int:
    """Candidate (position, doctor) pairs by pool membership: what the solve time scales with
    (positions x doctors would give a pool's component three times its share)."""
    members = part.pool_regions()
    per_region: dict[str, int] = {}
    for doctor in part.doctors:
        per_region[doctor.region] = per_region.get(doctor.region, 0) + 1
    pairs = sum(
        sum(per_region.get(region, 0) for region in members.get(p.pool, frozenset({p.pool})))
        for p in part.positions
    )
    return max(1, pairs)


@dataclass(frozen=True)
class _Solved:
    """One part's best roster so far; `good` as in `_Watch`."""

    built: RosterModel
    settle: _Settle
    status: str
    objective: float
    assignment: dict[str, str | None]
    good: bool


@dataclass(frozen=True)
class _Settle:
    """When a part may stop early: `fill_goal` positions filled, then `patience` seconds
    without a gain of SETTLED_GAIN or `share` seconds (its part of the time limit) in all."""

    fill_goal: int
    patience: float
    share: float


class _Watch(cp_model.CpSolverSolutionCallback):
    """Reports progress; knows whether the roster is good enough and when it last improved.

    Good enough: no free-period slack used, at least as many positions filled as in the
    start roster and the headline
    spreads (`RosterModel.excess`) within GOOD_ENOUGH: max - min nights among full-time
    doctors <= 1 (the target), weekends <= 2 (1 is not always reachable, and holding out
    for it cost whole budgets).
    """

    def __init__(self, built: RosterModel, budget: float, report: Progress, fill_goal: int):
        super().__init__()
        self.built = built
        self.budget = budget
        self.report = report
        self.fill_goal = fill_goal
        self.good = False
        self.best = float("inf")
        self.improved_at = time.perf_counter()

    def on_solution_callback(self) -> None:
        value = self.objective_value
        if value < self.best * (1 - SETTLED_GAIN):
            self.best = value
            self.improved_at = time.perf_counter()
        self.good = (
            self.value(self.built.filled) >= self.fill_goal
            and all(
                self.value(excess) <= GOOD_ENOUGH.get(figure, 0)
                for figure, excess in self.built.excess.items()
            )
            and not any(self.value(slack) for slack in self.built.slacks)
        )
        self.report(min(1.0, self.wall_time / self.budget), value)


def _stop_when_settled(
    solver: cp_model.CpSolver, watch: _Watch, settle: _Settle, done: threading.Event
) -> None:
    """Stop the search once the roster is good enough and either has not improved for the
    patience or has had its own share of the time limit: time left over by earlier parts
    goes only to parts that are not good enough yet, and otherwise is not spent."""
    started = time.perf_counter()
    while not done.wait(WATCH_INTERVAL_S):
        now = time.perf_counter()
        stalled = now - watch.improved_at >= settle.patience
        if watch.good and (stalled or now - started >= settle.share):
            solver.stop_search()
            return


def _solve(
    built: RosterModel,
    budget: float,
    workers: int,
    seed: int,
    report: Progress,
    settle: _Settle,
) -> _Solved | None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = budget
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    watch = _Watch(built, budget, report, settle.fill_goal)
    done = threading.Event()
    watchdog = threading.Thread(
        target=_stop_when_settled, args=(solver, watch, settle, done), daemon=True
    )
    watchdog.start()
    try:
        code = solver.solve(built.model, watch)
    finally:
        done.set()
        watchdog.join()
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    assignment: dict[str, str | None] = {p.id: None for p in built.positions}
    for (position_id, doctor_id), var in built.x.items():
        if solver.boolean_value(var):
            assignment[position_id] = doctor_id
    value = solver.objective_value + built.constant_cost
    return _Solved(built, settle, solver.status_name(code), value, assignment, watch.good)


def _complete_hint(built: RosterModel, start_from: dict[str, str | None]) -> float | None:
    """Hint every variable, not just the decisions: CP-SAT often drops a partial hint.

    The auxiliary variables (deviations, spreads, lone days) get their best values for the
    start roster: a copy of the model with every decision fixed, which presolve all but
    solves. (The first solution under assumptions leaves them anywhere feasible, so the
    start looked far worse than it is and the solver spent its first seconds on that.)
    Returns the start roster's objective, or None when the start roster breaks the model
    (then only the decisions are hinted and the solver repairs them).
    """
    fixed = built.model.clone()
    for (position_id, doctor_id), var in built.x.items():
        value = int(start_from.get(position_id) == doctor_id)
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == value)
    probe = cp_model.CpSolver()
    probe.parameters.num_workers = 1
    probe.parameters.max_time_in_seconds = 2.0
    code = probe.solve(fixed)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (position_id, doctor_id), var in built.x.items():
            built.model.add_hint(var, start_from.get(position_id) == doctor_id)
        return None
    for index in range(len(built.model.proto.variables)):
        var = built.model.get_int_var_from_proto_index(index)
        built.model.add_hint(var, probe.value(var))
    return probe.objective_value + built.constant_cost
