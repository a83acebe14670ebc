"""Roster generation: decompose, hint with greedy, solve each part with CP-SAT, check, explain.

The problem splits into independent components (regions linked by coverage pools); each is
solved in turn with a share of the remaining time proportional to its size, so a part that
finishes early leaves its time to the rest. A part that yields no solution in its time falls
back to the greedy roster. The result is always re-checked by the independent `verify()`,
and every empty position gets a reason (`gaps`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence

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
    sizes = [max(1, len(part.positions) * max(1, len(part.doctors))) for part in parts]
    total_size = sum(sizes)
    given = {a.position_id: a.doctor_id for a in hint or () if a.doctor_id is not None}
    chosen: dict[str, str | None] = {}
    status = "OPTIMAL"
    objective = 0.0
    done_size = 0
    preparing = 0.0
    for index, part in enumerate(parts):
        prepared_at = time.perf_counter()
        baseline = {a.position_id: a.doctor_id for a in greedy_roster(part, strategy="balanced")}
        start_from = {p.id: given.get(p.id, baseline.get(p.id)) for p in part.positions}
        built = RosterModel(part).build()
        start_value = _complete_hint(built, start_from)
        now = time.perf_counter()
        preparing += now - prepared_at
        ahead = preparing / (index + 1) * (len(parts) - index - 1)
        budget = max(0.05, (deadline - now - ahead) * sizes[index] / sum(sizes[index:]))

        def report(
            fraction: float,
            value: float,
            _done: int = done_size,
            _size: int = sizes[index],
            _before: float = objective,
        ) -> None:
            if progress is not None:
                progress(min(1.0, (_done + _size * fraction) / total_size), _before + value)

        solved = _solve(built, budget, workers, seed, report)
        if solved is not None and (start_value is None or solved[1] <= start_value):
            part_status, part_objective, part_assignment = solved
        elif start_value is not None:  # the solver did not even reach its start roster
            part_status, part_objective, part_assignment = "FEASIBLE", start_value, start_from
        else:
            part_status, part_objective, part_assignment = "GREEDY_FALLBACK", 0.0, baseline
        chosen.update(part_assignment)
        objective += part_objective
        if _STATUS_RANK[part_status] > _STATUS_RANK[status]:
            status = part_status
        done_size += sizes[index]
        if progress is not None:
            progress(done_size / total_size, objective)
    assignments = tuple(Assignment(p.id, chosen.get(p.id)) for p in problem.positions)
    return RosterResult(
        assignments=assignments,
        unfilled=tuple(explain_gaps(problem, assignments)),
        status=status,
        objective=objective,
        solve_seconds=time.perf_counter() - started,
        violations=tuple(verify(problem, assignments)),
    )


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, budget: float, report: Progress) -> None:
        super().__init__()
        self.budget = budget
        self.report = report

    def on_solution_callback(self) -> None:
        self.report(min(1.0, self.wall_time / self.budget), self.objective_value)


def _solve(
    built: RosterModel, budget: float, workers: int, seed: int, report: Progress
) -> tuple[str, float, dict[str, str | None]] | None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = budget
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(built.model, _Reporter(budget, report))
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    assignment: dict[str, str | None] = {p.id: None for p in built.positions}
    for (position_id, doctor_id), var in built.x.items():
        if solver.boolean_value(var):
            assignment[position_id] = doctor_id
    value = solver.objective_value + built.constant_cost
    return solver.status_name(code), value, assignment


def _complete_hint(built: RosterModel, start_from: dict[str, str | None]) -> float | None:
    """Hint every variable, not just the decisions: CP-SAT often drops a partial hint.

    The auxiliary variables (deviations, spreads, lone days) are completed by a short solve
    with the decisions assumed. Returns the start roster's objective, or None when the start
    roster breaks the model (then only the decisions are hinted and the solver repairs them).
    """
    decisions = [
        var if start_from.get(position_id) == doctor_id else var.Not()
        for (position_id, doctor_id), var in built.x.items()
    ]
    built.model.add_assumptions(decisions)
    probe = cp_model.CpSolver()
    probe.parameters.num_workers = 1
    probe.parameters.max_time_in_seconds = 2.0
    probe.parameters.stop_after_first_solution = True
    code = probe.solve(built.model)
    built.model.clear_assumptions()
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (position_id, doctor_id), var in built.x.items():
            built.model.add_hint(var, start_from.get(position_id) == doctor_id)
        return None
    for index in range(len(built.model.proto.variables)):
        var = built.model.get_int_var_from_proto_index(index)
        built.model.add_hint(var, probe.value(var))
    return probe.objective_value + built.constant_cost
