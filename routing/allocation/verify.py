"""Independent re-check of a result against every hard rule of `fmek-allocation/1`, and its score.

Deliberately shares nothing with the planners but the parsed dataclasses and the travel formula:
it works from the result's own start times, not from any plan. Travel is computed with the
verifier tolerance (ceil(x - 1e-9)) like an external judge; planners use the plain ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.allocation.model import US_PER_MIN, Doctor, Instance, Request, Result, to_us
from routing.allocation.travel import VERIFY_EPS, travel_minutes


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    request: str | None = None
    doctor: str | None = None


@dataclass(frozen=True)
class Score:
    on_time_weighted: float  # priority-weighted share of requests started on time
    on_time: int
    late: int
    unassigned: int
    travel_minutes: int
    mean_travel_minutes: float


def _shift_index(doctor: Doctor, start: int, dur: int) -> int | None:
    for k, s in enumerate(doctor.shifts):
        if to_us(s.start) <= start and start + dur <= to_us(s.end):
            return k
    return None


def verify(instance: Instance, result: Result) -> list[Violation]:
    """Every violated hard rule; empty means the result is valid."""
    out: list[Violation] = []
    reqs = {r.id: r for r in instance.requests}
    docs = {d.id: d for d in instance.doctors}
    now = to_us(instance.now)
    seen: dict[str, int] = {}
    routes: dict[tuple[str, int], list[tuple[int, Request]]] = {}

    for u in result.unassigned:
        if u.request not in reqs:
            out.append(
                Violation(
                    "unknown_request", f"unassigned request {u.request!r} does not exist", u.request
                )
            )
            continue
        seen[u.request] = seen.get(u.request, 0) + 1
        fixed = reqs[u.request].fixed
        if fixed is not None:
            out.append(
                Violation(
                    "fixed_not_respected",
                    f"request {u.request} is fixed to {fixed.doctor} but unassigned",
                    u.request,
                    fixed.doctor,
                )
            )
    for a in result.assignments:
        r = reqs.get(a.request)
        if r is None:
            out.append(
                Violation(
                    "unknown_request",
                    f"assigned request {a.request!r} does not exist",
                    a.request,
                    a.doctor,
                )
            )
            continue
        seen[r.id] = seen.get(r.id, 0) + 1
        d = docs.get(a.doctor)
        if d is None:
            out.append(
                Violation("unknown_doctor", f"doctor {a.doctor!r} does not exist", r.id, a.doctor)
            )
            continue
        start = to_us(a.start)
        dur = r.duration_min * US_PER_MIN
        missing = r.required_qualifications - d.qualifications
        if missing:
            out.append(
                Violation(
                    "missing_qualification",
                    f"doctor {d.id} lacks {sorted(missing)} for request {r.id}",
                    r.id,
                    d.id,
                )
            )
        if d.id in r.excluded_doctors:
            out.append(
                Violation(
                    "excluded_doctor", f"doctor {d.id} is excluded from request {r.id}", r.id, d.id
                )
            )
        if start < to_us(r.release):
            out.append(
                Violation("before_release", f"request {r.id} starts before its release", r.id, d.id)
            )
        if start < now:
            out.append(Violation("before_now", f"request {r.id} starts before now", r.id, d.id))
        if r.fixed is not None and (r.fixed.doctor != d.id or to_us(r.fixed.start) != start):
            out.append(
                Violation(
                    "fixed_not_respected",
                    f"request {r.id} is fixed to {r.fixed.doctor} at {r.fixed.start}",
                    r.id,
                    d.id,
                )
            )
        k = _shift_index(d, start, dur)
        if k is None:
            out.append(
                Violation(
                    "outside_shift",
                    f"request {r.id} does not lie within one shift of {d.id}",
                    r.id,
                    d.id,
                )
            )
            continue
        routes.setdefault((d.id, k), []).append((start, r))

    for r in instance.requests:
        count = seen.get(r.id, 0)
        if count == 0:
            out.append(
                Violation(
                    "missing_request", f"request {r.id} is neither assigned nor unassigned", r.id
                )
            )
        elif count > 1:
            out.append(
                Violation("duplicate_request", f"request {r.id} appears {count} times", r.id)
            )

    for (did, k), visits in sorted(routes.items()):
        out.extend(_route_violations(instance, docs[did], k, visits))
    return out


def _route_violations(
    instance: Instance, doctor: Doctor, k: int, visits: list[tuple[int, Request]]
) -> list[Violation]:
    out = []
    visits.sort(key=lambda v: (v[0], v[1].id))
    free = to_us(doctor.shifts[k].start)
    here = doctor.base
    prev: Request | None = None
    for start, r in visits:
        travel = travel_minutes(here, r.location, instance.travel, eps=VERIFY_EPS) * US_PER_MIN
        if prev is not None and start < free:
            out.append(
                Violation(
                    "overlap",
                    f"{doctor.id}: request {r.id} starts before request {prev.id} ends",
                    r.id,
                    doctor.id,
                )
            )
        elif start < free + travel:
            after = "shift start" if prev is None else f"request {prev.id}"
            out.append(
                Violation(
                    "travel_too_short",
                    f"{doctor.id}: request {r.id} starts less "
                    f"than {travel // US_PER_MIN} min travel after {after}",
                    r.id,
                    doctor.id,
                )
            )
        free = start + r.duration_min * US_PER_MIN
        here = r.location
        prev = r
    return out


def score(instance: Instance, result: Result) -> Score:
    """The contract's quality figures (same definitions as the external judge)."""
    reqs = {r.id: r for r in instance.requests}
    first: dict[str, tuple[int, str]] = {}
    for a in result.assignments:
        if a.request in reqs:
            first.setdefault(a.request, (to_us(a.start), a.doctor))
    on_time = late = 0
    weighted = 0
    for r in instance.requests:
        got = first.get(r.id)
        if got is None:
            continue
        if got[0] <= to_us(r.deadline):
            on_time += 1
            weighted += r.priority
        else:
            late += 1
    travel = _travel_total(instance, result)
    total = sum(r.priority for r in instance.requests)
    assigned = len(first)
    return Score(
        on_time_weighted=round(weighted / total, 6) if total else 1.0,
        on_time=on_time,
        late=late,
        unassigned=len(instance.requests) - assigned,
        travel_minutes=travel,
        mean_travel_minutes=round(travel / assigned, 2) if assigned else 0.0,
    )


def _travel_total(instance: Instance, result: Result) -> int:
    reqs = {r.id: r for r in instance.requests}
    docs = {d.id: d for d in instance.doctors}
    routes: dict[tuple[str, int], list[tuple[int, Request]]] = {}
    for a in result.assignments:
        r, d = reqs.get(a.request), docs.get(a.doctor)
        if r is None or d is None:
            continue
        k = _shift_index(d, to_us(a.start), r.duration_min * US_PER_MIN)
        if k is not None:
            routes.setdefault((d.id, k), []).append((to_us(a.start), r))
    total = 0
    for (did, _), visits in routes.items():
        here = docs[did].base
        for _, r in sorted(visits, key=lambda v: (v[0], v[1].id)):
            total += travel_minutes(here, r.location, instance.travel, eps=VERIFY_EPS)
            here = r.location
    return total
