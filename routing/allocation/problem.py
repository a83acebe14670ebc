"""The instance compiled for planning: integer microseconds, indices, cached travel.

A plan is a list of routes, one per doctor-shift ("slot"), each an ordered list of request
indices. Start times are never stored in a plan: `schedule()` derives the earliest start of every
request of a route (fixed requests at exactly their fixed start), which is optimal for a given
order because every on-time test is a deadline (earlier is never worse).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from routing.allocation.model import US_PER_MIN, Doctor, Instance, Point, to_us
from routing.allocation.travel import travel_minutes


@dataclass(frozen=True, slots=True)
class Req:
    idx: int
    id: str
    point: Point
    earliest: int  # max(release, now), us
    deadline: int
    dur: int  # us
    quals: frozenset[str]
    excluded: frozenset[str]
    priority: int
    fixed_doctor: str | None
    fixed_start: int | None


@dataclass(frozen=True, slots=True)
class Slot:
    """One shift of one doctor: a route starts at `base` at `start` and must end by `end`."""

    idx: int
    doctor: str
    doctor_idx: int
    base: Point
    quals: frozenset[str]
    start: int
    end: int


Plan = list[list[int]]  # slot index -> ordered request indices


class Problem:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.now = to_us(instance.now)
        self.slots: list[Slot] = []
        self.slots_of_doctor: dict[str, list[int]] = {}
        for di, d in enumerate(instance.doctors):
            for s in d.shifts:
                slot = Slot(
                    len(self.slots),
                    d.id,
                    di,
                    d.base,
                    d.qualifications,
                    to_us(s.start),
                    to_us(s.end),
                )
                self.slots_of_doctor.setdefault(d.id, []).append(slot.idx)
                self.slots.append(slot)
        self.reqs: list[Req] = [
            Req(
                idx=i,
                id=r.id,
                point=r.location,
                earliest=max(to_us(r.release), self.now),
                deadline=to_us(r.deadline),
                dur=r.duration_min * US_PER_MIN,
                quals=r.required_qualifications,
                excluded=r.excluded_doctors,
                priority=r.priority,
                fixed_doctor=r.fixed.doctor if r.fixed else None,
                fixed_start=to_us(r.fixed.start) if r.fixed else None,
            )
            for i, r in enumerate(instance.requests)
        ]
        self._travel: dict[tuple[float, float, float, float], int] = {}
        self._candidates: list[list[int]] | None = None

    # ------------------------------------------------------------------ basics

    def travel_us(self, a: Point, b: Point) -> int:
        key = (a.lat, a.lon, b.lat, b.lon)
        t = self._travel.get(key)
        if t is None:
            t = travel_minutes(a, b, self.instance.travel)
            self._travel[key] = t
        return t * US_PER_MIN

    def travel_min(self, a: Point, b: Point) -> int:
        return self.travel_us(a, b) // US_PER_MIN

    def qualified(self, r: Req, s: Slot) -> bool:
        return r.quals <= s.quals and s.doctor not in r.excluded

    def may_take(self, r: Req, d: Doctor) -> bool:
        """The doctor holds the request's qualifications and is not excluded from it."""
        return r.quals <= d.qualifications and d.id not in r.excluded

    def fixed_slot(self, r: Req) -> int | None:
        """The slot a fixed request lies in (None if it fits no shift of its doctor)."""
        if r.fixed_doctor is None or r.fixed_start is None:
            return None
        for k in self.slots_of_doctor.get(r.fixed_doctor, []):
            s = self.slots[k]
            if s.start <= r.fixed_start and r.fixed_start + r.dur <= s.end:
                return k
        return None

    def pair_possible(self, r: Req, s: Slot) -> bool:
        """Could `r` be done in slot `s` at all (ignoring the rest of the plan)?"""
        if r.fixed_doctor is not None:
            return self.fixed_slot(r) == s.idx
        if not self.qualified(r, s):
            return False
        start = max(r.earliest, s.start + self.travel_us(s.base, r.point))
        return start + r.dur <= s.end

    @property
    def candidates(self) -> list[list[int]]:
        """request index -> slots where it fits on its own (fixed: its own slot only)."""
        if self._candidates is None:
            order = sorted(range(len(self.slots)), key=lambda k: self.slots[k].end)
            ends = [self.slots[k].end for k in order]
            out: list[list[int]] = []
            for r in self.reqs:
                if r.fixed_start is not None:
                    k = self.fixed_slot(r)
                    out.append([] if k is None else [k])
                    continue
                first = bisect.bisect_left(ends, r.earliest + r.dur)
                ks = [k for k in order[first:] if self.pair_possible(r, self.slots[k])]
                ks.sort()
                out.append(ks)
            self._candidates = out
        return self._candidates

    def on_time_possible(self, r: Req, s: Slot) -> bool:
        """Could `r` start by its deadline in slot `s` if it were alone there?"""
        return max(r.earliest, s.start + self.travel_us(s.base, r.point)) <= r.deadline

    # ------------------------------------------------------------------ routes

    def schedule(self, slot: int, route: list[int]) -> list[int] | None:
        """Earliest start of every request of `route`, or None if the order is infeasible."""
        s = self.slots[slot]
        t = s.start
        here = s.base
        starts = []
        for i in route:
            r = self.reqs[i]
            start = max(t + self.travel_us(here, r.point), r.earliest)
            if r.fixed_start is not None:
                if start > r.fixed_start:
                    return None
                start = r.fixed_start
            t = start + r.dur
            if t > s.end:
                return None
            starts.append(start)
            here = r.point
        return starts

    def route_travel_min(self, slot: int, route: list[int]) -> int:
        here = self.slots[slot].base
        total = 0
        for i in route:
            p = self.reqs[i].point
            total += self.travel_min(here, p)
            here = p
        return total

    def plan_starts(self, plan: Plan) -> dict[int, tuple[int, int]]:
        """request index -> (slot, start) for a feasible plan; raises if a route is infeasible."""
        out: dict[int, tuple[int, int]] = {}
        for k, route in enumerate(plan):
            if not route:
                continue
            starts = self.schedule(k, route)
            if starts is None and all(self.reqs[i].fixed_start is not None for i in route):
                # conflicting fixed requests: kept exactly as fixed (the instance is inconsistent)
                starts = [self.reqs[i].fixed_start or 0 for i in route]
            if starts is None:
                raise ValueError(f"route of slot {k} is infeasible")
            for i, st in zip(route, starts, strict=True):
                out[i] = (k, st)
        return out

    def plan_value(self, plan: Plan) -> tuple[int, int, int, int]:
        """(weighted on-time, on-time count, assigned count, -travel): larger is better."""
        starts = self.plan_starts(plan)
        w = n = 0
        for i, (_, st) in starts.items():
            r = self.reqs[i]
            if st <= r.deadline:
                w += r.priority
                n += 1
        travel = sum(self.route_travel_min(k, route) for k, route in enumerate(plan))
        return (w, n, len(starts), -travel)
