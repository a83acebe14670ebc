"""Inputs and outputs of roster generation: frozen dataclasses with plain values.

Domain model (decisions of this module, documented once here):

- A *shift template* yields, on every day it applies to, one slot with two positions: the
  primary (who goes out; needs `child_forensic` by default) and the *achterwacht* (back-up).
- Kinds: ``"day"`` is a worked examination shift; ``"night"`` a worked night shift;
  ``"on_call"`` is *consignatie*: availability, not working time. Default templates: day
  08:00-17:00 on working days, consignatie 17:00-08:00 every day, and a weekend/holiday day
  consignatie 08:00-17:00 that replaces the examination shift on Saturdays, Sundays and the
  general holidays of the Atw.
- Arbeidstijdenwet (Atw/Atb) as read here: call-outs do not interrupt daily or weekly rest,
  so rest rules apply to worked positions only; *worked hours* count day and night shifts in
  full and a consignatie at its pool's expected call-out fraction (`RosterProblem.call_out`,
  default `WorkingTimeRules.on_call_work_fraction`). Worked hours are what the 60 h week, the
  13 h per 24 h and the 4- and 16-week averages limit. *Rostered hours* (contract, fairness)
  count on-call availability at `on_call_hours_factor`.
- 14 x 24 h free of consignatie per 28 x 24 h is read in **calendar days**: in any 28
  consecutive local dates at least 14 dates on which no consignatie falls (a night 17:00-08:00
  touches two dates). That is the stricter reading: 14 free dates are 14 disjoint free 24 h
  blocks.
- 2 x 48 h free of work and consignatie per 4 weeks: in every 28 consecutive local dates
  that lie wholly inside the known period (history plus horizon), two disjoint free 48 h
  stretches.
- Weekly rest: every 7 x 24 h window from a local midnight holds 36 h without worked time, or
  else every 14 x 24 h window holds 72 h in stretches of at least 32 h.
- Averages use ISO weeks (local time) attributed by position start: 4 consecutive weeks at
  most 4 x 55 h, 16 consecutive weeks at most 16 x 48 h; with at least 16 on-call periods
  covering 00:00-06:00 in 16 weeks at most 16 x 40 h.
- Rules over more than the horizon read `RosterProblem.history` (the stored earlier roster):
  windows that reach before the horizon count those positions; windows that reach beyond the
  horizon end count only what is known (so "at most" limits are checked on every window that
  touches the horizon, "at least free" rules on windows wholly known).
- Doctors are `employed` or `hired` (inhuur, ZZP): the Atw binds the employed; for hired
  doctors the same limits apply as a safety policy (`hired_safety_policy`, default on).
- Opt-in local policies (not law) are `policy_*` parameters, off by default.
- Regions may share positions through a `CoveragePool` (one shared on-call line): a position
  whose `pool` is a pool code may be taken by doctors of every member region; a position whose
  `pool` is a plain region code only by that region's doctors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Literal

Kind = Literal["day", "night", "on_call"]
Employment = Literal["employed", "hired"]
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
    employment: Employment = "employed"
    agency: str | None = None  # the agency a hired doctor comes through
    # Kwaliteitseisen: the last date the BIG registration / a qualification is valid
    # (None: no known end). A lapsed one disqualifies for positions after that date.
    big_valid_until: date | None = None
    qualification_until: tuple[tuple[str, date], ...] = ()

    def qualified_for(self, position: Position) -> frozenset[str]:
        """The qualifications this doctor still holds on the position's last day."""
        last_day = position.end.date()
        until = dict(self.qualification_until)
        return frozenset(q for q in self.qualifications if until.get(q, last_day) >= last_day)

    def registered_for(self, position: Position) -> bool:
        """BIG registration valid through the position's last day."""
        return self.big_valid_until is None or self.big_valid_until >= position.end.date()


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
    """Atw / Atb limits as named parameters (defaults from the domain brief).

    A count or limit of 0 (or None) switches that rule off; `previous_model()` gives the
    rules before consignatie was modelled as availability, for comparison.
    """

    # shift lengths
    max_shift_hours: float = 12.0  # worked day shifts
    max_night_shift_hours: float = 10.0
    max_long_night_shift_hours: float = 12.0  # allowed up to max_long_nights_per_2_weeks
    max_long_nights_per_2_weeks: int = 5
    max_on_call_shift_hours: float = 24.0  # consignatie availability per shift
    # rest between worked positions
    min_daily_rest_hours: float = 11.0
    rest_after_late_night_hours: float = 14.0
    late_night_hour: int = 2  # a worked shift that "ends after 02:00"
    # worked night shifts
    max_nights_per_16_weeks: int = 36
    night_series_length: int = 3
    rest_after_night_series_hours: float = 46.0
    # consignatie
    no_on_call_before_night_hours: float = 11.0
    no_on_call_after_night_hours: float = 14.0
    free_periods_per_4_weeks: int = 2  # free of work and consignatie
    free_period_hours: float = 48.0
    min_on_call_free_days_per_28: int = 14
    max_work_per_24h_on_call: float = 13.0
    # With this many on-call periods over 00:00-06:00 in 16 weeks the average is capped at
    # 40 h; the Atb allows 45 h with 8 h uninterrupted rest after the last call-out, but
    # call-outs are not known when rostering, so the stricter 40 h applies.
    night_call_out_periods: int = 16
    max_avg_week_hours_night_call_outs: float = 40.0
    on_call_work_fraction: float = 0.25  # expected call-out work, when the pool has none
    # weekly rest and hours
    min_weekly_rest_hours: float = 36.0  # per 7 x 24 h, or ...
    min_fortnight_rest_hours: float = 72.0  # ... per 14 x 24 h in parts of at least:
    min_fortnight_rest_part_hours: float = 32.0
    max_week_hours: float = 60.0
    max_avg_week_hours_4_weeks: float = 55.0
    max_avg_week_hours_16_weeks: float = 48.0
    # employment
    hired_safety_policy: bool = True  # the same limits for hired (ZZP) doctors
    # local policy, not law (opt-in)
    policy_no_consecutive_on_call_nights: bool = False
    # the previous model, kept for comparison in the benchmark
    on_call_is_work: bool = False
    max_on_call_days_per_4_weeks: int = 0  # on-call start dates per 28 days (0: off)
    # contract and fairness
    on_call_hours_factor: float = 1.0
    max_contract_factor: float = 1.25  # soft: average week hours vs contract

    @classmethod
    def previous_model(cls) -> WorkingTimeRules:
        """Consignatie treated as worked time (rest after it, 60 h week in full), 14 on-call
        days per 4 weeks, none of the consignatie, night-series or average rules."""
        return cls(
            on_call_is_work=True,
            on_call_work_fraction=0.5,
            max_on_call_days_per_4_weeks=14,
            max_nights_per_16_weeks=0,
            max_long_nights_per_2_weeks=0,
            night_series_length=0,
            no_on_call_before_night_hours=0.0,
            no_on_call_after_night_hours=0.0,
            free_periods_per_4_weeks=0,
            min_on_call_free_days_per_28=0,
            night_call_out_periods=0,
            min_weekly_rest_hours=0.0,
            max_avg_week_hours_4_weeks=0.0,
            max_avg_week_hours_16_weeks=0.0,
        )


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
    isolated_on_call_night: int = 40


@dataclass(frozen=True)
class RosterProblem:
    positions: tuple[Position, ...]
    doctors: tuple[DoctorSpec, ...]
    pins: tuple[Pin, ...] = ()
    rules: WorkingTimeRules = field(default_factory=WorkingTimeRules)
    weights: SoftWeights = field(default_factory=SoftWeights)
    pools: tuple[CoveragePool, ...] = ()
    timezone: str = "Europe/Amsterdam"
    # Carry-over: positions of the stored earlier roster with the doctor who had them (not
    # to be filled again; read by the rules longer than the horizon).
    history: tuple[tuple[Position, str], ...] = ()
    # Expected call-out work per pool or region (share of on-call hours), from its history.
    call_out: tuple[tuple[str, float], ...] = ()

    def call_out_fraction(self, pool: str) -> float:
        return dict(self.call_out).get(pool, self.rules.on_call_work_fraction)

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
