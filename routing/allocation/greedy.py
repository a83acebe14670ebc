"""The greedy planner: baseline, warm start for the solver, and its fallback.

Fixed requests are placed first, at their doctor and start. The others go in order of earliest
deadline (ties: higher priority, then input order), each to the qualified doctor-shift where it can
start earliest when appended to the end of that shift's route (ties: less travel, then doctor
order). A request no doctor-shift can take at all stays unassigned; one that can only start after
its deadline is still assigned (late beats never).
"""

from __future__ import annotations

from routing.allocation.insertion import fixed_plan
from routing.allocation.problem import Plan, Problem


def greedy_plan(problem: Problem) -> Plan:
    plan = fixed_plan(problem)
    # free time and position at the end of each route
    tail: list[tuple[int, int | None]] = []
    for k, route in enumerate(plan):
        if route and problem.schedule(k, route) is None:
            tail.append((problem.slots[k].end, None))  # conflicting fixed requests: closed
        elif route:
            final = problem.reqs[route[-1]]
            assert final.fixed_start is not None
            tail.append((final.fixed_start + final.dur, final.idx))
        else:
            tail.append((problem.slots[k].start, None))
    by_start = sorted(range(len(problem.slots)), key=lambda k: (problem.slots[k].start, k))
    free = [r for r in problem.reqs if r.fixed_start is None]
    for r in sorted(free, key=lambda r: (r.deadline, -r.priority, r.idx)):
        best: tuple[int, int, int] | None = None  # (start, travel, slot)
        for k in by_start:
            s = problem.slots[k]
            if best is not None and s.start > best[0]:
                break
            if s.end < r.earliest + r.dur or not problem.qualified(r, s):
                continue
            t_free, last = tail[k]
            here = s.base if last is None else problem.reqs[last].point
            travel = problem.travel_us(here, r.point)
            start = max(t_free + travel, r.earliest)
            if start + r.dur > s.end:
                continue
            cand = (start, travel, k)
            if best is None or cand < best:
                best = cand
        if best is not None:
            start, _, k = best
            plan[k].append(r.idx)
            tail[k] = (start + r.dur, r.idx)
    return plan
