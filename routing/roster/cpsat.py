"""The CP-SAT model of one independent roster subproblem: data -> variables -> constraints.

One function per rule (the rules as `model` reads the Atw). Hard rules become constraints;
soft rules add penalty terms with a named weight from `SoftWeights`. Variables exist only for
feasible (position, doctor) pairs: in the pool, qualified and BIG-registered through the
position's date, not on leave, shift not too long. Positions of the stored earlier roster
(`history`) are constants 1 on the doctor's timeline, so rules longer than the horizon see
them. Pins (and history) are fixed even when they break a rule, and every constraint is
relaxed just enough to admit them (pairs of fixed positions are never forbidden, capacities
are at least the fixed load, "at least free" rules have a slack priced above any gap), so the
model is always feasible and `verify()` reports what a bad pin breaks.

Where the exact rule is awkward for CP-SAT the model keeps a sufficient, stricter form:
2 x 48 h free is two disjoint pairs of free calendar dates; 36 h weekly rest is a free
stretch starting at a midnight or at the end of a worked position.

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
SLACK_WEIGHT = 5_000_000  # per missing free period: above any unfilled position


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
        self.slacks: list[cp_model.IntVar] = []  # "at least free" rules short of their need
        self.late = {p.id: facts.is_late_night(p, self.rules, self.tz) for p in self.positions}
        self.weekend = {p.id: facts.is_weekend_holiday(p, self.tz) for p in self.positions}
        self.day_of = {p.id: facts.local_date(p, self.tz) for p in self.positions}
        horizon_ids = {p.id for p in self.positions}
        self.history: dict[str, list[Position]] = defaultdict(list)
        for position, doctor_id in problem.history:
            if doctor_id in self.doctors and position.id not in horizon_ids:
                self.history[doctor_id].append(position)
                self.day_of[position.id] = facts.local_date(position, self.tz)
        self.fixed = {(p.id, d) for d, own in self.history.items() for p in own}
        history_days = [self.day_of[p.id] for own in self.history.values() for p in own]
        self.known_from = min([*history_days, *self.days[:1]], default=None)
        self.timeline: dict[str, list[Position]] = {}

    def build(self) -> RosterModel:
        self.add_variables()
        self.one_doctor_per_position()
        self.keep_pins()
        self.no_overlap_and_rest()
        if self.days:
            self.working_hours()
            self.max_work_per_24h()
            self.on_call_days()
            self.free_periods()
            self.weekly_rest()
            self.night_shifts()
            self.consecutive_nights_policy()
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
        """Pinned by a planner, or a position of the earlier roster (fixed either way)."""
        return self.pinned.get(position.id) == doctor_id or (position.id, doctor_id) in self.fixed

    def _bound(self, doctor_id: str) -> bool:
        return facts.bound_by_atw(self.doctors[doctor_id], self.rules)

    def _worked(self, p: Position) -> float:
        return facts.worked_hours(p, self.rules, self.problem.call_out_fraction(p.pool))

    def _atw_doctors(self) -> list[tuple[str, list[Position]]]:
        """(doctor, timeline) for every doctor the working-time rules bind who has a choice."""
        return [(d, self.timeline[d]) for d in self.doctors if self._bound(d) and self.by_doctor[d]]

    def _date_range(self, first: date, last: date) -> list[date]:
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def _slack(self, name: str, bound: int) -> cp_model.IntVar:
        slack = self.model.new_int_var(0, bound, name)
        self.penalties.append((SLACK_WEIGHT, slack))
        self.slacks.append(slack)
        return slack

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
                    and facts.fits(doctor, p)
                    and not facts.on_leave(doctor, p)
                    and not facts.too_long(p, self.rules)
                )
                if feasible or self._is_pinned(p, doctor.id):
                    var = self.model.new_bool_var(f"x[{p.id},{doctor.id}]")
                    self.x[(p.id, doctor.id)] = var
                    self.by_doctor[doctor.id].append(p)
                    self.by_position[p.id].append(var)
        for position_id, doctor_id in self.fixed:
            self.x[(position_id, doctor_id)] = self.model.new_constant(1)
        for doctor_id in self.doctors:
            self.timeline[doctor_id] = sorted(
                [*self.history[doctor_id], *self.by_doctor[doctor_id]],
                key=lambda p: (p.start, p.end, p.id),
            )

    def one_doctor_per_position(self) -> None:
        for variables in self.by_position.values():
            self.model.add_at_most_one(variables)
        self.model.add(
            self.filled == sum(v for variables in self.by_position.values() for v in variables)
        )

    def keep_pins(self) -> None:
        for position_id, doctor_id in self.pinned.items():
            if (position_id, doctor_id) in self.x:
                self.model.add(self.x[(position_id, doctor_id)] == 1)

    def no_overlap_and_rest(self) -> None:
        """One position at a time; 11 h rest between worked positions (14 h after a late
        night); no consignatie 11 h before or 14 h after a worked night shift."""
        rules = self.rules
        reach = facts.rest_reach(rules)
        for doctor_id, own in self.timeline.items():
            bound = self._bound(doctor_id)
            for i, p in enumerate(own):
                p_worked = facts.is_worked(p, rules)
                for q in own[i + 1 :]:
                    if q.start >= p.end + reach:
                        break
                    if self._is_pinned(p, doctor_id) and self._is_pinned(q, doctor_id):
                        continue
                    if not self._conflict(p, q, p_worked, bound):
                        continue
                    self.exclusive.add((doctor_id, p.id, q.id))
                    self.model.add(self.x[(p.id, doctor_id)] + self.x[(q.id, doctor_id)] <= 1)

    def _conflict(self, p: Position, q: Position, p_worked: bool, bound: bool) -> bool:
        """q (starting no earlier than p) cannot follow p for the same doctor."""
        if q.start < p.end:
            return True
        if not bound:
            return False
        rules = self.rules
        gap = q.start - p.end
        q_worked = facts.is_worked(q, rules)
        if p_worked and q_worked:
            return gap < facts.rest_after(p, rules, self.tz)
        if facts.is_worked_night(p) and not q_worked:
            return gap < rules.no_on_call_after_night_hours * facts.HOUR
        if facts.is_worked_night(q) and not p_worked:
            return gap < rules.no_on_call_before_night_hours * facts.HOUR
        return False

    def working_hours(self) -> None:
        """60 h per ISO week; 4- and 16-week averages; the 40 h average after 16 on-call
        periods over 00:00-06:00 in 16 weeks (working time: call-outs at their expected
        share)."""
        rules = self.rules
        first, last = self.days[0], self.days[-1]
        last_monday = last - timedelta(days=last.weekday())
        first_monday = first - timedelta(days=first.weekday())
        for doctor_id, own in self._atw_doctors():
            weeks: dict[date, list[tuple[Position, int]]] = defaultdict(list)
            nights: dict[date, list[Position]] = defaultdict(list)
            for p in own:
                monday = self.day_of[p.id] - timedelta(days=self.day_of[p.id].weekday())
                weeks[monday].append((p, tenths(self._worked(p))))
                if p.kind == "on_call" and facts.covers_night(p, self.tz):
                    nights[monday].append(p)
            limits = [
                (1, rules.max_week_hours),
                (4, rules.max_avg_week_hours_4_weeks),
                (16, rules.max_avg_week_hours_16_weeks),
            ]
            everything = sum(value for items in weeks.values() for _, value in items)
            for span, average in limits:
                if average <= 0 or everything <= tenths(average * span):
                    continue  # even every candidate position together stays within the cap
                for monday in self._mondays(first_monday - timedelta(weeks=span - 1), last_monday):
                    items = [
                        item
                        for i in range(span)
                        for item in weeks.get(monday + timedelta(weeks=i), ())
                    ]
                    self._capped(doctor_id, items, tenths(average * span))
            if rules.night_call_out_periods > 0 and rules.max_avg_week_hours_night_call_outs > 0:
                for monday in self._mondays(first_monday - timedelta(weeks=15), last_monday):
                    mondays = [monday + timedelta(weeks=i) for i in range(16)]
                    items = [item for m in mondays for item in weeks.get(m, ())]
                    periods = [p for m in mondays for p in nights.get(m, ())]
                    self._capped_after_nights(doctor_id, items, periods)

    def _mondays(self, first: date, last: date) -> list[date]:
        return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]

    def _capped_after_nights(
        self, doctor_id: str, items: Sequence[tuple[Position, int]], periods: Sequence[Position]
    ) -> None:
        """16-week hours <= 16 x 40 h once the doctor has 16 on-call night periods in them."""
        cap = tenths(self.rules.max_avg_week_hours_night_call_outs * 16)
        threshold = self.rules.night_call_out_periods
        if sum(value for _, value in items) <= cap or len(periods) < threshold:
            return
        many = self.model.new_bool_var(f"night_call_outs[{doctor_id}]")
        count = sum(self.x[(p.id, doctor_id)] for p in periods)
        self.model.add(count <= threshold - 1).only_enforce_if(many.Not())
        rhs = max(cap, self._pinned_sum(doctor_id, items))
        self.model.add(
            sum(value * self.x[(p.id, doctor_id)] for p, value in items) <= rhs
        ).only_enforce_if(many)

    def max_work_per_24h(self) -> None:
        """At most 13 h working time in the 24 h from any position start (overlap counted)."""
        cap = tenths(self.rules.max_work_per_24h_on_call)
        for doctor_id, own in self._atw_doctors():
            for i, p in enumerate(own):
                since, until = p.start, p.start + timedelta(hours=24)
                items = []
                for q in own[max(0, i - 4) :]:
                    if q.start >= until:
                        break
                    fraction = self.problem.call_out_fraction(q.pool)
                    value = tenths(facts.planned_work_hours(q, self.rules, fraction, since, until))
                    if value > 0:
                        items.append((q, value))
                if all(self._is_pinned(q, doctor_id) for q, _ in items):
                    continue
                self._capped(doctor_id, items, cap)

    def _touching(
        self, own: Sequence[Position], only: Callable[[Position], bool]
    ) -> dict[date, list[Position]]:
        touched: dict[date, list[Position]] = defaultdict(list)
        for p in own:
            if only(p):
                for day in facts.touched_dates(p, self.tz):
                    touched[day].append(p)
        return touched

    def _busy(self, doctor_id: str, positions: Sequence[Position], name: str) -> cp_model.IntVar:
        """1 when the doctor has any of these positions (a lower bound, pushed up by them)."""
        busy = self.model.new_bool_var(name)
        for p in positions:
            self.model.add_implication(self.x[(p.id, doctor_id)], busy)
        return busy

    def on_call_days(self) -> None:
        """At least 14 of any 28 dates free of consignatie (calendar-date reading);
        the previous model's at most N on-call start dates per 28 days."""
        rules = self.rules
        first, last = self.days[0], self.days[-1]
        for doctor_id, own in self._atw_doctors():
            if rules.min_on_call_free_days_per_28 > 0:
                touched = self._touching(own, lambda p: p.kind == "on_call")
                busy = {day: (p, 1) for day, ps in touched.items() for p in ps[:1] if len(ps) == 1}
                merged: dict[date, cp_model.IntVar] = {
                    day: self._busy(doctor_id, ps, f"on_call_day[{doctor_id},{day}]")
                    for day, ps in touched.items()
                    if len(ps) > 1
                }
                cap = 28 - rules.min_on_call_free_days_per_28
                pinned_days = {
                    d for d, ps in touched.items() if any(self._is_pinned(p, doctor_id) for p in ps)
                }
                for start in self._date_range(first - timedelta(days=27), last):
                    window = self._date_range(start, start + timedelta(days=27))
                    single = [busy[d] for d in window if d in busy]
                    several = [merged[d] for d in window if d in merged]
                    if len(single) + len(several) <= cap:
                        continue
                    fixed = sum(1 for d in window if d in pinned_days)
                    expr = sum(self.x[(p.id, doctor_id)] for p, _ in single) + sum(several)
                    self.model.add(expr <= max(cap, fixed))
            if rules.max_on_call_days_per_4_weeks > 0:
                self._on_call_start_days(doctor_id, own)

    def _on_call_start_days(self, doctor_id: str, own: Sequence[Position]) -> None:
        cap = self.rules.max_on_call_days_per_4_weeks
        on_call = [p for p in own if p.kind == "on_call"]
        starts = sorted({self.day_of[p.id] for p in on_call})
        for first in starts:
            items = [
                (p, 1) for p in on_call if first <= self.day_of[p.id] < first + timedelta(days=28)
            ]
            self._capped(doctor_id, items, cap)

    def free_periods(self) -> None:
        """2 x 48 h free of work and consignatie in every known 28 dates: as two disjoint
        pairs of consecutive free dates (stricter than 48 h anywhere)."""
        rules = self.rules
        needed = rules.free_periods_per_4_weeks
        if needed <= 0 or self.known_from is None:
            return
        if rules.free_period_hours > 48:
            raise ValueError("free periods longer than 48 h are not modelled")
        first, last = self.days[0], self.days[-1]
        starts = self._date_range(
            max(self.known_from, first - timedelta(days=27)), last - timedelta(days=27)
        )
        if not starts:
            return
        for doctor_id, own in self._atw_doctors():
            touched = self._touching(own, lambda _p: True)
            span = self._date_range(starts[0], last)
            free_pair: dict[date, cp_model.IntVar] = {}
            busy = {
                day: self._busy(doctor_id, touched[day], f"busy[{doctor_id},{day}]")
                for day in span
                if touched.get(day)
            }
            for day in span[:-1]:
                pair = self.model.new_bool_var(f"free_pair[{doctor_id},{day}]")
                for d in (day, day + timedelta(days=1)):
                    if d in busy:
                        self.model.add_implication(pair, busy[d].Not())
                free_pair[day] = pair
            for day, pair in free_pair.items():
                after = free_pair.get(day + timedelta(days=1))
                if after is not None:
                    self.model.add(pair + after <= 1)
            for start in starts:
                pairs = [free_pair[start + timedelta(days=i)] for i in range(27)]
                slack = self._slack(f"free_slack[{doctor_id},{start}]", needed)
                self.model.add(sum(pairs) + slack >= needed)

    def weekly_rest(self) -> None:
        """36 h without work in every known 7 x 24 h (the stricter of the two Atw options):
        a free stretch from a midnight or from the end of a worked position. Windows that
        keep 36 h free even if the doctor took every candidate worked position are skipped."""
        rules = self.rules
        hours = rules.min_weekly_rest_hours
        if hours <= 0 or self.known_from is None:
            return
        first, last = self.days[0], self.days[-1]
        starts = self._date_range(
            max(self.known_from, first - timedelta(days=6)), last - timedelta(days=6)
        )
        for doctor_id, own in self._atw_doctors():
            worked = [p for p in own if facts.is_worked(p, rules)]
            for start in starts:
                since = facts.midnight(start, self.tz)
                until = facts.midnight(start + timedelta(days=7), self.tz)
                inside = [p for p in worked if p.start < until and p.end > since]
                gaps = facts.free_stretches([(p.start, p.end) for p in inside], since, until)
                if max(gaps, default=0.0) >= hours:
                    continue
                anchors = sorted(
                    {facts.midnight(start + timedelta(days=i), self.tz) for i in range(7)}
                    | {p.end for p in inside if p.end > since}
                )
                options = []
                for anchor in anchors:
                    end = anchor + hours * facts.HOUR
                    if end > until:
                        continue
                    rest = self.model.new_bool_var(f"weekly_rest[{doctor_id},{anchor}]")
                    for p in inside:
                        if p.start < end and p.end > anchor:
                            self.model.add_implication(rest, self.x[(p.id, doctor_id)].Not())
                    options.append(rest)
                slack = self._slack(f"weekly_rest_slack[{doctor_id},{start}]", 1)
                self.model.add(sum(options) + slack >= 1)

    def night_shifts(self) -> None:
        """Worked nights: at most 36 per 16 weeks, long ones (over 10 h) at most 5 per
        2 weeks, 46 h without work after a series of 3 or more on consecutive dates."""
        rules = self.rules
        first, last = self.days[0], self.days[-1]
        for doctor_id, own in self._atw_doctors():
            nights = [p for p in own if facts.is_worked_night(p)]
            if not nights:
                continue
            limits = [
                (112, rules.max_nights_per_16_weeks, nights),
                (
                    14,
                    rules.max_long_nights_per_2_weeks,
                    [p for p in nights if facts.long_night(p, rules)],
                ),
            ]
            for days, cap, counted in limits:
                if cap <= 0:
                    continue
                for start in self._date_range(first - timedelta(days=days - 1), last):
                    end = start + timedelta(days=days)
                    items = [(p, 1) for p in counted if start <= self.day_of[p.id] < end]
                    self._capped(doctor_id, items, cap)
            self._night_series(doctor_id, own, nights)

    def _night_series(
        self, doctor_id: str, own: Sequence[Position], nights: Sequence[Position]
    ) -> None:
        length = self.rules.night_series_length
        if length <= 0:
            return
        by_date: dict[date, list[Position]] = defaultdict(list)
        for p in nights:
            by_date[self.day_of[p.id]].append(p)
        rest = self.rules.rest_after_night_series_hours * facts.HOUR
        worked = [p for p in own if facts.is_worked(p, self.rules)]
        for day in sorted(by_date):
            run = [by_date.get(day - timedelta(days=i), []) for i in range(length)]
            if not all(run):
                continue
            following = by_date.get(day + timedelta(days=1), [])
            for last in by_date[day]:
                for q in worked:
                    if not (last.end <= q.start < last.end + rest) or q in following:
                        continue
                    for chain in _chains(run[1:]):
                        fixed = [last, *chain, q]
                        if all(self._is_pinned(p, doctor_id) for p in fixed):
                            continue
                        self.model.add(
                            sum(self.x[(p.id, doctor_id)] for p in fixed)
                            <= length + sum(self.x[(p.id, doctor_id)] for p in following)
                        )

    def consecutive_nights_policy(self) -> None:
        """Opt-in local policy (not law): no on-call nights on consecutive dates."""
        if not self.rules.policy_no_consecutive_on_call_nights:
            return
        for doctor_id, own in self._atw_doctors():
            by_date: dict[date, list[Position]] = defaultdict(list)
            for p in own:
                if p.kind == "on_call" and facts.covers_night(p, self.tz):
                    by_date[self.day_of[p.id]].append(p)
            for day, tonight in by_date.items():
                for p in tonight:
                    for q in by_date.get(day + timedelta(days=1), []):
                        if not (self._is_pinned(p, doctor_id) and self._is_pinned(q, doctor_id)):
                            self.model.add(
                                self.x[(p.id, doctor_id)] + self.x[(q.id, doctor_id)] <= 1
                            )

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
            members = [  # the headline compares employed doctors (hired ones separately)
                d.id
                for d in full_time
                if counts_towards(attribute, d.no_nights) and d.employment == "employed"
            ]
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
        """A lone examination day, or a lone on-call night, costs a little.

        Consignatie is availability, so on-call nights in a row are lawful, and blocks of them
        leave whole dates free of consignatie (the 14-in-28 rule counts dates): a night with
        no on-call night the date before or after pays `isolated_on_call_night`, unless the
        local policy forbids nights in a row.
        """
        kinds: list[tuple[int, Callable[[Position], bool]]] = [
            (self.weights.isolated_shift, lambda p: p.kind == "day"),
        ]
        if not self.rules.policy_no_consecutive_on_call_nights:
            kinds.append(
                (
                    self.weights.isolated_on_call_night,
                    lambda p: p.kind == "on_call" and facts.covers_night(p, self.tz),
                )
            )
        for weight, counted in kinds:
            if weight == 0:
                continue
            for doctor_id in self.doctors:
                per_day: dict[date, list[Position]] = defaultdict(list)
                for p in self.by_doctor[doctor_id]:
                    if counted(p):
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
                    self.penalties.append((weight, isolated))


def _chains(groups: Sequence[Sequence[Position]]) -> list[list[Position]]:
    """Every way to take one position from each group."""
    chains: list[list[Position]] = [[]]
    for group in groups:
        chains = [[*chain, p] for chain in chains for p in group]
    return chains
