"""How evenly the burden is spread: nights, weekends, on-call days and hours per doctor.

Fair means proportional to what a doctor can give: contract hours times the share of the
horizon they are not on leave (`capacity_weight`). Spreads are computed per component (doctors
who could swap positions at all); comparing doctors of unconnected regions says nothing about
the roster. The headline figure, "night spread", is max - min nights among full-time doctors
(contract >= 36 h) without leave in the same component, worst component. Doctors who prefer
no nights are left out of the night and on-call figures: honouring that preference is not unfairness.
The solver optimises these headline figures as defined here (`is_full_time`, `counts_towards`;
`cpsat.RosterModel.headline_spread_penalty`), not only proportional shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from routing.roster import facts
from routing.roster.decompose import group_of
from routing.roster.model import (
    FULL_TIME_HOURS,
    Assignment,
    DoctorSpec,
    RosterProblem,
)


@dataclass(frozen=True)
class DoctorStats:
    doctor_id: str
    group: int
    contract_hours: float
    availability: float
    nights: int
    weekends: int
    on_call_days: int
    hours: float
    no_nights: bool = False
    employment: str = "employed"

    @property
    def fte(self) -> float:
        return self.contract_hours / FULL_TIME_HOURS * self.availability

    @property
    def full_time_without_leave(self) -> bool:
        return is_full_time(self.contract_hours, self.availability)


@dataclass(frozen=True)
class FairnessSummary:
    night_spread: float  # full-time doctors, worst component
    weekend_spread: float
    on_call_spread: float
    night_deviation: float  # max |nights - proportional target| over all doctors
    hours_deviation: float  # max |hours - proportional target| over all doctors


def is_full_time(contract_hours: float, availability: float) -> bool:
    """Who the headline spreads compare: full contract and not a day of leave in the horizon."""
    return contract_hours >= FULL_TIME_HOURS and availability >= 1.0


def counts_towards(attribute: str, no_nights: bool) -> bool:
    """Doctors who prefer no nights have no share of nights and on-call days (mostly nights)."""
    return not (attribute in ("nights", "on_call_days") and no_nights)


def capacity_weight(doctor: DoctorSpec, days: Iterable[date], tz: ZoneInfo) -> float:
    """What a doctor can give over the horizon: contract hours x share of days not on leave."""
    return doctor.contract_hours * facts.availability(doctor, days, tz)


def doctor_stats(problem: RosterProblem, assignments: Iterable[Assignment]) -> list[DoctorStats]:
    tz = ZoneInfo(problem.timezone)
    days = facts.horizon_days(problem.positions, tz)
    positions = {p.id: p for p in problem.positions}
    own = defaultdict(list)
    for a in assignments:
        if a.doctor_id is not None and a.position_id in positions:
            own[a.doctor_id].append(positions[a.position_id])
    groups = group_of(problem)
    stats = []
    for doctor in problem.doctors:
        mine = own[doctor.id]
        stats.append(
            DoctorStats(
                doctor_id=doctor.id,
                group=groups[doctor.id],
                contract_hours=doctor.contract_hours,
                availability=facts.availability(doctor, days, tz),
                nights=sum(1 for p in mine if facts.is_late_night(p, problem.rules, tz)),
                weekends=sum(1 for p in mine if facts.is_weekend_holiday(p, tz)),
                on_call_days=len({facts.local_date(p, tz) for p in mine if p.kind == "on_call"}),
                hours=sum(facts.rostered_hours(p, problem.rules) for p in mine),
                no_nights=doctor.no_nights,
                employment=doctor.employment,
            )
        )
    return stats


def _counts(s: DoctorStats, attribute: str) -> bool:
    return counts_towards(attribute, s.no_nights)


def _worst_spread(stats: Sequence[DoctorStats], attribute: str) -> float:
    """Employed and hired doctors are compared among themselves, not with each other."""
    by_group: dict[tuple[int, str], list[float]] = defaultdict(list)
    for s in stats:
        if s.full_time_without_leave and _counts(s, attribute):
            by_group[(s.group, s.employment)].append(float(getattr(s, attribute)))
    spreads = [max(v) - min(v) for v in by_group.values() if len(v) >= 2]
    return max(spreads, default=0.0)


def _worst_deviation(stats: Sequence[DoctorStats], attribute: str) -> float:
    by_group: dict[int, list[DoctorStats]] = defaultdict(list)
    for s in stats:
        if _counts(s, attribute):
            by_group[s.group].append(s)
    worst = 0.0
    for members in by_group.values():
        weight = sum(s.fte for s in members)
        total = sum(float(getattr(s, attribute)) for s in members)
        if weight <= 0:
            continue
        for s in members:
            worst = max(worst, abs(float(getattr(s, attribute)) - total * s.fte / weight))
    return worst


def summarise(problem: RosterProblem, assignments: Iterable[Assignment]) -> FairnessSummary:
    stats = doctor_stats(problem, assignments)
    return FairnessSummary(
        night_spread=_worst_spread(stats, "nights"),
        weekend_spread=_worst_spread(stats, "weekends"),
        on_call_spread=_worst_spread(stats, "on_call_days"),
        night_deviation=_worst_deviation(stats, "nights"),
        hours_deviation=_worst_deviation(stats, "hours"),
    )
