"""The planning run: read the pool, solve outside any transaction, write the plan in one.

    planning lock (region + neighbours)
      1. short transaction: examinations for GGD referrals that have none yet
      2. short transaction: a PlanRun row (status running)
      3. short read: the snapshot (doctors, shifts, open examinations, pinned work)
      4. solve, no transaction open (CP-SAT/routing may take the whole time limit)
      5. one transaction under the write lock: re-validate what was read (versions), write
         proposals, notices and escalations, check that no doctor is double-booked, finish
         the PlanRun — or roll everything back, leaving the previous plan as it was.

A stale snapshot (a doctor accepted or declined between 3 and 5) is retried from 3.

Long because the planning run is one protocol (lock, snapshot, solve, write, re-check) that is read
in order here.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fmek.allocation import engine as solver
from fmek.allocation.adapters import (
    Snapshot,
    doctor_of_key,
    examination_for,
    pool_regions,
    read_snapshot,
    region_point,
)
from fmek.allocation.escalation import availability_reason, escalate_referral
from fmek.allocation.locks import planning_lock, write_lock
from fmek.allocation.models import (
    LIVE_VALUES,
    Assignment,
    AssignmentNotice,
    AssignmentStatus,
    Examination,
    ExaminationStatus,
    NoticeKind,
    PlanRun,
    PlanRunStatus,
)
from fmek.allocation.reasons import PlanReader, local_time
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import utcnow
from fmek.doctors.staffed import staffed_regions
from fmek.referrals.access import has_task, needs_examination
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from fmek.referrals.service import current_decision
from fmek.settings import Settings
from routing.allocation import Result
from routing.vocabulary import TaskKind

log = logging.getLogger("fmek.allocation")

ATTEMPTS = 3
CLOSED_REFERRAL = {ReferralStatus.WITHDRAWN.value, ReferralStatus.CLOSED.value}


class StalePlan(Exception):
    """What the run read changed before it could write; read and solve again."""


class DoubleBooking(Exception):
    """The plan would give a doctor two examinations at once; nothing is written."""


@dataclass
class PlanOutcome:
    run_id: int | None
    status: PlanRunStatus
    region: str
    pool: list[str]
    examinations: int = 0
    assigned: int = 0
    moved: int = 0
    escalated: list[str] = field(default_factory=list)


# --- entry points -----------------------------------------------------------------------


def plan_region(
    engine: Engine,
    region: str,
    *,
    settings: Settings,
    actor: Actor,
    trigger: str,
    only_if_unplanned: int | None = None,
) -> PlanOutcome:
    """Re-plan `region` over the doctors of its pool; see the module docstring.

    ``only_if_unplanned``: an examination id; when a run that waited for the lock finds it
    already planned by the run before (concurrent submissions), it does nothing. That
    coalesces a burst of referrals into a few runs.
    """
    pool = pool_regions(region)
    with planning_lock(engine, pool):
        ensure_examinations(engine, region, settings=settings)
        if only_if_unplanned is not None and _already_planned(engine, only_if_unplanned):
            return PlanOutcome(None, PlanRunStatus.SKIPPED, region, pool)
        run_id = _start_run(engine, region, pool, trigger)
        try:
            return _run(engine, run_id, region, settings=settings, actor=actor)
        except Exception as exc:
            _fail_run(engine, run_id, exc)
            raise


def pool_has_doctors(session: Session, region: str) -> bool:
    """Regions whose GGD keeps no doctors in FMEK are not planned (nor escalated) by it.

    It runs for every GGD referral, so it answers from the per-process set of staffed regions
    (``fmek.doctors.staffed``); the sweep refreshes that set before it asks."""
    return not staffed_regions(session).isdisjoint(pool_regions(region))


def routed_without_examination() -> tuple[ColumnElement[bool], ...]:
    """Conditions on Referral: routed, its decision has a `ggd_examination` task, and no
    examination made for it yet."""
    return (
        has_task(TaskKind.GGD_EXAMINATION),
        col(Referral.status) == ReferralStatus.ROUTED.value,
        col(Referral.id).not_in(select(Examination.referral_id)),
    )


def ensure_examinations(engine: Engine, region: str, *, settings: Settings) -> int:
    """Create the examination of every referral of the region whose decision has a
    `ggd_examination` task and that has none yet (idempotent)."""
    with Session(engine) as session:
        missing = session.exec(
            select(Referral.id)
            .where(Referral.ggd_region == region, *routed_without_examination())
            .order_by(col(Referral.submitted_at))
        ).all()
    return sum(ensure_examination(engine, r, settings=settings) is not None for r in missing)


def ensure_examination(engine: Engine, referral_id: str, *, settings: Settings) -> int | None:
    """The id of the referral's examination (its `ggd_examination` task), created if it has
    none; None when the current decision has no such task."""
    with Session(engine) as session:
        existing = session.exec(
            select(Examination.id).where(Examination.referral_id == referral_id)
        ).first()
        if existing is not None:
            return existing
        referral = session.get(Referral, referral_id)
        if referral is None or not needs_examination(referral):
            return None
        exam = examination_for(
            referral,
            current_decision(session, referral),
            region_point(session, referral.ggd_region),
            settings,
        )
        session.add(exam)
        try:
            session.commit()
        except IntegrityError:  # created at the same moment by another run: use that one
            session.rollback()
            return session.exec(
                select(Examination.id).where(Examination.referral_id == referral_id)
            ).first()
        return exam.id


# --- the run ----------------------------------------------------------------------------


def _already_planned(engine: Engine, examination_id: int) -> bool:
    with Session(engine) as session:
        exam = session.get(Examination, examination_id)
        return exam is None or exam.last_plan_run is not None


def _start_run(engine: Engine, region: str, pool: list[str], trigger: str) -> int:
    with Session(engine) as session:
        run = PlanRun(region=region, pool=",".join(pool), trigger=trigger[:20])
        session.add(run)
        session.commit()
        assert run.id is not None
        return run.id


def _fail_run(engine: Engine, run_id: int, exc: Exception) -> None:
    log.error("planning run %s failed: %s", run_id, type(exc).__name__)
    with Session(engine) as session:
        run = session.get(PlanRun, run_id)
        if run is not None:
            run.status = PlanRunStatus.FAILED.value
            run.finished_at = utcnow()
            run.error = type(exc).__name__[:200]
            session.add(run)
            session.commit()


def _run(
    engine: Engine, run_id: int, region: str, *, settings: Settings, actor: Actor
) -> PlanOutcome:
    for attempt in range(1, ATTEMPTS + 1):
        now = utcnow()
        with Session(engine, expire_on_commit=False) as session:
            snapshot = read_snapshot(session, region, now, settings)
            session.commit()  # ends the read; expire_on_commit=False keeps the rows usable
        if snapshot.movable:
            result = solver.solve(snapshot.instance, time_limit_s=settings.allocation_time_limit_s)
            problems = solver.violations(snapshot.instance, result)
            if problems:
                raise DoubleBooking("solver result failed verification: " + "; ".join(problems[:3]))
        else:
            result = None
        try:
            return _write(engine, run_id, snapshot, result, attempt=attempt, actor=actor)
        except StalePlan:
            log.info("planning run %s: plan changed while solving, attempt %s", run_id, attempt)
    raise StalePlan(f"the plan of {region} kept changing during {ATTEMPTS} attempts")


def _write(
    engine: Engine,
    run_id: int,
    snapshot: Snapshot,
    result: Result | None,
    *,
    attempt: int,
    actor: Actor,
) -> PlanOutcome:
    outcome = PlanOutcome(run_id, PlanRunStatus.DONE, snapshot.region, snapshot.pool)
    with Session(engine, expire_on_commit=False) as session:
        write_lock(session, snapshot.pool)
        _revalidate(session, snapshot)
        if result is not None:
            reader = PlanReader(snapshot.instance, result, snapshot.names)
            for request_id, exam_read in snapshot.movable.items():
                exam = session.get(Examination, exam_read.id)
                assert exam is not None
                _apply(session, snapshot, reader, request_id, exam, run_id, outcome, actor)
        assert_no_double_booking(session, snapshot.doctor_ids)
        run = session.get(PlanRun, run_id)
        assert run is not None
        run.status = PlanRunStatus.DONE.value
        run.finished_at = utcnow()
        run.attempts = attempt
        run.examinations = outcome.examinations
        run.assigned = outcome.assigned
        run.moved = outcome.moved
        run.escalated = len(outcome.escalated)
        session.add(run)
        record(
            session,
            actor,
            AuditAction.UPDATE,
            "plan_run",
            run_id,
            detail=(
                f"region {snapshot.region}: {outcome.examinations} examinations, "
                f"{outcome.assigned} assigned, {outcome.moved} moved, "
                f"{len(outcome.escalated)} escalated"
            ),
        )
        session.commit()
    return outcome


def _revalidate(session: Session, snapshot: Snapshot) -> None:
    if snapshot.versions:
        rows = session.exec(
            select(Examination.id, Examination.version).where(
                col(Examination.id).in_(list(snapshot.versions))
            )
        ).all()
        if dict(rows) != snapshot.versions:
            raise StalePlan("an examination changed")
    live = session.exec(
        select(Assignment.id).where(
            col(Assignment.doctor_id).in_(snapshot.doctor_ids or [-1]),
            col(Assignment.status).in_(LIVE_VALUES),
        )
    ).all()
    if set(live) != snapshot.live_ids:
        raise StalePlan("a doctor's plan changed")


def _apply(
    session: Session,
    snapshot: Snapshot,
    reader: PlanReader,
    request_id: str,
    exam: Examination,
    run_id: int,
    outcome: PlanOutcome,
    actor: Actor,
) -> None:
    now = snapshot.now
    outcome.examinations += 1
    assert exam.id is not None
    proposal = snapshot.proposals.get(exam.id)
    current = session.get(Assignment, proposal.id) if proposal is not None else None
    exam.last_plan_run = run_id
    exam.updated_at = now
    referral = session.get(Referral, exam.referral_id)
    if referral is None or referral.status in CLOSED_REFERRAL or not needs_examination(referral):
        _withdraw(session, current, run_id, now)
        exam.status = ExaminationStatus.CANCELLED
        exam.version += 1
        session.add(exam)
        return
    placed = reader.placed.get(request_id)
    request = reader.requests[request_id]
    if placed is None or placed.start > request.deadline:
        explanation = reader.unplanned(request_id, snapshot.region)
        _withdraw(session, current, run_id, now)
        exam.status = ExaminationStatus.ESCALATED
        exam.explanation = explanation
        exam.version += 1
        session.add(exam)
        reason = availability_reason(
            snapshot.region, local_time(request.deadline), explanation.get("earliest_start")
        )
        escalate_referral(session, exam.referral_id, reason=reason, now=now, actor=actor)
        outcome.escalated.append(exam.referral_id)
        return
    doctor_id = doctor_of_key(placed.doctor)
    explanation = reader.assignment(request_id)
    outcome.assigned += 1
    exam.explanation = None
    if current is not None and current.doctor_id == doctor_id:
        if current.start_at != placed.start:
            outcome.moved += 1
            current.previous_start_at = current.start_at
            current.start_at = placed.start
            current.end_at = placed.end
            current.changed_at = now
            _notice(session, current, NoticeKind.MOVED, run_id, now)
            exam.version += 1
        current.travel_min = explanation["travel_min"]
        current.explanation = explanation
        current.plan_version = run_id
        current.updated_at = now
        session.add(current)
    else:
        if current is not None:
            outcome.moved += 1
        _withdraw(session, current, run_id, now)
        new = Assignment(
            examination_id=exam.id,
            doctor_id=doctor_id,
            start_at=placed.start,
            end_at=placed.end,
            travel_min=explanation["travel_min"],
            explanation=explanation,
            plan_version=run_id,
            changed_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(new)
        session.flush()
        _notice(session, new, NoticeKind.ASSIGNED, run_id, now)
        exam.version += 1
    exam.status = ExaminationStatus.ASSIGNED
    session.add(exam)


def _withdraw(session: Session, assignment: Assignment | None, run_id: int, now: datetime) -> None:
    if assignment is None:
        return
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.changed_at = now
    assignment.updated_at = now
    session.add(assignment)
    _notice(session, assignment, NoticeKind.REMOVED, run_id, now)


def _notice(
    session: Session, a: Assignment, kind: NoticeKind, run_id: int | None, now: datetime
) -> None:
    assert a.id is not None
    session.add(
        AssignmentNotice(
            doctor_id=a.doctor_id,
            assignment_id=a.id,
            kind=kind,
            start_at=a.start_at,
            previous_start_at=a.previous_start_at if kind is NoticeKind.MOVED else None,
            plan_version=run_id,
            created_at=now,
        )
    )


def assert_no_double_booking(session: Session, doctor_ids: list[int]) -> None:
    """The last guard before commit: no doctor's live assignments overlap in time."""
    session.flush()
    rows = session.exec(
        select(Assignment.doctor_id, Assignment.start_at, Assignment.end_at)
        .where(
            col(Assignment.doctor_id).in_(doctor_ids or [-1]),
            col(Assignment.status).in_(LIVE_VALUES),
        )
        .order_by(col(Assignment.doctor_id), col(Assignment.start_at))
    ).all()
    previous: tuple[int, datetime] | None = None
    for doctor_id, start, end in rows:
        if previous is not None and previous[0] == doctor_id and start < previous[1]:
            raise DoubleBooking(f"doctor {doctor_id} would have overlapping examinations")
        if previous is None or previous[0] != doctor_id or end > previous[1]:
            previous = (doctor_id, end)
