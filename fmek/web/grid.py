"""The week grid of a region's roster: rows are shifts (time and role), columns are days."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fmek.clock import AMSTERDAM
from fmek.rosters.models import PositionOut, RosterDoctorOut, RosterOut, ViolationOut
from fmek.web.labels import ROLE, clock, day_label, rule_label


@dataclass
class Cell:
    position: PositionOut
    doctor_name: str | None
    violations: list[ViolationOut]
    choices: list[RosterDoctorOut]
    label: str  # accessible description: day, time, role
    past: bool = False  # ended before now: history, not something to fill

    @property
    def gap(self) -> bool:
        return self.position.doctor is None and not self.past

    @property
    def unrostered_past(self) -> bool:
        return self.position.doctor is None and self.past

    @property
    def hard(self) -> bool:
        return any(v.severity == "hard" for v in self.violations)

    @property
    def rule_labels(self) -> list[str]:
        return [rule_label(v.rule) for v in self.violations if v.rule != "coverage"]


@dataclass
class Row:
    label: str
    role: str
    cells: list[Cell | None] = field(default_factory=list)


@dataclass
class WeekGrid:
    days: list[date]
    rows: list[Row]
    doctor_violations: list[tuple[str, ViolationOut]]
    gaps: int
    hard: int


def week_grid(roster: RosterOut, monday: date, now: datetime) -> WeekGrid:
    """The grid of one week; positions that ended before ``now`` are history, never gaps."""
    days = [monday + timedelta(days=i) for i in range(7)]
    names = {d.id: d.name for d in roster.doctors}
    by_position: dict[str, list[ViolationOut]] = defaultdict(list)
    doctor_level: list[tuple[str, ViolationOut]] = []
    for v in roster.violations:
        if v.position_id is not None:
            by_position[v.position_id].append(v)
        elif v.doctor is not None:
            doctor_level.append((names.get(v.doctor, f"arts {v.doctor}"), v))
    rows: dict[tuple[str, str, int], Row] = {}
    for p in roster.positions:
        start, end = p.start.astimezone(AMSTERDAM), p.end.astimezone(AMSTERDAM)
        key = (clock(start), clock(end), 0 if p.role == "primary" else 1)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(
                label=f"{key[0]}–{key[1]} {ROLE[p.role]}", role=p.role, cells=[None] * 7
            )
        index = (start.date() - monday).days
        if not 0 <= index < 7:
            continue
        choices = [
            d for d in roster.doctors if set(p.required_qualifications) <= set(d.qualifications)
        ]
        row.cells[index] = Cell(
            position=p,
            doctor_name=names.get(p.doctor) if p.doctor is not None else None,
            violations=by_position.get(p.id, []),
            choices=choices,
            label=f"{day_label(start.date())}, {row.label}",
            past=p.end <= now,
        )
    ordered = [rows[k] for k in sorted(rows)]
    return WeekGrid(
        days=days,
        rows=ordered,
        doctor_violations=doctor_level,
        gaps=sum(1 for p in roster.positions if p.doctor is None and p.end > now),
        hard=sum(1 for v in roster.violations if v.severity == "hard"),
    )
