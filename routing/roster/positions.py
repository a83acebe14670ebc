"""Expand shift templates into concrete positions over a date range.

Times are local wall-clock times in `tz` (Europe/Amsterdam), stored as aware datetimes, so a
consignatie 17:00-08:00 across the DST change lasts 14 h or 16 h of real time, as it is worked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from routing.calendar import is_working_day
from routing.roster.model import Position, Role, ShiftTemplate


def _applies(template: ShiftTemplate, day: date) -> bool:
    if template.applies_on == "all":
        return True
    working = is_working_day(day)
    return working if template.applies_on == "weekday" else not working


def position_id(pool: str, start: datetime, kind: str, role: str) -> str:
    """Stable id: the same pool, start, kind and role always give the same id."""
    return f"{pool}:{start.isoformat()}:{kind}:{role}"


def build_positions(
    pool_code: str,
    templates: Iterable[ShiftTemplate],
    start_date: date,
    end_date: date,
    tz: str = "Europe/Amsterdam",
) -> list[Position]:
    """Positions (primary and back-up per shift) for shifts starting on start_date..end_date."""
    zone = ZoneInfo(tz)
    templates = tuple(templates)
    positions: list[Position] = []
    day = start_date
    while day <= end_date:
        for template in templates:
            if not _applies(template, day):
                continue
            start = datetime.combine(day, template.start, zone)
            end_day = day if template.end > template.start else day + timedelta(days=1)
            end = datetime.combine(end_day, template.end, zone)
            roles: tuple[tuple[Role, frozenset[str]], ...] = (
                ("primary", template.primary_qualifications),
                ("backup", template.backup_qualifications),
            )
            for role, quals in roles:
                positions.append(
                    Position(
                        id=position_id(pool_code, start, template.kind, role),
                        pool=pool_code,
                        start=start,
                        end=end,
                        kind=template.kind,
                        role=role,
                        required_qualifications=quals,
                        template=template.name,
                    )
                )
        day += timedelta(days=1)
    ids = [p.id for p in positions]
    if len(set(ids)) != len(ids):
        raise ValueError("two templates of the same kind start at the same time; ids would clash")
    positions.sort(key=lambda p: (p.start, p.role != "primary", p.id))
    return positions
