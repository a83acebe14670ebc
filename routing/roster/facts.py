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


def rest_after(position: Position, rules: WorkingTimeRules, tz: ZoneInfo) -> timedelta:
    """Minimum rest before the same doctor's next position may start."""
    hours = (
        rules.rest_after_late_night_hours
        if is_late_night(position, rules, tz)
        else rules.min_daily_rest_hours
    )
    return hours * HOUR


def rostered_hours(position: Position, rules: WorkingTimeRules) -> float:
    """Hours counted towards the 60 h week and the contract."""
    factor = rules.on_call_hours_factor if position.kind == "on_call" else 1.0
    return position.hours * factor


def planned_work_hours(position: Position, rules: WorkingTimeRules) -> float:
    """Hours counted towards "at most 13 h of work per 24 h" (consignatie rule)."""
    factor = rules.on_call_work_fraction if position.kind == "on_call" else 1.0
    return position.hours * factor


def too_long(position: Position, rules: WorkingTimeRules) -> bool:
    limit = rules.max_on_call_shift_hours if position.kind == "on_call" else rules.max_shift_hours
    return position.hours > limit + 1e-9


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
