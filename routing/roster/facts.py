"""The domain definitions every roster module shares: what counts as a night, a weekend, hours.

These are definitions, not solver internals: the solver, the greedy planner, `verify()` and
the fairness statistics must agree on them, so they live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from routing.calendar import is_working_day
from routing.roster.model import DoctorSpec, Position, WorkingTimeRules

HOUR = timedelta(hours=1)


def local_date(position: Position, tz: ZoneInfo) -> date:
    """The local calendar date on which the position starts."""
    return position.start.astimezone(tz).date()


def is_weekend_holiday(position: Position, tz: ZoneInfo) -> bool:
    """Starts on a Saturday, Sunday or general holiday (local date)."""
    return not is_working_day(local_date(position, tz))


def is_late_night(position: Position, rules: WorkingTimeRules, tz: ZoneInfo) -> bool:
    """Runs past a local `late_night_hour` (02:00): the Atw night that needs 14 h rest after it."""
    day = position.start.astimezone(tz).date()
    last = position.end.astimezone(tz).date()
    while day <= last:
        mark = datetime.combine(day, time(rules.late_night_hour), tz)
        if position.start < mark < position.end:
            return True
        day += timedelta(days=1)
    return False


def is_worked(position: Position, rules: WorkingTimeRules) -> bool:
    """Working time: day and night shifts; consignatie only in the previous model."""
    return position.kind != "on_call" or rules.on_call_is_work


def is_worked_night(position: Position) -> bool:
    return position.kind == "night"


def covers_night(position: Position, tz: ZoneInfo) -> bool:
    """An on-call period over (part of) 00:00-06:00: counts towards the 16-week rule."""
    day = position.start.astimezone(tz).date()
    last = position.end.astimezone(tz).date()
    while day <= last:
        low = datetime.combine(day, time(0), tz)
        high = datetime.combine(day, time(6), tz)
        if position.start < high and low < position.end:
            return True
        day += timedelta(days=1)
    return False


def rest_after(position: Position, rules: WorkingTimeRules, tz: ZoneInfo) -> timedelta:
    """Minimum rest before the same doctor's next worked position may start."""
    hours = (
        rules.rest_after_late_night_hours
        if is_late_night(position, rules, tz)
        else rules.min_daily_rest_hours
    )
    return hours * HOUR


def rest_reach(rules: WorkingTimeRules) -> timedelta:
    """How far after a position's end a pairwise rest rule can still bind the next one."""
    return HOUR * max(
        rules.rest_after_late_night_hours,
        rules.min_daily_rest_hours,
        rules.no_on_call_after_night_hours,
        rules.no_on_call_before_night_hours,
    )


def rostered_hours(position: Position, rules: WorkingTimeRules) -> float:
    """Hours counted towards the contract and fairness: availability counts too."""
    factor = rules.on_call_hours_factor if position.kind == "on_call" else 1.0
    return position.hours * factor


def worked_hours(position: Position, rules: WorkingTimeRules, call_out: float) -> float:
    """Working time: worked shifts in full, consignatie at its expected call-out share."""
    if position.kind != "on_call":
        return position.hours
    if rules.on_call_is_work:
        return position.hours * rules.on_call_hours_factor
    return position.hours * call_out


def planned_work_hours(
    position: Position, rules: WorkingTimeRules, call_out: float, since: datetime, until: datetime
) -> float:
    """Working time inside [since, until) (for "at most 13 h of work per 24 h")."""
    overlap = (min(position.end, until) - max(position.start, since)) / HOUR
    if overlap <= 0:
        return 0.0
    if position.kind != "on_call":
        return overlap
    return overlap * (rules.on_call_work_fraction if rules.on_call_is_work else call_out)


def touched_dates(position: Position, tz: ZoneInfo) -> list[date]:
    """Local dates the position falls on (an end at exactly midnight does not touch)."""
    first = position.start.astimezone(tz).date()
    last = (position.end - timedelta(microseconds=1)).astimezone(tz).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tz)


def free_stretches(
    busy: Iterable[tuple[datetime, datetime]], since: datetime, until: datetime
) -> list[float]:
    """Lengths in hours of the gaps in [since, until) not covered by any busy interval."""
    gaps: list[float] = []
    cursor = since
    for start, end in sorted(busy):
        if end <= cursor:
            continue
        if start >= until:
            break
        if start > cursor:
            gaps.append((start - cursor) / HOUR)
        cursor = max(cursor, end)
    if cursor < until:
        gaps.append((until - cursor) / HOUR)
    return gaps


def too_long(position: Position, rules: WorkingTimeRules) -> bool:
    limits = {
        "on_call": rules.max_on_call_shift_hours,
        "night": rules.max_long_night_shift_hours,
        "day": rules.max_shift_hours,
    }
    return position.hours > limits[position.kind] + 1e-9


def long_night(position: Position, rules: WorkingTimeRules) -> bool:
    """A worked night over the normal limit, allowed only a few times per 2 weeks."""
    return position.kind == "night" and position.hours > rules.max_night_shift_hours + 1e-9


def fits(doctor: DoctorSpec, position: Position) -> bool:
    """Holds the required qualifications and a BIG registration still valid then."""
    return doctor.registered_for(position) and position.required_qualifications <= (
        doctor.qualified_for(position)
    )


def bound_by_atw(doctor: DoctorSpec, rules: WorkingTimeRules) -> bool:
    """Employed doctors always; hired doctors while the safety policy is on."""
    return doctor.employment == "employed" or rules.hired_safety_policy


def on_leave(doctor: DoctorSpec, position: Position) -> bool:
    return any(start < position.end and position.start < end for start, end in doctor.unavailable)


def iso_week(position: Position, tz: ZoneInfo) -> tuple[int, int]:
    year, week, _ = local_date(position, tz).isocalendar()
    return year, week


def availability(doctor: DoctorSpec, days: Iterable[date], tz: ZoneInfo) -> float:
    """Share of the horizon's days on which the doctor is not on leave at all."""
    all_days = list(days)
    if not all_days:
        return 1.0
    free = 0
    for day in all_days:
        start = datetime.combine(day, time(), tz)
        end = datetime.combine(day + timedelta(days=1), time(), tz)
        if not any(s < end and start < e for s, e in doctor.unavailable):
            free += 1
    return free / len(all_days)


def horizon_days(positions: Iterable[Position], tz: ZoneInfo) -> list[date]:
    dates = [local_date(p, tz) for p in positions]
    if not dates:
        return []
    first, last = min(dates), max(dates)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
