"""Generating a roster: read inputs in one short session, solve without holding a session, then
write the result in ONE transaction that replaces the range's non-pinned entries.

Used by the background job (API, web pages), the CLI and the demo loader alike.
"""

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.rosters.adapters import entry_of
from fmek.rosters.data import RosterData, day_start, load_roster, lock_roster
from fmek.rosters.models import EntrySource, RosterEntry
from routing.roster import RosterProblem, RosterResult, generate_roster

Progress = Callable[[float], None]
UNFILLED_LISTED = 200


def solving_problem(data: RosterData) -> RosterProblem:
    """The stored problem without inactive doctors (unless a pin or the context holds them)."""
    problem = data.problem()
    keep = {pin.doctor_id for pin in problem.pins}
    doctors = tuple(
        spec
        for doctor_id, spec in data.specs.items()
        if data.doctors[doctor_id].active or spec.id in keep
    )
    return replace(problem, doctors=doctors)


def generate(
    engine: Engine,
    regions: Iterable[str],
    start: date,
    end: date,
    *,
    time_limit_s: float,
    actor: Actor | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Solve and store the roster of the regions (with their pool partners); a summary back."""
    with Session(engine, expire_on_commit=False) as session:
        data = load_roster(session, regions, start, end)
        session.commit()
    problem = solving_problem(data)
    result = generate_roster(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        progress=(lambda fraction, _objective: progress(fraction)) if progress else None,
        hint=data.assignments(),
    )
    with Session(engine, expire_on_commit=False) as session:
        _write(session, data, result, actor or Actor.system())
    return summary(data, result)


def _write(session: Session, data: RosterData, result: RosterResult, actor: Actor) -> None:
    lock_roster(session, data.regions)
    codes = sorted(set(data.regions) | {p.code for p in data.pools})
    window = (
        col(RosterEntry.pool).in_(codes),
        col(RosterEntry.start_at) >= day_start(data.start),
        col(RosterEntry.start_at) < day_start(data.end + timedelta(days=1)),
    )
    # Pins made while the solver ran are kept too: read them inside this transaction.
    pinned = set(
        session.exec(select(RosterEntry.position_id).where(*window, col(RosterEntry.pinned)))
    )
    session.exec(delete(RosterEntry).where(*window, col(RosterEntry.pinned).is_(False)))
    chosen = {a.position_id: a.doctor_id for a in result.assignments}
    for position in data.positions:
        if position.id in pinned:
            continue
        doctor = chosen.get(position.id)
        session.add(
            entry_of(
                position,
                int(doctor) if doctor is not None else None,
                pinned=False,
                source=EntrySource.GENERATED.value,
            )
        )
    record(
        session,
        actor,
        AuditAction.UPDATE,
        "roster",
        ",".join(sorted(data.regions))[:64],
        detail=f"generated {data.start}..{data.end} ({result.status})",
    )
    session.commit()


def summary(data: RosterData, result: RosterResult) -> dict[str, Any]:
    inside = data.range_ids()
    unfilled = [
        {"position_id": position_id, "reason": reason}
        for position_id, reason in result.unfilled
        if position_id in inside
    ]
    hard = [v for v in result.violations if v.severity == "hard"]
    soft = [v for v in result.violations if v.severity == "soft"]
    return {
        "status": result.status,
        "objective": result.objective,
        "solve_seconds": round(result.solve_seconds, 2),
        "regions": sorted(data.regions),
        "positions": len(inside),
        "filled": len(inside) - len(unfilled),
        "unfilled_count": len(unfilled),
        "unfilled": unfilled[:UNFILLED_LISTED],
        "hard_violations": len(hard),
        "soft_violations": len(soft),
        "hard_rules": sorted({v.rule for v in hard}),
    }
