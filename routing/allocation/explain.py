"""Turn a plan into a Result whose every line says why.

Per assignment: travel minutes to get there, slack to the deadline (negative = late), and the
alternatives considered: other qualified doctors and the earliest start each could have offered
in the final plan (inserted into their route without moving anyone).

Per unassigned or late request, one reason kind:
- `no_qualified_doctor`: no doctor holds every required qualification;
- `no_qualified_doctor_on_shift`: qualified doctors exist, but none has a shift the examination
  fits in after its release;
- `no_qualified_doctor_on_shift_before_deadline`: no qualified shift could start it by the deadline
  even if that doctor had nothing else to do;
- `all_qualified_busy_until`: it could have started on time, but every qualified doctor who could
  have done it is busy with requests of equal or higher weight until `busy_until`.
"""

from __future__ import annotations

from typing import Any

from routing.allocation.insertion import Routes
from routing.allocation.model import (
    US_PER_MIN,
    Assignment,
    Result,
    Unassigned,
    format_time,
    from_us,
)
from routing.allocation.problem import Plan, Problem, Req

MAX_ALTERNATIVES = 3


def _time(problem: Problem, us: int) -> str:
    return format_time(from_us(us, problem.instance.tz))


def _minutes(us: int) -> float:
    m = us / US_PER_MIN
    return int(m) if m == int(m) else round(m, 2)


def _alternatives(
    problem: Problem, routes: Routes, r: Req, exclude: str | None
) -> list[dict[str, Any]]:
    """Earliest start per other qualified doctor in the final plan (first few, by start)."""
    best: dict[str, int] = {}
    ordered = sorted(problem.candidates[r.idx], key=lambda k: problem.slots[k].start)
    for k in ordered:
        s = problem.slots[k]
        if len(best) >= MAX_ALTERNATIVES and s.start > sorted(best.values())[MAX_ALTERNATIVES - 1]:
            break
        if s.doctor == exclude:
            continue
        options = routes.best_insertion(r, k, need_on_time=False)
        if options:
            start = min(o[0] for o in options)
            if s.doctor not in best or start < best[s.doctor]:
                best[s.doctor] = start
    top = sorted(best.items(), key=lambda kv: (kv[1], kv[0]))[:MAX_ALTERNATIVES]
    return [
        {"doctor": d, "earliest_start": _time(problem, st), "on_time": st <= r.deadline}
        for d, st in top
    ]


def _why_not_on_time(problem: Problem, plan: Plan, r: Req) -> dict[str, Any]:
    qualified = [d for d in problem.instance.doctors if problem.may_take(r, d)]
    if not qualified:
        return {"reason": "no_qualified_doctor", "detail": f"no doctor holds {sorted(r.quals)}"}
    cands = problem.candidates[r.idx]
    if not cands:
        return {
            "reason": "no_qualified_doctor_on_shift",
            "detail": f"{len(qualified)} qualified doctor(s), none on a shift the "
            "examination fits in after its release",
        }
    on_time = [k for k in cands if problem.on_time_possible(r, problem.slots[k])]
    if not on_time:
        return {
            "reason": "no_qualified_doctor_on_shift_before_deadline",
            "detail": "no qualified doctor on shift can reach it before the deadline",
        }
    starts = problem.plan_starts(plan)
    busy = []
    for k in on_time:
        route = plan[k]
        end = problem.slots[k].start
        if route:
            last = problem.reqs[route[-1]]
            end = max(end, starts[last.idx][1] + last.dur)
        busy.append(end)
    doctors = sorted({problem.slots[k].doctor for k in on_time})
    return {
        "reason": "all_qualified_busy_until",
        "busy_until": _time(problem, min(busy)),
        "detail": f"{len(doctors)} qualified doctor(s) could have started it on time; "
        "all are busy with requests of equal or higher weight",
    }


def build_result(problem: Problem, plan: Plan, stats: dict[str, Any] | None = None) -> Result:
    """Plan -> Result with explanations; fixed requests keep exactly their doctor and start."""
    starts = problem.plan_starts(plan)
    routes = Routes(problem, plan)
    tz = problem.instance.tz
    assignments = []
    unassigned = []
    for r in problem.reqs:
        if r.idx not in starts:
            if r.fixed_doctor is not None and r.fixed_start is not None:
                # a fixed request outside every shift: it stays as fixed (cannot be valid)
                assignments.append(
                    Assignment(
                        r.id,
                        r.fixed_doctor,
                        from_us(r.fixed_start, tz),
                        {"on_time": r.fixed_start <= r.deadline, "fixed": True},
                    )
                )
                continue
            why_not = _why_not_on_time(problem, plan, r)
            unassigned.append(Unassigned(r.id, why_not.pop("reason"), {"explanation": why_not}))
            continue
        k, st = starts[r.idx]
        s = problem.slots[k]
        route = plan[k]
        pos = route.index(r.idx)
        here = s.base if pos == 0 else problem.reqs[route[pos - 1]].point
        on_time = st <= r.deadline
        why: dict[str, Any] = {
            "travel_min": problem.travel_min(here, r.point),
            "from": "base" if pos == 0 else problem.reqs[route[pos - 1]].id,
            "slack_min": _minutes(r.deadline - st),
            "alternatives": _alternatives(problem, routes, r, s.doctor),
            "qualified_doctors": sum(1 for d in problem.instance.doctors if problem.may_take(r, d)),
        }
        if r.fixed_start is not None:
            why["fixed"] = True
        if not on_time:
            why.update(_why_not_on_time(problem, plan, r))
        assignments.append(
            Assignment(r.id, s.doctor, from_us(st, tz), {"on_time": on_time, "explanation": why})
        )
    return Result(tuple(assignments), tuple(unassigned), dict(stats or {}))
