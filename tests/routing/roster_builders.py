"""Small typed builders for roster tests (one region, a few doctors, one week)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from routing.roster import DoctorSpec, Position, RosterProblem, build_positions, default_templates

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2025, 3, 3)  # an ordinary week: no holidays, no DST change
REGION = "GG0111"


def at(day: int, hour: int) -> datetime:
    """Local time in March 2025."""
    return datetime(2025, 3, day, hour, tzinfo=AMS)


def doctor(
    doctor_id: str,
    *,
    child_forensic: bool = True,
    contract: float = 36.0,
    region: str = REGION,
    leave: tuple[tuple[datetime, datetime], ...] = (),
    no_nights: bool = False,
) -> DoctorSpec:
    quals = frozenset({"child_forensic"}) if child_forensic else frozenset()
    return DoctorSpec(
        doctor_id, f"Dr {doctor_id}", region, quals, contract, leave, no_nights=no_nights
    )


def week(days: int = 7, region: str = REGION) -> list[Position]:
    return build_positions(region, default_templates(), MONDAY, MONDAY.replace(day=2 + days))


def find(positions: list[Position], day: int, hour: int, role: str = "primary") -> Position:
    start = at(day, hour)
    return next(p for p in positions if p.start == start and p.role == role)


def problem(
    positions: list[Position], doctors: list[DoctorSpec], **kwargs: object
) -> RosterProblem:
    return RosterProblem(tuple(positions), tuple(doctors), **kwargs)  # type: ignore[arg-type]
