"""Exact re-optimisation of a few doctor-shifts with CP-SAT (the rest of the plan fixed).

Why: the routing library's local search moves one or two visits at a time; a shift that should
take a different *set* of requests (drop two light ones, take one heavy one and reorder) is often
out of its reach. CP-SAT solves "these 2-4 shifts and every request that could go there" exactly:
which requests each shift takes, in which order, at which start, under the full lexicographic
objective. On a whole small instance (a region-day) the same model proves optimality, so the
solver can stop early instead of burning its time limit.

Model per shift k (nodes: its base and the requests it can take): `AddCircuit` over presence
literals (a self-loop = request not in this shift), start times in whole seconds from `origin`
(lower bounds rounded up, upper bounds down: every CP-SAT answer is a valid route), an arc
i -> j forces start_j >= start_i + duration_i + travel(i, j). Each request is in at most one
shift; a literal "on time" implies start <= deadline. Objective, lexicographic through weights:
priority-weighted on-time, then on-time count, then assigned count, then travel minutes.
The answer is re-timed exactly (`Problem.schedule`) by the caller's acceptance check.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from routing.allocation.model import US_PER_MIN
from routing.allocation.problem import Plan, Problem

US_PER_S = 1_000_000


def _ceil(us: int, unit: int) -> int:
    return -((-us) // unit)


def _unit(p: Problem, origin: int) -> int:
    """Minutes when every time of the instance is on a whole minute from `origin`, else seconds.

    Coarser time makes the CP-SAT model several times faster; rounding is always conservative
    (lower bounds up, upper bounds down), so seconds are only a matter of not losing slack.
    """
    times = [p.now, *(s.start for s in p.slots), *(s.end for s in p.slots)]
    for r in p.reqs:
        times += [r.earliest, r.deadline, r.dur]
        if r.fixed_start is not None:
            times.append(r.fixed_start)
    if all((t - origin) % US_PER_MIN == 0 for t in times):
        return US_PER_MIN
    return US_PER_S


@dataclass(frozen=True)
class SubResult:
    plan: Plan  # the whole plan, with the chosen shifts re-optimised
    optimal: bool  # CP-SAT proved the sub-problem optimal
    feasible: bool  # CP-SAT found a solution at all


def _origin(problem: Problem) -> int:
    return min([problem.now] + [s.start for s in problem.slots])


def optimise(
    problem: Problem,
    plan: Plan,
    slots: Iterable[int],
    *,
    time_limit_s: float = 1.0,
    workers: int = 1,
    seed: int = 0,
    max_entering: int | None = None,
    everything: bool = False,
) -> SubResult:
    """Re-optimise the routes of `slots`, free to take any request not on time elsewhere.

    Requests that may enter: those on the routes of `slots` (on time or late), and those that are
    unassigned or late elsewhere, only on time (at most `max_entering` of them, the heaviest
    with a seeded random tie-break). `everything`: every unassigned request may enter, on time
    or late; with all shifts as `slots` the model is then the whole problem, exactly.
    """
    p = problem
    slot_set = sorted(set(slots))
    for k in slot_set:
        if plan[k] and p.schedule(k, plan[k]) is None:
            return SubResult(plan, False, False)  # conflicting fixed requests: leave it alone
    starts = p.plan_starts(plan)
    in_sub = {i for k in slot_set for i in plan[k]}
    if everything:
        in_sub = {r.idx for r in p.reqs if r.idx not in starts or starts[r.idx][0] in slot_set}
    # requests not on time elsewhere may enter, but only on time (late ones: `fill_late`)
    entering = []
    for r in p.reqs:
        if r.idx in in_sub or r.fixed_start is not None:
            continue
        st = starts.get(r.idx)
        if (st is None or st[1] > r.deadline) and any(
            k in p.candidates[r.idx] and p.on_time_possible(r, p.slots[k]) for k in slot_set
        ):
            entering.append(r.idx)
    if max_entering is not None and len(entering) > max_entering:
        rng = random.Random(seed)
        weight = {i: p.reqs[i].priority * (0.5 + rng.random()) for i in entering}
        entering = sorted(entering, key=lambda i: -weight[i])[:max_entering]
    on_time_only = set(entering)
    movable = in_sub | on_time_only
    sub = _Model(p, slot_set, movable, on_time_only)
    sub.hint(plan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = 0
    status = solver.solve(sub.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SubResult(plan, False, False)
    new_plan = [list(route) for route in plan]
    taken: set[int] = set()
    for k in slot_set:
        chosen = sorted(
            (solver.value(sub.start[(k, i)]), i)
            for i in sub.nodes[k]
            if solver.boolean_value(sub.x[(k, i)])
        )
        new_plan[k] = [i for _, i in chosen]
        taken.update(i for _, i in chosen)
    for k, route in enumerate(new_plan):
        if k not in sub.slot_set and any(i in taken for i in route):
            new_plan[k] = [i for i in route if i not in taken]
    return SubResult(new_plan, status == cp_model.OPTIMAL, True)


class _Model:
    """The CP-SAT model of the sub-problem (see the module docstring)."""

    def __init__(
        self, p: Problem, slots: Sequence[int], movable: set[int], on_time_only: set[int]
    ) -> None:
        self.p = p
        self.slot_set = set(slots)
        self.origin = _origin(p)
        self.unit = _unit(p, self.origin)
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.start: dict[tuple[int, int], cp_model.IntVar] = {}
        self.arcs: dict[int, dict[tuple[int, int], cp_model.IntVar]] = {}
        self.nodes: dict[int, list[int]] = {}
        on_time: list[tuple[int, cp_model.IntVar]] = []
        travel_terms: list[tuple[cp_model.IntVar, int]] = []
        travel_bound = 0
        for k in slots:
            travel_bound += self._slot(k, movable, on_time_only, on_time, travel_terms)
        by_req: dict[int, list[cp_model.IntVar]] = {}
        for (_, i), x in self.x.items():
            by_req.setdefault(i, []).append(x)
        for i, xs in by_req.items():
            if p.reqs[i].fixed_start is not None:
                self.model.add_exactly_one(xs)
            elif len(xs) > 1:
                self.model.add_at_most_one(xs)
        n = len(by_req) + 1
        w_assigned = travel_bound + 1
        w_count = w_assigned * n + travel_bound + 1
        w_priority = w_count * n + w_assigned * n + travel_bound + 1
        objective: list[cp_model.LinearExprT] = []
        for i, o in on_time:
            objective.append(o * (w_priority * p.reqs[i].priority + w_count))
        for (_, i), x in self.x.items():
            if i not in on_time_only:
                objective.append(x * w_assigned)
        objective.extend(-t * lit for lit, t in travel_terms)
        self.model.maximize(sum(objective))

    def _slot(
        self,
        k: int,
        movable: set[int],
        on_time_only: set[int],
        on_time: list[tuple[int, cp_model.IntVar]],
        travel_terms: list[tuple[cp_model.IntVar, int]],
    ) -> int:
        """Variables and circuit of one shift; returns a bound on its travel minutes."""
        p, m, origin, unit = self.p, self.model, self.origin, self.unit
        s = p.slots[k]
        reqs = [
            i
            for i in sorted(movable)
            if k in p.candidates[i] and (i not in on_time_only or p.on_time_possible(p.reqs[i], s))
        ]
        self.nodes[k] = reqs
        lo: dict[int, int] = {}
        hi: dict[int, int] = {}
        for i in reqs:
            r = p.reqs[i]
            if r.fixed_start is not None:
                lo[i] = hi[i] = _ceil(r.fixed_start - origin, unit)
            else:
                first = max(r.earliest, s.start + p.travel_us(s.base, r.point))
                lo[i] = _ceil(first - origin, unit)
                hi[i] = (s.end - r.dur - origin) // unit
                if i in on_time_only:
                    hi[i] = min(hi[i], (r.deadline - origin) // unit)
            self.x[(k, i)] = m.new_bool_var(f"x{k}_{i}")
            self.start[(k, i)] = m.new_int_var(lo[i], max(lo[i], hi[i]), f"s{k}_{i}")
        arcs: dict[tuple[int, int], cp_model.IntVar] = {}
        circuit: list[tuple[int, int, cp_model.LiteralT]] = [(0, 0, m.new_bool_var(f"empty{k}"))]
        pos = {i: n + 1 for n, i in enumerate(reqs)}
        bound = 0
        for i in reqs:
            r = p.reqs[i]
            x = self.x[(k, i)]
            circuit.append((pos[i], pos[i], x.Not()))
            t0 = p.travel_min(s.base, r.point)
            arcs[(-1, i)] = m.new_bool_var("")
            circuit.append((0, pos[i], arcs[(-1, i)]))
            travel_terms.append((arcs[(-1, i)], t0))
            arcs[(i, -1)] = m.new_bool_var("")
            circuit.append((pos[i], 0, arcs[(i, -1)]))
            if r.fixed_start is None:
                o = m.new_bool_var(f"o{k}_{i}")
                m.add_implication(o, x)
                m.add(self.start[(k, i)] <= (r.deadline - origin) // unit).only_enforce_if(o)
                if i in on_time_only:
                    m.add_implication(x, o)
                on_time.append((i, o))
            elif r.fixed_start <= r.deadline:
                on_time.append((i, x))
            out_max = t0
            dur = _ceil(r.dur, unit)
            for j in reqs:
                if j == i:
                    continue
                t = p.travel_min(r.point, p.reqs[j].point)
                gap = dur + _ceil(t * US_PER_MIN, unit)
                if lo[i] + gap > hi[j]:
                    continue
                lit = m.new_bool_var("")
                arcs[(i, j)] = lit
                circuit.append((pos[i], pos[j], lit))
                travel_terms.append((lit, t))
                m.add(self.start[(k, j)] >= self.start[(k, i)] + gap).only_enforce_if(lit)
                out_max = max(out_max, t)
            bound += out_max
        m.add_circuit(circuit)
        self.arcs[k] = arcs
        return bound

    def hint(self, plan: Plan) -> None:
        """The current routes as the solution hint."""
        p, m = self.p, self.model
        for k in self.nodes:
            route = plan[k]
            chosen = set(route)
            for i in self.nodes[k]:
                m.add_hint(self.x[(k, i)], i in chosen)
            edges = set(zip([-1, *route], [*route, -1], strict=True)) if route else set()
            for e, lit in self.arcs[k].items():
                m.add_hint(lit, e in edges)
            for i, st in zip(route, p.schedule(k, route) or [], strict=False):
                if (k, i) in self.start:
                    m.add_hint(self.start[(k, i)], _ceil(st - self.origin, self.unit))
