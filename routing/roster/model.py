"""Inputs and outputs of roster generation: frozen dataclasses with plain values.

Domain model (decisions of this module, documented once here):

- A *shift template* yields, on every day it applies to, one slot with two positions: the
  primary (who goes out; needs `child_forensic` by default) and the *achterwacht* (back-up).
- Kinds: ``"day"`` is a worked examination shift; ``"on_call"`` is *consignatie*: being
  reachable and called out. Default templates: day 08:00-17:00 on working days, consignatie
  17:00-08:00 every day, and a weekend/holiday day consignatie 08:00-17:00 that replaces the
  examination shift on Saturdays, Sundays and the general holidays of the Atw.
- Rest rules treat every position alike, on-call included: a doctor who did the on-call night
  17:00-08:00 does not do the day shift after it, and on-call shifts are not chained.
- A *night* is a position that runs past a local 02:00; after a night the rest is
  `rest_after_late_night_hours` (14 h) instead of `min_daily_rest_hours` (11 h).
- *Rostered hours* (for the 60 h week and the contract) count on-call availability at
  `on_call_hours_factor` (1.0: blocked time counts in full, the conservative reading).
  *Planned work* (for "at most 13 h of work per 24 h" under consignatie) counts day shifts in
  full and on-call time at `on_call_work_fraction`, the planning assumption of how much of an
  on-call shift is call-out work; windows start at each position start and count every
  position that starts inside the window in full.
- *On-call days* are the distinct local dates on which a doctor starts an on-call position;
  any 28 consecutive days hold at most `max_on_call_days_per_4_weeks`. Days before the roster
  horizon are not known here and not counted.
- Weekly hours are attributed to the ISO week (local time) in which a position starts.
- Regions may share positions through a `CoveragePool` (one shared on-call line): a position
  whose `pool` is a pool code may be taken by doctors of every member region; a position whose
  `pool` is a plain region code only by that region's doctors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from typing import Literal

Kind = Literal["day", "on_call"]
Role = Literal["primary", "backup"]
AppliesOn = Literal["weekday", "weekend_holiday", "all"]
Severity = Literal["hard", "soft", "gap"]

CHILD_FORENSIC = "child_forensic"
FULL_TIME_HOURS = 36.0


@dataclass(frozen=True)
class ShiftTemplate:
    """A recurring shift; `end` earlier than or equal to `start` means it ends the next day."""

    name: str
    kind: Kind
    start: time
    end: time
    applies_on: AppliesOn
    primary_qualifications: frozenset[str] = frozenset({CHILD_FORENSIC})
    backup_qualifications: frozenset[str] = frozenset()


def default_templates() -> tuple[ShiftTemplate, ...]:
    """Examination day on working days, consignatie every night, day consignatie otherwise."""
    return (
        ShiftTemplate("dag", "day", time(8), time(17), "weekday"),
        ShiftTemplate("consignatie", "on_call", time(17), time(8), "all"),
        ShiftTemplate("weekend_dag", "on_call", time(8), time(17), "weekend_holiday"),
    )


@dataclass(frozen=True)
class Position:
    """One seat to fill: a role in one shift instance of one pool or region."""

    id: str
    pool: str
    start: datetime
    end: datetime
    kind: Kind
    role: Role
    required_qualifications: frozenset[str] = frozenset()
    template: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"position {self.id}: start and end must be timezone-aware")
        # Keep the local offset but as a fixed offset: Python subtracts datetimes that share
        # one ZoneInfo as wall times, which is an hour off across a DST change.
        object.__setattr__(self, "start", _fixed_offset(self.start))
        object.__setattr__(self, "end", _fixed_offset(self.end))
        if self.end <= self.start:
            raise ValueError(f"position {self.id}: end must be after start")

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0


def _fixed_offset(moment: datetime) -> datetime:
    offset = moment.utcoffset()
    assert offset is not None
    return moment.astimezone(timezone(offset))


@dataclass(frozen=True)
class DoctorSpec:
    """A forensic doctor as the roster sees them; `unavailable` holds leave intervals."""

    id: str
    name: str
    region: str
    qualifications: frozenset[str]
    contract_hours: float
    unavailable: tuple[tuple[datetime, datetime], ...] = ()
    no_nights: bool = False
    preferred_weekdays: frozenset[int] = frozenset()  # 0 = Monday; empty = no preference
    big_number: str | None = None


@dataclass(frozen=True)
class Pin:
    """A planner's fixed choice: this doctor takes this position."""

    position_id: str
    doctor_id: str


@dataclass(frozen=True)
class CoveragePool:
    """Regions that share positions (e.g. one on-call line for Gooi, Flevoland and Utrecht)."""

    code: str
    regions: frozenset[str]


@dataclass(frozen=True)
class WorkingTimeRules:
    """Arbeidstijdenwet limits as parameters (defaults from the domain brief)."""

    max_shift_hours: float = 12.0  # worked (day) shifts
    max_on_call_shift_hours: float = 24.0  # consignatie availability per shift
    min_daily_rest_hours: float = 11.0
    rest_after_late_night_hours: float = 14.0
    late_night_hour: int = 2  # a night "ends after 02:00"
    max_on_call_days_per_4_weeks: int = 14
    max_week_hours: float = 60.0
    max_work_per_24h_on_call: float = 13.0
    on_call_hours_factor: float = 1.0
    on_call_work_fraction: float = 0.5
    max_contract_factor: float = 1.25  # soft: average week hours vs contract


@dataclass(frozen=True)
class SoftWeights:
    """Objective weights; coverage dominates everything else by construction."""

    unfilled_primary: int = 1_000_000
    unfilled_backup: int = 500_000
    night_spread: int = 30
    # The headline figures as `fairness.summarise` measures them (max - min among full-time
    # doctors without leave), per count beyond `full_time_allowance`: far above every other
    # fairness term, far below one unfilled position.
    full_time_night_spread: int = 20_000
    full_time_weekend_spread: int = 2_000
    full_time_allowance: int = 1
    weekend_spread: int = 15
    on_call_spread: int = 10
    hours_spread: int = 3
    fairness_deviation: int = 2  # per unit of summed |deviation| from proportional targets
    band_factor: int = 2  # x spread weight, per unit a doctor is beyond half a shift off target
    max_min_factor: int = 1  # x spread weight, per unit of (max - min) deviation
    over_contract_hour: int = 20
    no_nights_pref: int = 300
    non_preferred_day: int = 60
    isolated_shift: int = 40


@dataclass(frozen=True)
class RosterProblem:
    positions: tuple[Position, ...]
    doctors: tuple[DoctorSpec, ...]
    pins: tuple[Pin, ...] = ()
    rules: WorkingTimeRules = field(default_factory=WorkingTimeRules)
    weights: SoftWeights = field(default_factory=SoftWeights)
    pools: tuple[CoveragePool, ...] = ()
    timezone: str = "Europe/Amsterdam"

    def pool_regions(self) -> Mapping[str, frozenset[str]]:
        """Pool or region code -> the regions whose doctors may take its positions."""
        members = {pool.code: pool.regions for pool in self.pools}
        for position in self.positions:
            members.setdefault(position.pool, frozenset({position.pool}))
        return members


@dataclass(frozen=True)
class Assignment:
    position_id: str
    doctor_id: str | None


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    position_id: str | None = None
    doctor_id: str | None = None
    severity: Severity = "hard"


@dataclass(frozen=True)
class RosterResult:
    assignments: tuple[Assignment, ...]
    unfilled: tuple[tuple[str, str], ...]  # (position_id, "reason_code: explanation")
    status: str
    objective: float
    solve_seconds: float
    violations: tuple[Violation, ...]
