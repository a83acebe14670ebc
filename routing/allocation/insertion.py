"""Insertion heuristics on plans: a priority-first construction and a late-fill pass.

`priority_plan` builds a second warm start that, unlike the EDF greedy, spends scarce doctor time
on the heaviest requests first: requests by priority (then deadline), each inserted anywhere in
any route where it and every request already on time stay on time, at the least added travel.

`fill_late` gives every still unassigned request the earliest start it can get anywhere without
making a request that was on time late: an examination after the deadline beats none.

Insertion is O(1) per position: a backward pass gives each route position the latest start that
keeps the rest of the route feasible (and its on-time requests on time).
"""

from __future__ import annotations

from routing.allocation.problem import Plan, Problem, Req


class Routes:
    """A plan under construction with per-route earliest starts and latest starts."""

    def __init__(self, problem: Problem, plan: Plan) -> None:
        self.p = problem
        self.plan = [list(route) for route in plan]
        self._info: dict[int, tuple[list[int], list[int]] | None] = {}

    def info(self, k: int) -> tuple[list[int], list[int]] | None:
        if k not in self._info:
            self._info[k] = self._compute(k)
        return self._info[k]

    def _compute(self, k: int) -> tuple[list[int], list[int]] | None:
        p = self.p
        route = self.plan[k]
        starts = p.schedule(k, route)
        if starts is None:
            return None
        end = p.slots[k].end
        latest = [0] * len(route)
        nxt: int | None = None
        for j in range(len(route) - 1, -1, -1):
            r = p.reqs[route[j]]
            lim = end - r.dur
            if r.fixed_start is not None:
                lim = r.fixed_start
            elif starts[j] <= r.deadline:
                lim = min(lim, r.deadline)
            if nxt is not None:
                q = p.reqs[route[j + 1]]
                lim = min(lim, nxt - r.dur - p.travel_us(r.point, q.point))
            latest[j] = lim
            nxt = lim
        return starts, latest

    def best_insertion(self, r: Req, k: int, *, need_on_time: bool) -> list[tuple[int, int, int]]:
        """Feasible (start, added travel min, position) of `r` in slot `k`."""
        p = self.p
        info = self.info(k)
        if info is None:
            return []
        starts, latest = info
        s = p.slots[k]
        route = self.plan[k]
        out = []
        for pos in range(len(route) + 1):
            if pos == 0:
                here, free = s.base, s.start
            else:
                prev = p.reqs[route[pos - 1]]
                here, free = prev.point, starts[pos - 1] + prev.dur
            if need_on_time and free > r.deadline:
                break
            t_in = p.travel_us(here, r.point)
            start = max(free + t_in, r.earliest)
            if start + r.dur > s.end or (need_on_time and start > r.deadline):
                continue
            added = t_in
            if pos < len(route):
                q = p.reqs[route[pos]]
                t_out = p.travel_us(r.point, q.point)
                if start + r.dur + t_out > latest[pos]:
                    continue
                added += t_out - p.travel_us(here, q.point)
            out.append((start, added, pos))
        return out

    def insert(self, k: int, pos: int, i: int) -> None:
        self.plan[k].insert(pos, i)
        self._info.pop(k, None)


def fixed_plan(problem: Problem) -> Plan:
    """Only the fixed requests, each in its shift, in start order."""
    plan: Plan = [[] for _ in problem.slots]
    fixed = [r for r in problem.reqs if r.fixed_start is not None]
    for r in sorted(fixed, key=lambda r: (r.fixed_start, r.idx)):
        k = problem.fixed_slot(r)
        if k is not None:
            plan[k].append(r.idx)
    return plan


def priority_plan(problem: Problem) -> Plan:
    routes = Routes(problem, fixed_plan(problem))
    free = [r for r in problem.reqs if r.fixed_start is None]
    for r in sorted(free, key=lambda r: (-r.priority, r.deadline, r.idx)):
        best: tuple[int, int, int, int] | None = None  # (added travel, start, slot, pos)
        for k in problem.candidates[r.idx]:
            if problem.slots[k].start > r.deadline:
                continue
            for start, added, pos in routes.best_insertion(r, k, need_on_time=True):
                cand = (added, start, k, pos)
                if best is None or cand < best:
                    best = cand
        if best is not None:
            routes.insert(best[2], best[3], r.idx)
    return fill_late(problem, routes.plan)


def fill_late(problem: Problem, plan: Plan) -> Plan:
    routes = Routes(problem, plan)
    placed = {i for route in plan for i in route}
    rest = [r for r in problem.reqs if r.idx not in placed and r.fixed_start is None]
    for r in sorted(rest, key=lambda r: (-r.priority, r.deadline, r.idx)):
        best: tuple[int, int, int, int] | None = None  # (start, added travel, slot, pos)
        for k in problem.candidates[r.idx]:
            if best is not None and problem.slots[k].start > best[0]:
                continue
            for start, added, pos in routes.best_insertion(r, k, need_on_time=False):
                cand = (start, added, k, pos)
                if best is None or cand < best:
                    best = cand
        if best is not None:
            routes.insert(best[2], best[3], r.idx)
    return routes.plan
