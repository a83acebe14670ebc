"""Roster use cases: read a region's roster with its violations, change or pin one assignment.

Fairness, exports, national coverage, shift templates and coverage pools have their own modules
(`fairness.py`, `exports.py`, `coverage.py`, `templates.py`, `pools.py`)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlmodel import Session

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import AMSTERDAM, utcnow
from fmek.doctors.service import qualification_until
from fmek.errors import Conflict, NotFound, Problem, ValidationFailed
from fmek.reference.service import get_region
from fmek.rosters.adapters import (
    entry_of,
    position_out,
    violations_out,
)
from fmek.rosters.data import (
    RosterData,
    load_roster,
    lock_roster,
    region_pools,
)
from fmek.rosters.models import (
    AssignmentChange,
    AssignmentResult,
    EntrySource,
    RosterDoctorOut,
    RosterOut,
)
from routing.roster import (
    Assignment,
    Position,
    Violation,
    verify,
)

RULE_CONTEXT_DAYS = 27  # the widest rule (on-call days per 4 weeks) looks 28 days around a change


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    start = start or utcnow().astimezone(AMSTERDAM).date()
    end = end or start + timedelta(days=6)
    if end < start:
        raise ValidationFailed(
            "'to' must not be before 'from'", type="end_before_start", loc=("query", "to")
        )
    if (end - start).days > 92:
        raise ValidationFailed(
            "ask for at most 93 days at once", type="range_too_long", loc=("query", "to")
        )
    return start, end


# --- reading ----------------------------------------------------------------------------


def _shown(data: RosterData, pools: set[str]) -> list[Position]:
    return [p for p in data.positions if p.pool in pools]


def _region_violations(
    violations: Iterable[Violation], shown: set[str], region_doctors: set[str]
) -> list[Violation]:
    return [
        v
        for v in violations
        if (v.position_id in shown) or (v.position_id is None and v.doctor_id in region_doctors)
    ]


def roster_view(session: Session, region: str, start: date, end: date) -> RosterOut:
    """The region's positions (its own and its pool's shared line), doctors and violations."""
    get_region(session, region)
    data = load_roster(session, [region], start, end)
    pools = region_pools(session, region)
    shown = _shown(data, pools)
    shown_ids = {p.id for p in shown}
    region_doctor_ids = {str(i) for i, d in data.doctors.items() if d.region == region}
    violations = _region_violations(
        verify(data.problem(), data.assignments()), shown_ids, region_doctor_ids
    )
    used = {e.doctor_id for p in shown if (e := data.entries.get(p.id)) and e.doctor_id}
    doctors = [
        d
        for i, d in sorted(data.doctors.items(), key=lambda item: (item[1].name, item[0]))
        if (d.region == region and d.active) or i in used
    ]
    return RosterOut.model_validate(
        {
            "region": region,
            "from": start,
            "to": end,
            "positions": [position_out(p, data.entries.get(p.id), data.doctors) for p in shown],
            "doctors": [
                RosterDoctorOut(
                    id=d.id or 0,
                    name=d.name,
                    qualifications=list(d.qualifications),
                    contract_hours=d.contract_hours,
                    region=d.region,
                    employment="hired" if d.employment == "hired" else "employed",
                    big_valid_until=d.big_valid_until,
                    qualifications_valid_until=qualification_until(d),
                )
                for d in doctors
            ],
            "violations": violations_out(violations),
        }
    )


def parse_position_id(position_id: str) -> tuple[str, datetime, str, str]:
    """(pool, local start, kind, role) from a position id `pool:start-iso:kind:role`."""
    try:
        pool, rest = position_id.split(":", 1)
        moment, kind, role = rest.rsplit(":", 2)
        return pool, datetime.fromisoformat(moment), kind, role
    except ValueError:
        raise NotFound(
            "no such position in this roster",
            type="unknown_position",
            loc=("body", "position_id"),
        ) from None


def _position_in_region(
    session: Session, region: str, position_id: str
) -> tuple[RosterData, Position]:
    pool, start, _kind, _role = parse_position_id(position_id)
    if pool not in region_pools(session, region):
        raise NotFound(
            f"position is not part of the roster of {region}",
            type="unknown_position",
            loc=("body", "position_id"),
        )
    day = start.astimezone(AMSTERDAM).date()
    context = timedelta(days=RULE_CONTEXT_DAYS)
    data = load_roster(session, [region], day - context, day + context)
    position = next((p for p in data.positions if p.id == position_id), None)
    if position is None:
        raise NotFound(
            "no such position in this roster (check the shift templates)",
            type="unknown_position",
            loc=("body", "position_id"),
        )
    return data, position


def _key(v: Violation) -> tuple[str, str | None, str | None]:
    return (v.rule, v.position_id, v.doctor_id)


def change_assignment(
    session: Session, region: str, change: AssignmentChange, actor: Actor
) -> AssignmentResult:
    """Put a doctor (or nobody) in a position; a new hard violation refuses (409), soft ones
    come back as warnings. Pinned entries survive regeneration."""
    lock_roster(session, [region])
    data, position = _position_in_region(session, region, change.position_id)
    if change.doctor is not None:
        # A doctor outside the pools covering this region answers exactly like a missing one:
        # a planner learns nothing about other regions' doctors by trying ids.
        doctor = data.doctors.get(change.doctor)
        if doctor is None or not doctor.active:
            raise ValidationFailed(
                f"no active doctor with id {change.doctor} among the doctors of this region's pools",
                type="unknown_doctor",
                loc=("body", "doctor"),
            )
    problem = replace(data.problem(), pins=())
    before = verify(problem, data.assignments())
    new_doctor = str(change.doctor) if change.doctor is not None else None
    after_assignments = [
        Assignment(a.position_id, new_doctor) if a.position_id == position.id else a
        for a in data.assignments()
    ]
    after = verify(problem, after_assignments)
    added = Counter(_key(v) for v in after) - Counter(_key(v) for v in before)
    new = [v for v in after if added[_key(v)] > 0]
    hard = [v for v in new if v.severity == "hard"]
    if hard:
        raise Conflict(
            problems=[_problem(v) for v in hard],
        )
    entry = data.entries.get(position.id)
    if entry is None:
        entry = entry_of(position, None, pinned=False, source=EntrySource.MANUAL.value)
    entry.doctor_id = change.doctor
    entry.pinned = change.pinned
    entry.source = EntrySource.MANUAL.value
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    record(
        session,
        actor,
        AuditAction.UPDATE,
        "roster_entry",
        entry.id,
        detail=f"doctor {change.doctor} pinned {change.pinned}",
    )
    session.commit()
    warnings = [v for v in new if v.severity != "hard"]
    return AssignmentResult(
        position=position_out(position, entry, data.doctors), warnings=violations_out(warnings)
    )


def _problem(v: Violation) -> Problem:
    return Problem(f"{v.rule}: {v.message}", v.rule, ("body", "doctor"))


def unpin(session: Session, region: str, position_id: str, actor: Actor) -> AssignmentResult:
    """Release a pin: the doctor stays until the next generation may change them."""
    lock_roster(session, [region])
    data, position = _position_in_region(session, region, position_id)
    entry = data.entries.get(position.id)
    if entry is None or not entry.pinned:
        raise NotFound(
            "this position is not pinned", type="not_pinned", loc=("body", "position_id")
        )
    entry.pinned = False
    entry.updated_at = utcnow()
    session.add(entry)
    record(session, actor, AuditAction.UPDATE, "roster_entry", entry.id, detail="unpinned")
    session.commit()
    return AssignmentResult(position=position_out(position, entry, data.doctors), warnings=[])
