"""Why a doctor got an examination, and why one could not be planned by its deadline.

Plain computations on the solved instance (routing dataclasses in, JSON-ready dicts out), written
for a planner: travel minutes, slack to the deadline, the alternatives that were considered and
why they were not chosen; for an unplanned or late request the earliest start anybody could make.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fmek.clock import AMSTERDAM
from routing.allocation import Doctor, Instance, Point, Request, Result, travel_minutes

MAX_ALTERNATIVES = 5


def local_time(moment: datetime) -> str:
    """Europe/Amsterdam time with offset, to the minute: what a planner reads."""
    return moment.astimezone(AMSTERDAM).isoformat(timespec="minutes")


@dataclass(frozen=True)
class Placed:
    doctor: str
    start: datetime
    end: datetime
    location: Point


class PlanReader:
    """The solved plan indexed for explanations."""

    def __init__(self, instance: Instance, result: Result, names: Mapping[str, str]) -> None:
        self.instance = instance
        self.names = names
        self.requests = {r.id: r for r in instance.requests}
        self.doctors = {d.id: d for d in instance.doctors}
        self.placed: dict[str, Placed] = {}
        self.by_doctor: dict[str, list[Placed]] = {}
        self.solver_notes = {a.request: dict(a.explanation) for a in result.assignments}
        self.solver_notes.update(
            {u.request: {"reason": u.reason, **u.explanation} for u in result.unassigned}
        )
        for a in result.assignments:
            r = self.requests[a.request]
            p = Placed(a.doctor, a.start, a.start + timedelta(minutes=r.duration_min), r.location)
            self.placed[a.request] = p
            self.by_doctor.setdefault(a.doctor, []).append(p)
        for items in self.by_doctor.values():
            items.sort(key=lambda p: p.start)

    # --- basic facts --------------------------------------------------------------------

    def travel(self, a: Point, b: Point) -> int:
        return travel_minutes(a, b, self.instance.travel)

    def qualified(self, r: Request) -> list[Doctor]:
        return [
            d
            for d in self.instance.doctors
            if r.required_qualifications <= d.qualifications and d.id not in r.excluded_doctors
        ]

    def earliest_alone(self, r: Request, d: Doctor) -> datetime | None:
        """The earliest start `d` could make for `r` if the doctor had nothing else to do."""
        best: datetime | None = None
        floor = max(r.release, self.instance.now)
        for s in d.shifts:
            start = max(floor, s.start + timedelta(minutes=self.travel(d.base, r.location)))
            if start + timedelta(minutes=r.duration_min) <= s.end and (
                best is None or start < best
            ):
                best = start
        return best

    def busy_until(self, d: Doctor, r: Request, start: datetime) -> datetime:
        """The first moment from `start` on at which `d`'s planned work leaves room for `r`."""
        need = timedelta(minutes=r.duration_min)
        t = start
        for p in self.by_doctor.get(d.id, []):
            gap = timedelta(minutes=self.travel(p.location, r.location))
            if p.start < t + need + gap and p.end + gap > t:
                t = p.end + gap
        return t

    def travel_to(self, request_id: str) -> int:
        """Minutes driven to reach the examination: from the previous one or from base."""
        p = self.placed[request_id]
        d = self.doctors[p.doctor]
        shift = next((s for s in d.shifts if s.start <= p.start < s.end), None)
        before = [
            q
            for q in self.by_doctor.get(p.doctor, [])
            if q.end <= p.start and (shift is None or q.start >= shift.start)
        ]
        origin = before[-1].location if before else d.base
        return self.travel(origin, p.location)

    def name(self, doctor_id: str) -> str:
        return self.names.get(doctor_id, doctor_id)

    # --- explanations -------------------------------------------------------------------

    def assignment(self, request_id: str) -> dict[str, Any]:
        r = self.requests[request_id]
        p = self.placed[request_id]
        travel = self.travel_to(request_id)
        slack = int((r.deadline - p.start).total_seconds() // 60)
        alternatives = []
        for d in self.qualified(r):
            if d.id == p.doctor:
                continue
            alternatives.append(self._alternative(r, d))
        alternatives.sort(key=lambda a: (a["earliest_start"] is None, a["earliest_start"] or ""))
        when = "before" if slack >= 0 else "after"
        summary = (
            f"{self.name(p.doctor)}: {travel} min travel, starts {local_time(p.start)}, "
            f"{abs(slack)} min {when} the deadline; {len(alternatives)} other qualified "
            "doctor(s) considered"
        )
        return {
            "summary": summary,
            "travel_min": travel,
            "slack_min": slack,
            "on_time": slack >= 0,
            "alternatives_considered": len(alternatives),
            "alternatives": alternatives[:MAX_ALTERNATIVES],
            "solver": self.solver_notes.get(request_id, {}),
        }

    def _alternative(self, r: Request, d: Doctor) -> dict[str, Any]:
        alone = self.earliest_alone(r, d)
        travel = self.travel(d.base, r.location)
        entry: dict[str, Any] = {
            "doctor": self.name(d.id),
            "doctor_ref": d.id,
            "travel_min": travel,
            "earliest_start": local_time(alone) if alone else None,
        }
        if alone is None:
            entry["why_not"] = "not on shift long enough for this examination"
        elif alone > r.deadline:
            entry["why_not"] = f"on shift only from {local_time(alone)}, after the deadline"
        else:
            free = self.busy_until(d, r, alone)
            if free > r.deadline:
                entry["why_not"] = f"busy until {local_time(free)}, past the deadline"
            elif free > alone:
                entry["why_not"] = (
                    f"busy until {local_time(free)}; the chosen plan is better overall"
                )
            else:
                entry["why_not"] = "free, but the chosen doctor gives a better plan overall"
        return entry

    def unplanned(self, request_id: str, region: str) -> dict[str, Any]:
        """Why nobody can start `request_id` by its deadline; names the earliest possible start."""
        return {
            **self._unplanned(request_id, region),
            "solver": self.solver_notes.get(request_id, {}),
        }

    def _unplanned(self, request_id: str, region: str) -> dict[str, Any]:
        r = self.requests[request_id]
        qualified = self.qualified(r)
        late = self.placed.get(request_id)
        if not qualified:
            needs = ", ".join(sorted(r.required_qualifications)) or "-"
            summary = (
                f"every doctor of {region} or neighbouring regions who holds {needs} declined it"
                if r.excluded_doctors
                and any(
                    r.required_qualifications <= d.qualifications for d in self.instance.doctors
                )
                else f"no doctor of {region} or neighbouring regions holds: {needs}"
            )
            return {
                "reason": "no_qualified_doctor",
                "summary": summary,
                "earliest_start": None,
                "qualified_doctors": 0,
            }
        starts = {d.id: self.earliest_alone(r, d) for d in qualified}
        in_time = [d for d in qualified if (s := starts[d.id]) is not None and s <= r.deadline]
        candidates = [s for s in starts.values() if s is not None]
        if late is not None:
            earliest: datetime | None = late.start
        elif in_time:
            earliest = min(self.busy_until(d, r, starts[d.id]) for d in in_time)  # type: ignore[arg-type]  # in_time: start known
        else:
            earliest = min(candidates) if candidates else None
        if not in_time:
            return {
                "reason": "none_on_shift_before_deadline",
                "summary": f"nobody qualified on shift before the deadline {local_time(r.deadline)}",
                "earliest_start": local_time(earliest) if earliest else None,
                "qualified_doctors": len(qualified),
            }
        busy = min(self.busy_until(d, r, starts[d.id]) for d in in_time)  # type: ignore[arg-type]  # in_time: start known
        return {
            "reason": "all_qualified_busy",
            "summary": f"all qualified doctors on shift are busy until {local_time(busy)}",
            "busy_until": local_time(busy),
            "earliest_start": local_time(earliest) if earliest else None,
            "qualified_doctors": len(qualified),
        }
