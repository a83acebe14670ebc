"""Allocation use cases: planning on referral and on demand, the doctor's answers, the plans.

Doctors' actions are short transactions under the write lock of the regions involved, so a plan
being written at the same moment either sees them (and re-plans around them) or finishes first.

Long because the doctor's answers and the plan views share the lock and audit helpers here; the
planning run itself is planning.py.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.allocation.adapters import assignment_public, examination_public, plan_run_public
from fmek.allocation.jobs import request_planning
from fmek.allocation.locks import write_lock
from fmek.allocation.models import (
    LIVE_VALUES,
    OPEN_EXAMINATION_VALUES,
    Assignment,
    AssignmentNotice,
    AssignmentPublic,
    AssignmentStatus,
    Examination,
    ExaminationStatus,
    NoticePublic,
    PlanRun,
    PlanRunPublic,
    PlanRunStatus,
    RegionPlan,
    WaitingReferral,
)
from fmek.allocation.planning import (
    PlanOutcome,
    plan_region,
    pool_has_doctors,
    routed_without_examination,
)
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import User
from fmek.clock import utcnow
from fmek.doctors.access import require_planner_of
from fmek.doctors.models import Doctor
from fmek.doctors.service import own_doctor
from fmek.errors import InvalidState, NotFound, PermissionDenied
from fmek.reference.service import get_region
from fmek.referrals.access import has_task, needs_examination
from fmek.referrals.lifecycle import ReferralStatus, can_move
from fmek.referrals.models import Referral
from fmek.referrals.service import apply_status
from fmek.settings import Settings
from routing.vocabulary import TaskKind

log = logging.getLogger("fmek.allocation")

RECORD = "assignment"
RECENT = timedelta(days=7)


# --- planning ---------------------------------------------------------------------------


def wants_planning(session: Session, referral: Referral) -> bool:
    """A referral with a GGD examination in a region (or next to one) whose GGD keeps doctors in
    FMEK is planned; asked inside the intake transaction, so the hot path pays one read and no
    extra commit."""
    return needs_examination(referral) and pool_has_doctors(session, referral.ggd_region)


PLANNED_VALUES = {
    ExaminationStatus.ASSIGNED.value,
    ExaminationStatus.ACCEPTED.value,
    ExaminationStatus.STARTED.value,
    ExaminationStatus.COMPLETED.value,
}


def planning_states(session: Session, referral_ids: list[str]) -> dict[str, str]:
    """ "pending", "planned" or "escalated" per referral FMEK plans (two reads for a page)."""
    exams = session.exec(
        select(Examination.referral_id, Examination.status).where(
            col(Examination.referral_id).in_(referral_ids)
        )
    ).all()
    states: dict[str, str] = {}
    for referral_id, status in exams:
        if status in PLANNED_VALUES:
            states[referral_id] = "planned"
        elif status == ExaminationStatus.ESCALATED.value:
            states[referral_id] = "escalated"
        elif status == ExaminationStatus.PENDING.value:
            states[referral_id] = "pending"
    waiting = session.exec(
        select(Referral).where(
            col(Referral.id).in_([i for i in referral_ids if i not in states]),
            has_task(TaskKind.GGD_EXAMINATION),
            Referral.status == ReferralStatus.ROUTED.value,
        )
    ).all()
    for referral in waiting:
        if referral.id not in {r for r, _ in exams} and wants_planning(session, referral):
            states[referral.id] = "pending"
    return states


def replan(
    engine: Engine, region: str, *, settings: Settings, actor: Actor, trigger: str = "on_demand"
) -> PlanRunPublic:
    outcome = plan_region(engine, region, settings=settings, actor=actor, trigger=trigger)
    return _outcome_public(engine, outcome)


def replan_as_planner(
    session: Session, region: str, user: User, *, settings: Settings, actor: Actor
) -> PlanRunPublic:
    get_region(session, region)
    require_planner_of(user, region)
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    session.commit()  # ends the request's transaction; loaded rows stay usable (no expiry)
    return replan(engine, region, settings=settings, actor=actor)


def _outcome_public(engine: Engine, outcome: PlanOutcome) -> PlanRunPublic:
    if outcome.run_id is None:
        now = utcnow()
        return PlanRunPublic(
            id=0,
            region=outcome.region,
            pool=outcome.pool,
            trigger="coalesced",
            status=PlanRunStatus.SKIPPED,
            started_at=now,
            finished_at=now,
            examinations=0,
            assigned=0,
            moved=0,
            escalated=0,
        )
    with Session(engine) as session:
        run = session.get(PlanRun, outcome.run_id)
        assert run is not None
        return plan_run_public(run)


# --- reading ----------------------------------------------------------------------------


def my_assignments(session: Session, actor: Actor) -> list[AssignmentPublic]:
    """The doctor's live assignments and those of the last week, by start."""
    doctor = _own_doctor(session, actor)
    since = utcnow() - RECENT
    rows = session.exec(
        select(Assignment, Examination)
        .join(Examination, col(Examination.id) == Assignment.examination_id)
        .where(Assignment.doctor_id == doctor.id, col(Assignment.end_at) >= since)
        .order_by(col(Assignment.start_at), col(Assignment.id))
    ).all()
    record(
        session,
        actor,
        AuditAction.LIST,
        RECORD,
        detail=f"doctor {doctor.id}: {len(rows)}",
        disclosed=[e.referral_id for _a, e in rows],
    )
    session.commit()
    return [assignment_public(a, e) for a, e in rows]


def my_notices(session: Session, actor: Actor, *, limit: int = 50) -> list[NoticePublic]:
    doctor = _own_doctor(session, actor)
    rows = session.exec(
        select(AssignmentNotice)
        .where(AssignmentNotice.doctor_id == doctor.id)
        .order_by(col(AssignmentNotice.id).desc())
        .limit(limit)
    ).all()
    return [
        NoticePublic(
            id=n.id or 0,
            assignment_id=n.assignment_id,
            kind=n.kind,
            start_at=n.start_at,
            previous_start_at=n.previous_start_at,
            plan_version=n.plan_version,
            created_at=n.created_at,
        )
        for n in rows
    ]


def region_plan(session: Session, region: str, actor: Actor) -> RegionPlan:
    """The region's plan for its planners: live assignments with explanations, and what is not planned."""
    get_region(session, region)
    user = _user(actor)
    require_planner_of(user, region)
    rows = session.exec(
        select(Assignment, Examination)
        .join(Examination, col(Examination.id) == Assignment.examination_id)
        .where(Examination.region == region, col(Assignment.status).in_(LIVE_VALUES))
        .order_by(col(Assignment.start_at))
    ).all()
    unplanned = session.exec(
        select(Examination)
        .where(
            Examination.region == region,
            col(Examination.status).in_(
                [*OPEN_EXAMINATION_VALUES, ExaminationStatus.ESCALATED.value]
            ),
            col(Examination.id).not_in(
                select(Assignment.examination_id).where(col(Assignment.status).in_(LIVE_VALUES))
            ),
        )
        .order_by(col(Examination.deadline_at))
    ).all()
    waiting = session.exec(
        select(Referral)
        .where(Referral.ggd_region == region, *routed_without_examination())
        .order_by(col(Referral.submitted_at))
    ).all()
    version = session.exec(
        select(PlanRun.id)
        .where(PlanRun.region == region, PlanRun.status == PlanRunStatus.DONE.value)
        .order_by(col(PlanRun.id).desc())
    ).first()
    record(
        session,
        actor,
        AuditAction.LIST,
        "examination",
        detail=f"plan of {region}",
        disclosed=[e.referral_id for _a, e in rows] + [e.referral_id for e in unplanned],
    )
    session.commit()
    return RegionPlan(
        region=region,
        plan_version=version,
        assignments=[assignment_public(a, e) for a, e in rows],
        unplanned=[examination_public(e) for e in unplanned],
        waiting=[
            WaitingReferral(referral_id=r.id, urgency=r.urgency, submitted_at=r.submitted_at)
            for r in waiting
        ],
    )


# --- the doctor's answers ---------------------------------------------------------------

Transition = Callable[[Session, Assignment, Examination, Actor], None]


class Action(StrEnum):
    ACCEPT = "accept"
    START = "start"
    COMPLETE = "complete"


def _accept(s: Session, a: Assignment, e: Examination, who: Actor) -> None:
    _require(a, {AssignmentStatus.PROPOSED}, "accept")
    a.status = AssignmentStatus.ACCEPTED
    e.status = ExaminationStatus.ACCEPTED
    _referral_to(s, e, ReferralStatus.SCHEDULED, who, "examination accepted")


def _start(_s: Session, a: Assignment, e: Examination, _who: Actor) -> None:
    _require(a, {AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED}, "start")
    a.status = AssignmentStatus.STARTED
    e.status = ExaminationStatus.STARTED
    e.started_at = utcnow()


def _complete(s: Session, a: Assignment, e: Examination, who: Actor) -> None:
    _require(a, {AssignmentStatus.STARTED}, "complete")
    a.status = AssignmentStatus.COMPLETED
    e.status = ExaminationStatus.COMPLETED
    _referral_to(s, e, ReferralStatus.EXAMINED, who, "examination completed")


_MOVES: dict[Action, Transition] = {
    Action.ACCEPT: _accept,
    Action.START: _start,
    Action.COMPLETE: _complete,
}


def act(session: Session, assignment_id: int, action: Action, actor: Actor) -> AssignmentPublic:
    """Accept, start or complete one of the doctor's own assignments (409 out of order)."""
    return _act(session, assignment_id, actor, _MOVES[action], action.value)


def decline(session: Session, assignment_id: int, reason: str, actor: Actor) -> AssignmentPublic:
    """The doctor cannot do it: the examination is planned again without them by a job
    deferred in the decline's own transaction (within seconds)."""

    def move(s: Session, a: Assignment, e: Examination, who: Actor) -> None:
        _require(a, {AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED}, "decline")
        a.status = AssignmentStatus.DECLINED
        a.decline_reason = reason
        e.status = ExaminationStatus.PENDING
        e.declined_by = sorted({*e.declined_by, a.doctor_id})
        e.last_plan_run = None
        referral = s.get(Referral, e.referral_id)
        if referral is not None and referral.status == ReferralStatus.SCHEDULED.value:
            _referral_to(s, e, ReferralStatus.ROUTED, who, "examination declined")
        request_planning(s, e.region, trigger="decline")  # commits with the decline, or not at all

    return _act(session, assignment_id, actor, move, "decline")


def _act(
    session: Session, assignment_id: int, actor: Actor, move: Transition, verb: str
) -> AssignmentPublic:
    doctor = _own_doctor(session, actor)
    a = session.get(Assignment, assignment_id)
    if a is None or a.doctor_id != doctor.id:
        raise NotFound(
            "no assignment with this id in your plan",
            type="unknown_assignment",
            loc=("path", "assignment_id"),
        )
    exam = session.get(Examination, a.examination_id)
    assert exam is not None
    write_lock(session, sorted({exam.region, doctor.region}))
    session.refresh(a)
    session.refresh(exam)
    move(session, a, exam, actor)
    now = utcnow()
    a.updated_at = now
    exam.updated_at = now
    exam.version += 1
    session.add(a)
    session.add(exam)
    record(
        session, actor, AuditAction.UPDATE, RECORD, a.id, detail=f"{verb}, examination {exam.id}"
    )
    session.commit()
    return assignment_public(a, exam)


def _require(a: Assignment, allowed: set[AssignmentStatus], verb: str) -> None:
    if AssignmentStatus(a.status) not in allowed:
        expected = " or ".join(sorted(s.value for s in allowed))
        raise InvalidState(
            f"you cannot {verb} an assignment that is '{a.status}'; it must be {expected}",
            type="invalid_assignment_state",
            loc=("path", "assignment_id"),
        )


def _referral_to(
    session: Session, exam: Examination, target: ReferralStatus, actor: Actor, note: str
) -> None:
    referral = session.get(Referral, exam.referral_id)
    if referral is None:
        return
    current = ReferralStatus(referral.status)
    if current is target or not can_move(current, target):
        return
    apply_status(
        session, referral, target, actor=actor, note=f"{current.value} -> {target.value} ({note})"
    )


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied("this action needs a signed-in user")
    return actor.user


def _own_doctor(session: Session, actor: Actor) -> Doctor:
    return own_doctor(session, _user(actor))
