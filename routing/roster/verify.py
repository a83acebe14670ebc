"""Independent check of any roster, generated or edited by hand.

Recomputed from scratch in plain Python from the positions, the doctors, the rules and the
stored earlier roster (`RosterProblem.history`); it shares only the domain definitions in
`facts` with the solver, none of its model. Every violation names its rule:

hard: unknown_reference, duplicate_assignment, pin, pool_membership, qualification,
big_registration, leave, max_shift_length, long_night_shifts, one_position_at_a_time,
daily_rest, rest_after_night, night_series_rest, on_call_near_night, max_nights_16_weeks,
max_work_per_24h, max_week_hours, avg_hours_4_weeks, avg_hours_16_weeks,
night_call_out_average, free_48h_periods, on_call_free_days, weekly_rest,
max_on_call_days (previous model only), policy_consecutive_on_call_nights (opt-in policy);
soft: contract_hours, pref_no_nights, pref_weekdays;
gap: coverage (a position nobody fills).

For a hired doctor the working-time rules are the hired safety policy: the same names, the
message says so; with the policy off they are not checked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from routing.roster import facts
from routing.roster.model import (
    Assignment,
    DoctorSpec,
    Position,
    RosterProblem,
    Violation,
)

HOUR = timedelta(hours=1)
POLICY_RULES = frozenset({"policy_consecutive_on_call_nights"})
HARD_RULES = frozenset(
    {
        "unknown_reference",
        "duplicate_assignment",
        "pin",
        "pool_membership",
        "qualification",
        "big_registration",
        "leave",
        "max_shift_length",
        "long_night_shifts",
        "one_position_at_a_time",
        "daily_rest",
        "rest_after_night",
        "night_series_rest",
        "on_call_near_night",
        "max_nights_16_weeks",
        "max_work_per_24h",
        "max_week_hours",
        "avg_hours_4_weeks",
        "avg_hours_16_weeks",
        "night_call_out_average",
        "free_48h_periods",
        "on_call_free_days",
        "weekly_rest",
        "max_on_call_days",
        *POLICY_RULES,
    }
)


def verify(problem: RosterProblem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every rule the roster breaks; an empty list of hard ones means the roster is legal."""
    positions = {p.id: p for p in problem.positions}
    doctors = {d.id: d for d in problem.doctors}
    violations: list[Violation] = []
    chosen: dict[str, str] = {}
    for a in assignments:
        if a.position_id not in positions:
            violations.append(
                Violation("unknown_reference", f"unknown position {a.position_id}", a.position_id)
            )
            continue
        if a.doctor_id is None:
            continue
        if a.doctor_id not in doctors:
            violations.append(
                Violation(
                    "unknown_reference",
                    f"unknown doctor {a.doctor_id}",
                    a.position_id,
                    a.doctor_id,
                )
            )
            continue
        earlier = chosen.setdefault(a.position_id, a.doctor_id)
        if earlier != a.doctor_id:
            violations.append(
                Violation(
                    "duplicate_assignment",
                    f"position also assigned to {earlier}",
                    a.position_id,
                    a.doctor_id,
                )
            )
    for pin in problem.pins:
        if chosen.get(pin.position_id) != pin.doctor_id:
            violations.append(
                Violation(
                    "pin",
                    f"pinned to {pin.doctor_id} but assigned to {chosen.get(pin.position_id)}",
                    pin.position_id,
                    pin.doctor_id,
                )
            )
    for position in problem.positions:
        if position.id not in chosen:
            violations.append(
                Violation("coverage", "position is not filled", position.id, severity="gap")
            )
    by_doctor: dict[str, list[Position]] = defaultdict(list)
    for position_id, doctor_id in chosen.items():
        by_doctor[doctor_id].append(positions[position_id])
    context = CheckContext(problem)
    for doctor_id, own in sorted(by_doctor.items()):
        violations.extend(check_doctor(context, doctors[doctor_id], own))
    return violations


class CheckContext:
    """What the per-doctor checks need beyond the doctor's own positions."""

    def __init__(self, problem: RosterProblem) -> None:
        self.rules = problem.rules
        self.tz = ZoneInfo(problem.timezone)
        self.pool_regions: Mapping[str, frozenset[str]] = problem.pool_regions()
        self.days: list[date] = facts.horizon_days(problem.positions, self.tz)
        self.call_out: Callable[[str], float] = problem.call_out_fraction
        self.history: dict[str, list[Position]] = defaultdict(list)
        for position, doctor_id in problem.history:
            self.history[doctor_id].append(position)
        history_days = [facts.local_date(p, self.tz) for p, _ in problem.history]
        self.known_from: date | None = min([*history_days, *self.days[:1]], default=None)

    def worked(self, p: Position) -> float:
        return facts.worked_hours(p, self.rules, self.call_out(p.pool))


def hard_only(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "hard"]


@dataclass(frozen=True)
class _Timeline:
    """One doctor's earlier (history) and new positions, sorted, with the horizon bounds."""

    items: list[Position]
    new: frozenset[str]
    first: date  # first horizon date
    last: date  # last horizon date
    known_from: date  # history or horizon start

    def is_new(self, p: Position) -> bool:
        return p.id in self.new


def check_doctor(
    ctx: CheckContext, doctor: DoctorSpec, positions: Sequence[Position]
) -> list[Violation]:
    """All violations of one doctor's set of positions (earlier roster taken into account)."""
    own = sorted(positions, key=lambda p: (p.start, p.end, p.id))
    out: list[Violation] = []
    for p in own:
        out.extend(_position_fit(ctx, doctor, p))
    if ctx.days:
        ids = frozenset(p.id for p in own)
        earlier = [p for p in ctx.history.get(doctor.id, ()) if p.id not in ids]
        line = _Timeline(
            sorted([*earlier, *own], key=lambda p: (p.start, p.end, p.id)),
            ids,
            ctx.days[0],
            ctx.days[-1],
            ctx.known_from or ctx.days[0],
        )
        atw: list[Violation] = []
        for check in ATW_CHECKS:
            atw.extend(check(ctx, doctor, line))
        out.extend(_as_policy(ctx, doctor, atw))
    out.extend(_contract(ctx, doctor, own))
    out.extend(_preferences(ctx, doctor, own))
    return out


def _as_policy(ctx: CheckContext, doctor: DoctorSpec, found: list[Violation]) -> list[Violation]:
    """Employed: as found. Hired: the same limits as safety policy, or none when it is off."""
    if doctor.employment == "employed":
        return found
    if not ctx.rules.hired_safety_policy:
        return [v for v in found if v.rule == "one_position_at_a_time"]
    return [
        Violation(v.rule, f"{v.message} (safety policy for hired doctors)", *_where(v))
        if v.rule != "one_position_at_a_time"
        else v
        for v in found
    ]


def _where(v: Violation) -> tuple[str | None, str | None]:
    return v.position_id, v.doctor_id


def _position_fit(ctx: CheckContext, doctor: DoctorSpec, p: Position) -> list[Violation]:
    out: list[Violation] = []
    regions = ctx.pool_regions.get(p.pool, frozenset({p.pool}))
    if doctor.region not in regions:
        out.append(
            Violation(
                "pool_membership", f"{doctor.region} is not in pool {p.pool}", p.id, doctor.id
            )
        )
    missing = p.required_qualifications - doctor.qualified_for(p)
    if missing:
        lapsed = missing & doctor.qualifications
        text = f"lacks {', '.join(sorted(missing))}" + (" (lapsed)" if lapsed else "")
        out.append(Violation("qualification", text, p.id, doctor.id))
    if not doctor.registered_for(p):
        out.append(
            Violation(
                "big_registration",
                f"BIG registration valid until {doctor.big_valid_until}",
                p.id,
                doctor.id,
            )
        )
    if facts.on_leave(doctor, p):
        out.append(Violation("leave", "doctor is on leave during the position", p.id, doctor.id))
    if facts.too_long(p, ctx.rules):
        out.append(
            Violation(
                "max_shift_length", f"{p.hours:g} h exceeds the {p.kind} limit", p.id, doctor.id
            )
        )
    return out


def _report(line: _Timeline, *candidates: Position) -> str | None:
    """The id to report a pairwise violation on: the first new position among the candidates."""
    return next((p.id for p in candidates if line.is_new(p)), None)


def _overlap_and_rest(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """One position at a time; rest between worked positions; no consignatie near a night."""
    rules = ctx.rules
    reach = facts.rest_reach(rules)
    out: list[Violation] = []
    items = line.items
    for i, p in enumerate(items):
        p_worked = facts.is_worked(p, rules)
        for q in items[i + 1 :]:
            if q.start >= p.end + reach:
                break
            target = _report(line, q, p)
            if target is None:
                continue
            gap = (q.start - p.end) / HOUR
            q_worked = facts.is_worked(q, rules)
            if q.start < p.end:
                out.append(
                    Violation("one_position_at_a_time", f"overlaps {p.id}", target, doctor.id)
                )
            elif p_worked and q_worked:
                needed = facts.rest_after(p, rules, ctx.tz) / HOUR
                if gap < needed:
                    late = facts.is_late_night(p, rules, ctx.tz)
                    rule = "rest_after_night" if late else "daily_rest"
                    text = f"only {gap:g} h rest after {p.id} (needs {needed:g} h)"
                    out.append(Violation(rule, text, target, doctor.id))
            elif facts.is_worked_night(p) and not q_worked:
                text = f"consignatie {gap:g} h after the night shift {p.id}"
                if gap < rules.no_on_call_after_night_hours:
                    out.append(Violation("on_call_near_night", text, target, doctor.id))
            elif facts.is_worked_night(q) and not p_worked:
                text = f"consignatie ends {gap:g} h before the night shift {q.id}"
                if gap < rules.no_on_call_before_night_hours:
                    out.append(Violation("on_call_near_night", text, target, doctor.id))
    return out


def _night_dates(line: _Timeline, tz: ZoneInfo) -> dict[date, list[Position]]:
    nights: dict[date, list[Position]] = defaultdict(list)
    for p in line.items:
        if facts.is_worked_night(p):
            nights[facts.local_date(p, tz)].append(p)
    return nights


def _night_series_rest(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """After a series of N or more worked nights on consecutive dates, 46 h without work."""
    length = ctx.rules.night_series_length
    if length <= 0:
        return []
    nights = _night_dates(line, ctx.tz)
    out: list[Violation] = []
    for day in sorted(nights):
        if day + timedelta(days=1) in nights:
            continue  # not the end of a series
        run = 1
        while day - timedelta(days=run) in nights:
            run += 1
        if run < length:
            continue
        last = max(nights[day], key=lambda p: p.end)
        free_until = last.end + ctx.rules.rest_after_night_series_hours * HOUR
        for q in line.items:
            if q.start >= last.end and q.start < free_until and facts.is_worked(q, ctx.rules):
                target = _report(line, q, last)
                if target is not None:
                    text = f"{run} nights in a row end {last.end.isoformat()}; work within 46 h"
                    out.append(Violation("night_series_rest", text, target, doctor.id))
    return out


def _count_in_windows(
    days: Sequence[date], window_days: int, limit: int, line: _Timeline
) -> tuple[date, int] | None:
    """The first window (from a counted date) touching the horizon holding more than
    `limit` of `days` (sorted, with repeats), or None."""
    for i, start in enumerate(days):
        end = start + timedelta(days=window_days)
        if end <= line.first or start > line.last:
            continue
        count = sum(1 for d in days[i:] if d < end)
        if count > limit:
            return start, count
    return None


def _night_limits(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """At most 36 worked nights per 16 weeks; long nights (over 10 h) at most 5 per 2 weeks."""
    rules = ctx.rules
    out: list[Violation] = []
    nights = sorted(facts.local_date(p, ctx.tz) for p in line.items if facts.is_worked_night(p))
    if rules.max_nights_per_16_weeks > 0:
        found = _count_in_windows(nights, 112, rules.max_nights_per_16_weeks, line)
        if found:
            text = f"{found[1]} night shifts in the 16 weeks from {found[0]}"
            out.append(Violation("max_nights_16_weeks", text, None, doctor.id))
    long_nights = sorted(
        facts.local_date(p, ctx.tz) for p in line.items if facts.long_night(p, rules)
    )
    if rules.max_long_nights_per_2_weeks > 0:
        found = _count_in_windows(long_nights, 14, rules.max_long_nights_per_2_weeks, line)
        if found:
            text = f"{found[1]} night shifts over {rules.max_night_shift_hours:g} h from {found[0]}"
            out.append(Violation("long_night_shifts", text, None, doctor.id))
    return out


def _work_per_24h(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """At most 13 h working time (call-outs at their expected share) in any 24 h from a start."""
    out: list[Violation] = []
    limit = ctx.rules.max_work_per_24h_on_call
    items = line.items
    for i, p in enumerate(items):
        since, until = p.start, p.start + timedelta(hours=24)
        inside = []
        for q in items[max(0, i - 4) :]:
            if q.start >= until:
                break
            if q.end > since:
                inside.append(q)
        if not any(line.is_new(q) for q in inside):
            continue
        work = sum(
            facts.planned_work_hours(q, ctx.rules, ctx.call_out(q.pool), since, until)
            for q in inside
        )
        if work > limit + 1e-9:
            text = f"{work:.1f} h working time in the 24 h from {p.start.isoformat()}"
            out.append(Violation("max_work_per_24h", text, _report(line, p, *inside), doctor.id))
    return out


def _weeks(ctx: CheckContext, line: _Timeline) -> dict[date, float]:
    """Working time per ISO week (keyed by its local Monday)."""
    hours: dict[date, float] = defaultdict(float)
    for p in line.items:
        day = facts.local_date(p, ctx.tz)
        hours[day - timedelta(days=day.weekday())] += ctx.worked(p)
    return hours


def _horizon_mondays(line: _Timeline, weeks: int) -> list[date]:
    """Mondays of every window of `weeks` ISO weeks that touches the horizon."""
    last = line.last - timedelta(days=line.last.weekday())
    first = line.first - timedelta(days=line.first.weekday()) - timedelta(weeks=weeks - 1)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _running_sums(values: Mapping[date, float], mondays: list[date], weeks: int) -> list[float]:
    """The sum of `values` over the `weeks` weeks from each of the consecutive `mondays`, as a
    running sum: one pass instead of one sum per window (exact for whole numbers, within
    rounding otherwise)."""
    if not mondays:
        return []
    total = sum(values.get(mondays[0] + timedelta(weeks=i), 0.0) for i in range(weeks))
    out = [total]
    for monday in mondays[1:]:
        total += values.get(monday + timedelta(weeks=weeks - 1), 0.0)
        total -= values.get(monday - timedelta(weeks=1), 0.0)
        out.append(total)
    return out


def _hours(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """60 h per week; 4- and 16-week averages; 40 h average after 16 night call-out periods."""
    rules = ctx.rules
    per_week = _weeks(ctx, line)
    out: list[Violation] = []
    for monday in _horizon_mondays(line, 1):
        if per_week.get(monday, 0.0) > rules.max_week_hours + 1e-9:
            text = f"{per_week[monday]:g} h in the week of {monday} (max {rules.max_week_hours:g})"
            out.append(Violation("max_week_hours", text, None, doctor.id))
    night_periods: dict[date, int] = defaultdict(int)
    for p in line.items:
        if p.kind == "on_call" and facts.covers_night(p, ctx.tz):
            day = facts.local_date(p, ctx.tz)
            night_periods[day - timedelta(days=day.weekday())] += 1
    checks = [
        ("avg_hours_4_weeks", 4, rules.max_avg_week_hours_4_weeks, False),
        ("avg_hours_16_weeks", 16, rules.max_avg_week_hours_16_weeks, False),
        ("night_call_out_average", 16, rules.max_avg_week_hours_night_call_outs, True),
    ]
    for rule, weeks, average, after_nights in checks:
        if average <= 0 or (after_nights and rules.night_call_out_periods <= 0):
            continue
        mondays = _horizon_mondays(line, weeks)
        rough = _running_sums(per_week, mondays, weeks)
        nights = (
            _running_sums(night_periods, mondays, weeks) if after_nights else [0.0] * len(mondays)
        )
        for monday, rough_total, night_count in zip(mondays, rough, nights, strict=True):
            if after_nights and night_count < rules.night_call_out_periods:
                continue
            if rough_total < average * weeks - 1e-6:
                continue  # clearly within; only windows near the limit are summed exactly
            total = sum(per_week.get(monday + timedelta(weeks=i), 0.0) for i in range(weeks))
            if total > average * weeks + 1e-9:
                text = f"{total / weeks:.1f} h a week on average over {weeks} weeks from {monday}"
                out.append(Violation(rule, text, None, doctor.id))
                break
    return out


def _known_windows(line: _Timeline, days: int) -> list[date]:
    """Starts of the `days`-day windows wholly inside the known period touching the horizon."""
    first = max(line.known_from, line.first - timedelta(days=days - 1))
    count = (line.last - first).days - days + 2
    return [first + timedelta(days=i) for i in range(max(0, count))]


def _free_periods(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """2 x 48 h free of work and consignatie in every 28 days (wholly known)."""
    rules = ctx.rules
    needed = rules.free_periods_per_4_weeks
    if needed <= 0:
        return []
    busy = [(p.start, p.end) for p in line.items]
    for start in _known_windows(line, 28):
        since = facts.midnight(start, ctx.tz)
        until = facts.midnight(start + timedelta(days=28), ctx.tz)
        stretches = facts.free_stretches(busy, since, until)
        found = sum(int(h // rules.free_period_hours) for h in stretches)
        if found < needed:
            text = (
                f"{found} of {needed} free periods of {rules.free_period_hours:g} h "
                f"in the 4 weeks from {start}"
            )
            return [Violation("free_48h_periods", text, None, doctor.id)]
    return []


def _on_call_days(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """At least 14 of any 28 dates free of consignatie; previous model: on-call start dates."""
    rules = ctx.rules
    out: list[Violation] = []
    on_call = [p for p in line.items if p.kind == "on_call"]
    if rules.min_on_call_free_days_per_28 > 0:
        touched = sorted({d for p in on_call for d in facts.touched_dates(p, ctx.tz)})
        found = _count_in_windows(touched, 28, 28 - rules.min_on_call_free_days_per_28, line)
        if found:
            text = f"{28 - found[1]} dates free of consignatie in the 28 from {found[0]}"
            out.append(Violation("on_call_free_days", text, None, doctor.id))
    if rules.max_on_call_days_per_4_weeks > 0:
        starts = sorted({facts.local_date(p, ctx.tz) for p in on_call})
        found = _count_in_windows(starts, 28, rules.max_on_call_days_per_4_weeks, line)
        if found:
            text = f"{found[1]} on-call days in the 4 weeks from {found[0]}"
            out.append(Violation("max_on_call_days", text, None, doctor.id))
    return out


def _weekly_rest(ctx: CheckContext, doctor: DoctorSpec, line: _Timeline) -> list[Violation]:
    """36 h without work in every 7 x 24 h, or else 72 h (parts >= 32 h) in every 14 x 24 h."""
    rules = ctx.rules
    if rules.min_weekly_rest_hours <= 0:
        return []
    busy = [(p.start, p.end) for p in line.items if facts.is_worked(p, rules)]

    def stretches(start: date, days: int) -> list[float]:
        since = facts.midnight(start, ctx.tz)
        until = facts.midnight(start + timedelta(days=days), ctx.tz)
        return facts.free_stretches(busy, since, until)

    short = [
        d for d in _known_windows(line, 7) if max(stretches(d, 7)) < rules.min_weekly_rest_hours
    ]
    if not short:
        return []
    fortnights = _known_windows(line, 14)
    part = rules.min_fortnight_rest_part_hours
    if fortnights and all(
        sum(h for h in stretches(d, 14) if h >= part) >= rules.min_fortnight_rest_hours
        for d in fortnights
    ):
        return []
    text = f"no {rules.min_weekly_rest_hours:g} h rest in the 7 days from {short[0]}"
    return [Violation("weekly_rest", text, None, doctor.id)]


def _consecutive_nights_policy(
    ctx: CheckContext, doctor: DoctorSpec, line: _Timeline
) -> list[Violation]:
    """Opt-in local policy (not law): no on-call nights on consecutive dates."""
    if not ctx.rules.policy_no_consecutive_on_call_nights:
        return []
    nights = {
        facts.local_date(p, ctx.tz): p
        for p in line.items
        if p.kind == "on_call" and facts.covers_night(p, ctx.tz)
    }
    out = []
    for day, p in sorted(nights.items()):
        q = nights.get(day + timedelta(days=1))
        target = _report(line, q, p) if q is not None else None
        if target is not None:
            text = "on-call nights in a row (local policy, not law)"
            out.append(Violation("policy_consecutive_on_call_nights", text, target, doctor.id))
    return out


ATW_CHECKS: tuple[Callable[[CheckContext, DoctorSpec, _Timeline], list[Violation]], ...] = (
    _overlap_and_rest,
    _night_series_rest,
    _night_limits,
    _work_per_24h,
    _hours,
    _free_periods,
    _on_call_days,
    _weekly_rest,
    _consecutive_nights_policy,
)


def _contract(ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]) -> list[Violation]:
    available_weeks = len(ctx.days) * facts.availability(doctor, ctx.days, ctx.tz) / 7.0
    if not own or available_weeks <= 0:
        return []
    weekly = sum(facts.rostered_hours(p, ctx.rules) for p in own) / max(available_weeks, 1.0)
    limit = doctor.contract_hours * ctx.rules.max_contract_factor
    if weekly <= limit + 1e-9:
        return []
    return [
        Violation(
            "contract_hours",
            f"{weekly:.1f} h/week on average against a contract of {doctor.contract_hours:g} h",
            None,
            doctor.id,
            "soft",
        )
    ]


def _preferences(ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]) -> list[Violation]:
    out: list[Violation] = []
    for p in own:
        if doctor.no_nights and facts.is_late_night(p, ctx.rules, ctx.tz):
            out.append(Violation("pref_no_nights", "prefers no nights", p.id, doctor.id, "soft"))
        weekday = facts.local_date(p, ctx.tz).weekday()
        if doctor.preferred_weekdays and weekday not in doctor.preferred_weekdays:
            out.append(
                Violation("pref_weekdays", "not on a preferred weekday", p.id, doctor.id, "soft")
            )
    return out
