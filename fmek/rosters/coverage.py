"""National coverage: per region, the share of rostered hours with a qualified primary and back-up;
and the on-shift intervals allocation plans with."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from fmek.clock import AMSTERDAM, as_utc
from fmek.doctors.service import doctors_in, valid_qualifications
from fmek.reference.service import list_regions
from fmek.rosters.data import (
    all_pools,
    day_start,
    expected_positions,
)
from fmek.rosters.models import (
    CoverageOut,
    RegionCoverage,
    RosterEntry,
)
from fmek.rosters.rolling import rolling_statuses
from routing.roster import (
    Position,
)


def coverage(session: Session, start: date, end: date) -> CoverageOut:
    """Per region: share of rostered hours whose shift has a qualified primary AND back-up."""
    regions = list_regions(session)
    codes = [r.code for r in regions]
    positions = expected_positions(session, codes, start, end)
    pool_codes = {p.pool for p in positions}
    assigned: dict[str, int | None] = dict(
        session.exec(
            select(col(RosterEntry.position_id), col(RosterEntry.doctor_id)).where(
                col(RosterEntry.pool).in_(sorted(pool_codes)),
                col(RosterEntry.start_at) >= day_start(start),
                col(RosterEntry.start_at) < day_start(end + timedelta(days=1)),
            )
        ).all()
    )
    doctors = {d.id: d for d in doctors_in(session, codes)}
    slots: dict[tuple[str, datetime, str], list[Position]] = defaultdict(list)
    for p in positions:
        slots[(p.pool, p.start, p.kind)].append(p)

    valid: dict[tuple[int, date], set[str]] = {}

    def qualified(p: Position) -> bool:
        doctor_id = assigned.get(p.id)
        doctor = doctors.get(doctor_id) if doctor_id is not None else None
        if doctor is None or doctor.id is None:
            return False
        key = (doctor.id, as_utc(p.end).astimezone(AMSTERDAM).date())
        if key not in valid:
            valid[key] = set(valid_qualifications(doctor, key[1]))
        return p.required_qualifications <= valid[key]

    per_pool: dict[str, list[tuple[float, bool, int]]] = defaultdict(list)
    for (pool, _start, _kind), members in slots.items():
        filled = [qualified(p) for p in members]
        slot_covered = all(filled) and len(members) >= 2
        slot_gaps = filled.count(False)
        per_pool[pool].append((members[0].hours, slot_covered, slot_gaps))
    pool_members = {p.code: set(p.regions) for p in all_pools(session)}
    rolling = rolling_statuses(session, codes)
    rows = []
    for region in regions:
        mine = [region.code] + [c for c, members in pool_members.items() if region.code in members]
        hours = sum(h for c in mine for h, _cov, _g in per_pool.get(c, []))
        covered = sum(h for c in mine for h, cov, _g in per_pool.get(c, []) if cov)
        gaps = sum(g for c in mine for _h, _cov, g in per_pool.get(c, []))
        planned_until, open_gaps = rolling[region.code]
        rows.append(
            RegionCoverage(
                code=region.code,
                name=region.name,
                hours=round(hours, 1),
                covered_hours=round(covered, 1),
                share=round(covered / hours, 4) if hours else 0.0,
                gaps=gaps,
                planned_until=planned_until,
                open_gaps=open_gaps,
            )
        )
    return CoverageOut.model_validate({"from": start, "to": end, "regions": rows})


def shifts_for(
    session: Session, region_codes: Iterable[str], start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """On-shift intervals (UTC, merged where they touch) per active doctor of the regions,
    clipped to nothing: whole shifts that overlap [start, end) are returned."""
    doctors = [d.id for d in doctors_in(session, region_codes) if d.id is not None]
    out: dict[int, list[tuple[datetime, datetime]]] = {d: [] for d in doctors}
    if not doctors:
        return out
    rows = session.exec(
        select(RosterEntry)
        .where(
            col(RosterEntry.doctor_id).in_(doctors),
            col(RosterEntry.start_at) < end,
            col(RosterEntry.end_at) > start,
        )
        .order_by(col(RosterEntry.start_at))
    ).all()
    for row in rows:
        assert row.doctor_id is not None
        interval = (row.start_at, row.end_at)
        mine = out[row.doctor_id]
        if mine and interval[0] <= mine[-1][1]:
            mine[-1] = (mine[-1][0], max(mine[-1][1], interval[1]))
        else:
            mine.append(interval)
    return out
