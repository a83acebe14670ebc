"""Demo step: the demo forensisch arts has real work in the coming 7 days (idempotent).

The regional plan gives the demo referrals to whichever doctor fits best, which may leave the
demo doctor without an examination; so she gets one planned GGD referral of her own, proposed
at the start of her next shift, for her to accept or decline in the pages.
"""

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.allocation.models import (
    LIVE_VALUES,
    Assignment,
    AssignmentNotice,
    AssignmentStatus,
    Examination,
    ExaminationStatus,
    NoticeKind,
)
from fmek.allocation.planning import ensure_examination
from fmek.audit.service import Actor
from fmek.auth.demo import demo_user
from fmek.auth.models import Role
from fmek.clock import utcnow
from fmek.doctors.models import Doctor
from fmek.referrals.models import ReferralCreate
from fmek.referrals.service import find_by_idempotency_key, submit_referral
from fmek.rosters.models import RosterEntry
from fmek.settings import get_settings

KEY = "demo-referral-forensisch-arts"
WINDOW = timedelta(days=7)


def demo_doctor_work(session: Session) -> Iterator[str]:

    doctor_user = demo_user(session, Role.FORENSISCH_ARTS)
    doctor = session.exec(select(Doctor).where(Doctor.user_id == doctor_user.id)).first()
    if doctor is None:
        yield "demo forensisch arts has no doctor record; no examination planned for her"
        return
    now = utcnow()
    if _has_work(session, doctor):
        yield f"{doctor.name} has examinations in the coming 7 days"
        return
    shift = session.exec(
        select(RosterEntry)
        .where(
            RosterEntry.doctor_id == doctor.id,
            col(RosterEntry.start_at) >= now + timedelta(hours=1),
            col(RosterEntry.start_at) < now + WINDOW,
        )
        .order_by(col(RosterEntry.start_at))
    ).first()
    if shift is None:
        yield f"{doctor.name} has no shift in the coming 7 days; no examination planned for her"
        return
    referral_id = _referral(session, doctor.region)
    session.commit()  # ensure_examination writes in its own session
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    exam_id = ensure_examination(engine, referral_id, settings=get_settings())
    exam = session.get(Examination, exam_id) if exam_id is not None else None
    if exam is None:
        yield "the demo referral for the forensisch arts was not routed to the GGD"
        return
    _propose(session, exam, doctor, shift)
    yield f"{doctor.name}: examination proposed for {shift.start_at:%Y-%m-%d %H:%M} UTC"


def _has_work(session: Session, doctor: Doctor) -> bool:
    found = session.exec(
        select(Assignment.id).where(
            Assignment.doctor_id == doctor.id,
            col(Assignment.status).in_(LIVE_VALUES),
            col(Assignment.start_at) < utcnow() + WINDOW,
        )
    ).first()
    return found is not None


def _referral(session: Session, region: str) -> str:

    requester = demo_user(session, Role.VERTROUWENSARTS)
    if (found := find_by_idempotency_key(session, requester, KEY)) is not None:
        return found.id
    today = utcnow().date()
    case = ReferralCreate.model_validate(
        {
            "child": {
                "name": "Demo Kind Vijf",
                "birth_date": str(today - timedelta(days=6 * 365)),
                "sex": "male",
                "mobility": "mobile",
            },
            "ggd_region": region,
            "location": {"lat": 52.08, "lon": 5.13},
            "concerns": ["neglect"],
            "questions": ["documentation"],
            "vraagstelling": "Graag vastleggen van de lichamelijke verzorging en eventuele plekken.",
        }
    )
    actor = Actor(user=requester, client_address="demo")
    return submit_referral(session, case, actor=actor, idempotency_key=KEY).referral.id


def _propose(session: Session, exam: Examination, doctor: Doctor, shift: RosterEntry) -> None:
    """Her proposal replaces whatever the regional plan proposed for this examination (unless
    the plan already chose her)."""
    live = session.exec(
        select(Assignment).where(
            Assignment.examination_id == exam.id, col(Assignment.status).in_(LIVE_VALUES)
        )
    ).all()
    if any(a.doctor_id == doctor.id for a in live):
        return
    for other in live:
        other.status = AssignmentStatus.WITHDRAWN
        session.add(other)
    start = shift.start_at + timedelta(minutes=30)
    assignment = Assignment(
        examination_id=exam.id or 0,
        doctor_id=doctor.id or 0,
        start_at=start,
        end_at=start + timedelta(minutes=exam.duration_min),
        travel_min=20,
        status=AssignmentStatus.PROPOSED,
        explanation={"reason": "demo: planned for the demo forensisch arts"},
        plan_version=exam.last_plan_run or 0,
    )
    exam.status = ExaminationStatus.ASSIGNED
    exam.version += 1
    session.add(assignment)
    session.add(exam)
    session.flush()
    session.add(
        AssignmentNotice(
            doctor_id=doctor.id or 0,
            assignment_id=assignment.id or 0,
            kind=NoticeKind.ASSIGNED,
            start_at=start,
        )
    )
    session.commit()
