"""Reading a roster from the database into one `routing.roster` problem.

A roster range is the positions *starting* on the local dates ``start``..``end`` (inclusive).
Regions linked by a coverage pool share positions, so they are always read (and generated)
together. Filled positions up to 36 h either side of the range come along as fixed context, so
rest and on-call rules hold across the edges of the range; filled positions from 16 weeks
before to 4 weeks after the range are the carry-over (`RosterProblem.history`) that the
working-time rules longer than the range read.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlmodel import Session, col, select

from fmek.allocation.locks import write_lock
from fmek.allocation.models import Assignment as Examined
from fmek.allocation.models import AssignmentStatus
from fmek.clock import AMSTERDAM
from fmek.doctors.models import Doctor
from fmek.doctors.service import doctors_in, unavailability_of
from fmek.rosters.adapters import doctor_spec, pool_of, position_of_entry, template_of
from fmek.rosters.models import CoveragePoolRow, RosterEntry, ShiftTemplateRow
from routing.roster import (
    Assignment,
    CoveragePool,
    DoctorSpec,
    Pin,
    Position,
    RosterProblem,
    ShiftTemplate,
    build_positions,
    default_templates,
)

CONTEXT = timedelta(hours=36)
HOUR = timedelta(hours=1)
CARRY_BEFORE = timedelta(weeks=16)
CARRY_AFTER = timedelta(weeks=4)
CALL_OUT_HISTORY = timedelta(weeks=16)
MIN_ON_CALL_HOURS = 24.0 * 28  # a month of on-call time before history replaces the default
WORKED = (AssignmentStatus.STARTED.value, AssignmentStatus.COMPLETED.value)


def day_start(day: date) -> datetime:
    """Local midnight of the day, as an aware datetime."""
    return datetime.combine(day, time(0), AMSTERDAM)


def stored_templates(session: Session, region: str) -> list[ShiftTemplateRow]:
    return list(
        session.exec(
            select(ShiftTemplateRow)
            .where(ShiftTemplateRow.region == region)
            .order_by(col(ShiftTemplateRow.start_time), col(ShiftTemplateRow.name))
        )
    )


def templates_for(session: Session, region: str) -> tuple[ShiftTemplate, ...]:
    """The region's templates; the library's defaults until a planner stores others."""
    return templates_of_regions(session, [region])[region]


def templates_of_regions(
    session: Session, regions: Iterable[str]
) -> dict[str, tuple[ShiftTemplate, ...]]:
    """`templates_for` of many regions in one query."""
    codes = sorted(set(regions))
    stored: dict[str, list[ShiftTemplateRow]] = {code: [] for code in codes}
    for row in session.exec(
        select(ShiftTemplateRow)
        .where(col(ShiftTemplateRow.region).in_(codes))
        .order_by(col(ShiftTemplateRow.start_time), col(ShiftTemplateRow.name))
    ):
        stored[row.region].append(row)
    return {
        code: tuple(template_of(r) for r in rows) if rows else default_templates()
        for code, rows in stored.items()
    }


def all_pools(session: Session) -> list[CoveragePoolRow]:
    return list(session.exec(select(CoveragePoolRow).order_by(col(CoveragePoolRow.code))))


def pool_of_region(pools: Iterable[CoveragePoolRow], region: str) -> CoveragePoolRow | None:
    return next((p for p in pools if region in p.regions), None)


def lock_roster(session: Session, regions: Iterable[str]) -> None:
    """Take the write lock of these regions and their pool partners before reading what a
    change is checked against: on PostgreSQL two planners (or a planner and a generation)
    changing overlapping rosters queue instead of both validating against the old state.
    On SQLite the BEGIN IMMEDIATE transaction is the lock already."""
    write_lock(session, connected_regions(session, regions))


def connected_regions(session: Session, regions: Iterable[str]) -> frozenset[str]:
    """The regions plus every region they share a coverage pool with (transitively)."""
    pools = all_pools(session)
    found = set(regions)
    changed = True
    while changed:
        changed = False
        for pool in pools:
            members = set(pool.regions)
            if members & found and not members <= found:
                found |= members
                changed = True
    return frozenset(found)


def region_pools(session: Session, region: str) -> set[str]:
    """Pool codes whose positions belong to a region's roster: its own code and its pool's."""
    return region_pools_of(all_pools(session), region)


def region_pools_of(pools: Iterable[CoveragePoolRow], region: str) -> set[str]:
    """`region_pools` from pools already read."""
    pool = pool_of_region(pools, region)
    return {region} | ({pool.code} if pool else set())


def expected_positions(
    session: Session, regions: Iterable[str], start: date, end: date
) -> list[Position]:
    """Positions the templates ask for; a pool's shared templates come from its first member."""
    regions = sorted(set(regions))
    pools = [p for p in all_pools(session) if set(p.regions) & set(regions)]
    templates = templates_of_regions(session, {*regions, *(min(p.regions) for p in pools)})
    positions: list[Position] = []
    for region in regions:
        pool = pool_of_region(pools, region)
        shared = set(pool.shared_templates) if pool else set()
        own = tuple(t for t in templates[region] if t.name not in shared)
        positions += _built(region, own, start, end)
    for pool in pools:
        first = min(pool.regions)
        shared_templates = tuple(t for t in templates[first] if t.name in pool.shared_templates)
        positions += _built(pool.code, shared_templates, start, end)
    return positions


@lru_cache(maxsize=512)
def _built(
    code: str, templates: tuple[ShiftTemplate, ...], start: date, end: date
) -> tuple[Position, ...]:
    """`build_positions` remembered: the same templates and days give the same (immutable)
    positions, and the national overview asks for every region's week on each request."""
    return tuple(build_positions(code, templates, start, end))


@dataclass
class RosterData:
    """A roster range of connected regions, as read from the database."""

    regions: frozenset[str]
    start: date
    end: date
    positions: list[Position]  # inside the range, in time order
    context: list[Position]  # filled positions just outside the range (fixed)
    entries: dict[str, RosterEntry]  # position id -> stored entry (range and context)
    doctors: dict[int, Doctor]
    pools: tuple[CoveragePool, ...]
    specs: dict[int, DoctorSpec] = field(default_factory=dict)
    history: list[tuple[Position, str]] = field(default_factory=list)
    call_out: tuple[tuple[str, float], ...] = ()

    def problem(self, *, pins_only_context: bool = False) -> RosterProblem:
        """Range + context positions; pins are the planner's pins and the fixed context."""
        pins = [
            Pin(p.id, str(self.entries[p.id].doctor_id))
            for p in self.context
            if self.entries[p.id].doctor_id is not None
        ]
        if not pins_only_context:
            pins += [
                Pin(p.id, str(e.doctor_id))
                for p in self.positions
                if (e := self.entries.get(p.id)) is not None and e.pinned and e.doctor_id
            ]
        return RosterProblem(
            positions=tuple(self.positions + self.context),
            doctors=tuple(self.specs.values()),
            pins=tuple(pins),
            pools=self.pools,
            history=tuple(self.history),
            call_out=self.call_out,
        )

    def assignments(self) -> list[Assignment]:
        out = []
        for p in self.positions + self.context:
            entry = self.entries.get(p.id)
            doctor = entry.doctor_id if entry else None
            out.append(Assignment(p.id, str(doctor) if doctor is not None else None))
        return out

    def range_ids(self) -> set[str]:
        return {p.id for p in self.positions}


def load_roster(
    session: Session,
    regions: Iterable[str],
    start: date,
    end: date,
    *,
    with_history: bool = True,
) -> RosterData:
    """Positions, entries, doctors and leave of connected regions over start..end; with the
    carry-over and call-out shares the working-time rules read unless ``with_history`` is
    off (for what only counts the range, such as fairness)."""
    regions = connected_regions(session, regions)
    pools = tuple(pool_of(p) for p in all_pools(session) if set(p.regions) & regions)
    codes = set(regions) | {p.code for p in pools}
    range_from, range_to = day_start(start), day_start(end + timedelta(days=1))
    rows = session.exec(
        select(RosterEntry).where(
            col(RosterEntry.pool).in_(sorted(codes)),
            col(RosterEntry.start_at) >= range_from - CONTEXT,
            col(RosterEntry.start_at) < range_to + CONTEXT,
        )
    ).all()
    entries = {e.position_id: e for e in rows}
    positions = {p.id: p for p in expected_positions(session, regions, start, end)}
    context: list[Position] = []
    for entry in rows:
        position = position_of_entry(entry)
        inside = range_from <= position.start < range_to
        if inside:
            positions.setdefault(position.id, position)
        elif entry.doctor_id is not None:
            context.append(position)
    doctors = {d.id: d for d in doctors_in(session, regions) if d.id is not None}
    referenced = {e.doctor_id for e in rows if e.doctor_id is not None} - set(doctors)
    for doctor_id in referenced:
        extra = session.get(Doctor, doctor_id)
        if extra is not None:
            doctors[doctor_id] = extra
    carried = (
        session.exec(
            select(RosterEntry).where(
                col(RosterEntry.pool).in_(sorted(codes)),
                col(RosterEntry.doctor_id).is_not(None),
                col(RosterEntry.start_at) >= range_from - CARRY_BEFORE,
                col(RosterEntry.start_at) < range_to + CARRY_AFTER,
            )
        ).all()
        if with_history
        else []
    )
    history = [
        (position_of_entry(e), str(e.doctor_id))
        for e in carried
        if not range_from <= e.start_at < range_to
    ]
    leave = unavailability_of(session, list(doctors))
    specs = {doctor_id: doctor_spec(d, leave[doctor_id]) for doctor_id, d in doctors.items()}
    ordered = sorted(positions.values(), key=lambda p: (p.start, p.role != "primary", p.id))
    return RosterData(
        regions=regions,
        start=start,
        end=end,
        positions=ordered,
        context=sorted(context, key=lambda p: (p.start, p.id)),
        entries=entries,
        doctors=doctors,
        pools=pools,
        specs=specs,
        history=sorted(history, key=lambda item: (item[0].start, item[0].id)),
        call_out=call_out_fractions(session, codes, range_from) if with_history else (),
    )


def call_out_fractions(
    session: Session, codes: Iterable[str], until: datetime
) -> tuple[tuple[str, float], ...]:
    """Per region or pool code: the share of its on-call hours in the 16 weeks before `until`
    that the doctor on call spent on examinations (started or completed). Codes with less
    than a month of on-call history keep the rules' default."""
    since = until - CALL_OUT_HISTORY
    on_call = session.exec(
        select(RosterEntry).where(
            col(RosterEntry.pool).in_(sorted(set(codes))),
            RosterEntry.kind == "on_call",
            col(RosterEntry.doctor_id).is_not(None),
            col(RosterEntry.start_at) >= since,
            col(RosterEntry.start_at) < until,
        )
    ).all()
    if not on_call:
        return ()
    doctors = sorted({e.doctor_id for e in on_call if e.doctor_id is not None})
    work: dict[int, list[tuple[datetime, datetime]]] = {d: [] for d in doctors}
    for a in session.exec(
        select(Examined).where(
            col(Examined.doctor_id).in_(doctors),
            col(Examined.status).in_(WORKED),
            col(Examined.end_at) > since,
            col(Examined.start_at) < until,
        )
    ):
        work[a.doctor_id].append((a.start_at, a.end_at))
    hours: dict[str, float] = {}
    worked: dict[str, float] = {}
    for e in on_call:
        start, end = e.start_at, e.end_at
        hours[e.pool] = hours.get(e.pool, 0.0) + (end - start) / HOUR
        busy = sum(
            max(0.0, (min(end, b) - max(start, a)) / HOUR) for a, b in work[e.doctor_id or 0]
        )
        worked[e.pool] = worked.get(e.pool, 0.0) + busy
    return tuple(
        (code, round(worked[code] / total, 3))
        for code, total in sorted(hours.items())
        if total >= MIN_ON_CALL_HOURS
    )
