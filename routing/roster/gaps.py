"""Why a position stayed empty, in words a planner can act on.

The reason starts with a stable code, then the explanation:

- ``shift_too_long``: the position itself breaks the shift-length limit;
- ``no_qualified_doctor``: nobody who may work in the pool holds the qualifications;
- ``all_qualified_on_leave``: qualified doctors exist, all are on leave then;
- ``blocked_by_rules``: every qualified, free doctor would break a hard rule given the rest of
  the roster (rest, hours, on-call days, or already busy), listed per doctor;
- ``left_open``: someone could still take it legally (the solver ran out of time, or the
  roster was edited by hand).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from routing.roster import facts
from routing.roster.model import Assignment, Position, RosterProblem
from routing.roster.verify import CheckContext, check_doctor, hard_only


def explain_gaps(
    problem: RosterProblem, assignments: Iterable[Assignment]
) -> list[tuple[str, str]]:
    """(position_id, reason) for every position without a doctor, in position order."""
    ctx = CheckContext(problem)
    positions = {p.id: p for p in problem.positions}
    chosen = {a.position_id: a.doctor_id for a in assignments if a.doctor_id is not None}
    own: dict[str, list[Position]] = {d.id: [] for d in problem.doctors}
    for position_id, doctor_id in chosen.items():
        if doctor_id in own and position_id in positions:
            own[doctor_id].append(positions[position_id])
    return [
        (p.id, explain_gap(ctx, problem, p, own)) for p in problem.positions if p.id not in chosen
    ]


def explain_gap(
    ctx: CheckContext,
    problem: RosterProblem,
    position: Position,
    own: Mapping[str, Sequence[Position]],
) -> str:
    if facts.too_long(position, ctx.rules):
        return f"shift_too_long: {position.hours:g} h is over the limit for a {position.kind} shift"
    regions = ctx.pool_regions.get(position.pool, frozenset({position.pool}))
    members = [d for d in problem.doctors if d.region in regions]
    qualified = [d for d in members if facts.fits(d, position)]
    if not qualified:
        needs = ", ".join(sorted(position.required_qualifications)) or "no qualification"
        where = ", ".join(sorted(regions))
        return f"no_qualified_doctor: nobody in {where} holds {needs} valid then (and BIG)"
    free = [d for d in qualified if not facts.on_leave(d, position)]
    if not free:
        return f"all_qualified_on_leave: {', '.join(d.id for d in qualified)} on leave"
    blocked: list[str] = []
    for doctor in free:
        before = Counter(v.rule for v in hard_only(check_doctor(ctx, doctor, own[doctor.id])))
        after = Counter(
            v.rule for v in hard_only(check_doctor(ctx, doctor, [*own[doctor.id], position]))
        )
        broken = sorted((after - before).keys())
        if not broken:
            return f"left_open: {doctor.id} could take it without breaking a hard rule"
        blocked.append(f"{doctor.id} ({', '.join(_name(rule) for rule in broken)})")
    return "blocked_by_rules: " + "; ".join(blocked)


def _name(rule: str) -> str:
    return "busy" if rule == "one_position_at_a_time" else rule
