"""The CP-SAT model of one independent roster subproblem: data -> variables -> constraints.

One function per rule. Hard rules become constraints; soft rules add penalty terms with a
named weight from `SoftWeights`. Variables exist only for feasible (position, doctor) pairs:
in the pool, qualified, not on leave, shift not too long. Pins are fixed to 1 even when they
break a rule, and every constraint is relaxed just enough to admit the pins (pairs of pins are
never forbidden, capacities are at least the pinned load), so the model is always feasible and
`verify()` reports what a bad pin breaks.

Units: hours in tenths (integers); fairness deviations in hundredths of a shift for counts and
in tenths of an hour for hours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from routing.roster import facts
from routing.roster.fairness import capacity_weight, counts_towards, is_full_time
from routing.roster.model import Position, RosterProblem

Key = tuple[str, str]  # (position id, doctor id)
COUNT_SCALE = 100
NIGHTLY = (0, 2)  # the night and on-call categories: mostly nights
HOURS_BAND = 75  # tenths: within 7.5 h of the fair share counts as even for hours


def tenths(hours: float) -> int:
    return round(hours * 10)


class RosterModel:
    """Builds the model for one subproblem; `x[(position_id, doctor_id)]` are the decisions."""

    def __init__(self, problem: RosterProblem) -> None:
        self.problem = problem
        self.rules = problem.rules
        self.weights = problem.weights
        self.tz = ZoneInfo(problem.timezone)
        self.model = cp_model.CpModel()
        self.positions = sorted(problem.positions, key=lambda p: (p.start, p.id))
        self.doctors = {d.id: d for d in problem.doctors}
        self.days = facts.horizon_days(self.positions, self.tz)
        self.pinned: dict[str, str] = {}
        for pin in problem.pins:
            if pin.doctor_id in self.doctors:
                self.pinned.setdefault(pin.position_id, pin.doctor_id)
        self.x: dict[Key, cp_model.IntVar] = {}
        self.by_doctor: dict[str, list[Position]] = defaultdict(list)
        self.by_position: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        self.penalties: list[tuple[int, cp_model.LinearExprT]] = []
        self.exclusive: set[tuple[str, str, str]] = set()  # (doctor, earlier, later position)
        self.constant_cost = 0
        # Read by the solver's early stop: headline spread beyond its allowance, per figure
        # ("nights", "weekends"), and the number of positions filled.
        self.excess: dict[str, cp_model.IntVar] = {}
        self.filled = self.model.new_int_var(0, len(self.positions), "filled")
        self.late = {p.id: facts.is_late_night(p, self.rules, self.tz) for p in self.positions}
        self.weekend = {p.id: facts.is_weekend_holiday(p, self.tz) for p in self.positions}
        self.day_of = {p.id: facts.local_date(p, self.tz) for p in self.positions}

    def build(self) -> RosterModel:
        self.add_variables()
        self.one_doctor_per_position()
        self.keep_pins()
        self.no_overlap_and_rest()
        self.max_week_hours()
        self.max_work_per_24h()
        self.max_on_call_days()
        self.coverage_penalty()
        self.fairness_penalty()
        self.headline_spread_penalty()
        self.over_contract_penalty()
        self.preference_penalty()
        self.isolated_shift_penalty()
        self.model.minimize(sum(weight * term for weight, term in self.penalties))
        return self

    # -- helpers -------------------------------------------------------------------------
    def _is_pinned(self, position: Position, doctor_id: str) -> bool:
        return self.pinned.get(position.id) == doctor_id

    def _pinned_sum(self, doctor_id: str, items: Iterable[tuple[Position, int]]) -> int:
        return sum(value for p, value in items if self._is_pinned(p, doctor_id))

    def _capped(self, doctor_id: str, items: Sequence[tuple[Position, int]], cap: int) -> None:
        """sum(value * x) <= cap, raised to the pinned load if the pins alone exceed it."""
        if sum(value for _, value in items) <= cap:
            return
        rhs = max(cap, self._pinned_sum(doctor_id, items))
        self.model.add(sum(value * self.x[(p.id, doctor_id)] for p, value in items) <= rhs)

    # -- variables and hard rules --------------------------------------------------------
    def add_variables(self) -> None:
        """Only feasible pairs: pool member, qualified, not on leave, shift within limits."""
        pool_regions = self.problem.pool_regions()
        for p in self.positions:
            regions = pool_regions.get(p.pool, frozenset({p.pool}))
            for doctor in self.doctors.values():
                feasible = (
                    doctor.region in regions
                    and p.required_qualifications <= doctor.qualifications
                    and not facts.on_leave(doctor, p)
                    and not facts.too_long(p, self.rules)
                )
                if feasible or self._is_pinned(p, doctor.id):
                    var = self.model.new_bool_var(f"x[{p.id},{doctor.id}]")
                    self.x[(p.id, doctor.id)] = var
                    self.by_doctor[doctor.id].append(p)
                    self.by_position[p.id].append(var)

    def one_doctor_per_position(self) -> None:
        for variables in self.by_position.values():
            self.model.add_at_most_one(variables)
        self.model.add(self.filled == sum(self.x.values()))

    def keep_pins(self) -> None:
        for position_id, doctor_id in self.pinned.items():
            if (position_id, doctor_id) in self.x:
                self.model.add(self.x[(position_id, doctor_id)] == 1)

    def no_overlap_and_rest(self) -> None:
        """One position at a time; 11 h rest after a position, 14 h after a late night."""
        for doctor_id, own in self.by_doctor.items():
            for i, p in enumerate(own):
                free_from = p.end + facts.rest_after(p, self.rules, self.tz)
                for q in own[i + 1 :]:
                    if q.start >= free_from:
                        break
                    if self._is_pinned(p, doctor_id) and self._is_pinned(q, doctor_id):
                        continue
                    self.exclusive.add((doctor_id, p.id, q.id))
                    self.model.add_bool_or(
                        [self.x[(p.id, doctor_id)].Not(), self.x[(q.id, doctor_id)].Not()]
                    )

    def max_week_hours(self) -> None:
        cap = tenths(self.rules.max_week_hours)
        for doctor_id, own in self.by_doctor.items():
            weeks: dict[tuple[int, int], list[tuple[Position, int]]] = defaultdict(list)
            for p in own:
                weeks[facts.iso_week(p, self.tz)].append(
                    (p, tenths(facts.rostered_hours(p, self.rules)))
                )
            for items in weeks.values():
                self._capped(doctor_id, items, cap)

    def max_work_per_24h(self) -> None:
        """Consignatie: at most 13 h planned work in the 24 h from any position start."""
        cap = tenths(self.rules.max_work_per_24h_on_call)
        for doctor_id, own in self.by_doctor.items():
            for i, p in enumerate(own):
                until = p.start + timedelta(hours=24)
                items = [
                    (q, tenths(facts.planned_work_hours(q, self.rules)))
                    for q in own[i:]
                    if q.start < until
                ]
                self._capped(doctor_id, items, cap)

    def max_on_call_days(self) -> None:
        """At most N on-call days in any 28 days (counting on-call positions per start date)."""
        cap = self.rules.max_on_call_days_per_4_weeks
        for doctor_id, own in self.by_doctor.items():
            on_call = [p for p in own if p.kind == "on_call"]
            starts = sorted({self.day_of[p.id] for p in on_call})
            for first in starts:
                items = [
                    (p, 1)
                    for p in on_call
                    if first <= self.day_of[p.id] < first + timedelta(days=28)
                ]
                self._capped(doctor_id, items, cap)

    # -- soft rules ----------------------------------------------------------------------
    def coverage_penalty(self) -> None:
        """Dominant: every unfilled position costs more than all other penalties together."""
        for p in self.positions:
            weight = (
                self.weights.unfilled_primary
                if p.role == "primary"
                else self.weights.unfilled_backup
            )
            variables = self.by_position.get(p.id, [])
            if variables:
                self.penalties.append((weight, 1 - sum(variables)))
            else:
                self.constant_cost += weight

    def headline_spread_penalty(self) -> None:
        """The headline figures themselves, exactly as `fairness.summarise` measures them.

        The proportional terms of `fairness_penalty` aim 40 h doctors at more nights than
        36 h ones, which can leave max - min nights among full-time doctors at 2 although 1 is
        possible. So max - min over those doctors (contract >= 36 h, no leave day in the
        horizon; no-nights doctors left out of nights) beyond `full_time_allowance` costs
        heavily: soft, so pins or scarce doctors never make the model infeasible.
        """
        categories: list[tuple[str, int, Callable[[Position], bool]]] = [
            ("nights", self.weights.full_time_night_spread, lambda p: self.late[p.id]),
            ("weekends", self.weights.full_time_weekend_spread, lambda p: self.weekend[p.id]),
        ]
        full_time = [
            doctor
            for doctor in self.doctors.values()
            if is_full_time(doctor.contract_hours, facts.availability(doctor, self.days, self.tz))
        ]
        for attribute, weight, counted in categories:
            members = [d.id for d in full_time if counts_towards(attribute, d.no_nights)]
            if weight == 0 or len(members) < 2:
                continue
            loads = {
                d: [self.x[(p.id, d)] for p in self.by_doctor[d] if counted(p)] for d in members
            }
            bound = max(len(v) for v in loads.values())
            high = self.model.new_int_var(0, bound, f"ft_high[{attribute}]")
            low = self.model.new_int_var(0, bound, f"ft_low[{attribute}]")
            for variables in loads.values():
                self.model.add(high >= sum(variables))
                self.model.add(low <= sum(variables))
            excess = self.model.new_int_var(0, bound, f"ft_excess[{attribute}]")
            self.model.add(excess >= high - low - self.weights.full_time_allowance)
            self.excess[attribute] = excess
            self.penalties.append((weight, excess))

    def fairness_penalty(self) -> None:
        """Spread (max - min) and summed |deviation| from contract-proportional targets.

        Plus a steeper cost for every doctor further than half a shift from their fair share:
        that is what makes doctors with equal contracts end up with equal counts, which the
        spread alone does not (part-timers' rounding already sets the spread's floor).
        Doctors who prefer no nights have no share of nights and on-call days (on-call is
        mostly nights): the others share them.
        """
        half = COUNT_SCALE // 2
        categories: list[tuple[int, int, int, Callable[[Position], int]]] = [
            (self.weights.night_spread, COUNT_SCALE, half, lambda p: int(self.late[p.id])),
            (self.weights.weekend_spread, COUNT_SCALE, half, lambda p: int(self.weekend[p.id])),
            (self.weights.on_call_spread, COUNT_SCALE, half, lambda p: int(p.kind == "on_call")),
            (
                self.weights.hours_spread,
                1,
                HOURS_BAND,
                lambda p: tenths(facts.rostered_hours(p, self.rules)),
            ),
        ]
        capacity = {
            d: capacity_weight(doctor, self.days, self.tz) for d, doctor in self.doctors.items()
        }
        fillable = [p for p in self.positions if self.by_position.get(p.id)]
        for index, (spread_weight, scale, band, value) in enumerate(categories):
            weight_of = {
                d: 0.0 if index in NIGHTLY and self.doctors[d].no_nights else capacity[d]
                for d in self.doctors
            }
            total_weight = sum(weight_of.values())
            total = sum(value(p) for p in fillable)
            if total == 0 or total_weight <= 0 or spread_weight == 0:
                continue
            bound = scale * total
            high = self.model.new_int_var(-bound, bound, "dev_high")
            low = self.model.new_int_var(-bound, bound, "dev_low")
            for doctor_id in self.doctors:
                target = round(scale * total * weight_of[doctor_id] / total_weight)
                load = sum(
                    scale * value(p) * self.x[(p.id, doctor_id)]
                    for p in self.by_doctor[doctor_id]
                    if value(p)
                )
                deviation = self.model.new_int_var(-bound, bound, "dev")
                self.model.add(deviation == load - target)
                magnitude = self.model.new_int_var(0, bound, "abs_dev")
                self.model.add_abs_equality(magnitude, deviation)
                self.model.add(high >= deviation)
                self.model.add(low <= deviation)
                beyond = self.model.new_int_var(0, bound, "beyond_band")
                self.model.add(beyond >= magnitude - band)
                if self.weights.fairness_deviation:
                    self.penalties.append((self.weights.fairness_deviation, magnitude))
                self.penalties.append((spread_weight * self.weights.band_factor, beyond))
            if self.weights.max_min_factor:
                self.penalties.append((spread_weight * self.weights.max_min_factor, high - low))

    def over_contract_penalty(self) -> None:
        """Hours beyond contract x max_contract_factor over the doctor's available weeks."""
        for doctor_id, doctor in self.doctors.items():
            own = self.by_doctor[doctor_id]
            if not own:
                continue
            weeks = len(self.days) * facts.availability(doctor, self.days, self.tz) / 7.0
            cap = tenths(doctor.contract_hours * self.rules.max_contract_factor * max(weeks, 1.0))
            hours = [(p, tenths(facts.rostered_hours(p, self.rules))) for p in own]
            if sum(h for _, h in hours) <= cap:
                continue
            over = self.model.new_int_var(0, sum(h for _, h in hours), f"over[{doctor_id}]")
            self.model.add(10 * over >= sum(h * self.x[(p.id, doctor_id)] for p, h in hours) - cap)
            self.penalties.append((self.weights.over_contract_hour, over))

    def preference_penalty(self) -> None:
        for doctor_id, doctor in self.doctors.items():
            for p in self.by_doctor[doctor_id]:
                var = self.x[(p.id, doctor_id)]
                if doctor.no_nights and self.late[p.id]:
                    self.penalties.append((self.weights.no_nights_pref, var))
                weekday = self.day_of[p.id].weekday()
                if doctor.preferred_weekdays and weekday not in doctor.preferred_weekdays:
                    self.penalties.append((self.weights.non_preferred_day, var))

    def _works(self, doctor_id: str, same_day: list[Position]) -> cp_model.LinearExprT:
        """1 if the doctor works that day: a plain sum when the day's positions exclude each
        other anyway (the default templates), otherwise a max over them."""
        variables = [self.x[(p.id, doctor_id)] for p in same_day]
        exclusive = all(
            (doctor_id, p.id, q.id) in self.exclusive
            for i, p in enumerate(same_day)
            for q in same_day[i + 1 :]
        )
        if exclusive:
            return sum(variables)
        works = self.model.new_bool_var(f"works[{doctor_id}]")
        self.model.add_max_equality(works, variables)
        return works

    def isolated_shift_penalty(self) -> None:
        """A lone examination day (no day shift the day before or after) costs a little.

        On-call shifts are exempt: after a night the rest rules free the next day anyway, so
        every night would count as lone and the term would only fight fairness.
        """
        if self.weights.isolated_shift == 0:
            return
        for doctor_id in self.doctors:
            per_day: dict[date, list[Position]] = defaultdict(list)
            for p in self.by_doctor[doctor_id]:
                if p.kind == "day":
                    per_day[self.day_of[p.id]].append(p)
            works = {day: self._works(doctor_id, own) for day, own in per_day.items()}
            for day, work in works.items():
                neighbours = [
                    works[d]
                    for d in (day - timedelta(days=1), day + timedelta(days=1))
                    if d in works
                ]
                isolated = self.model.new_bool_var(f"isolated[{doctor_id},{day}]")
                self.model.add(isolated + cp_model.LinearExpr.sum(neighbours) >= work)
                self.penalties.append((self.weights.isolated_shift, isolated))
