"""Read models for the pages: who is planned for which referral, and a doctor's week.

Plain reads with no audit record of their own: the page that shows them records its read of the
referral (list or detail) through the referral service.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from fmek.allocation.models import LIVE_VALUES, Assignment, AssignmentStatus, Examination
from fmek.doctors.models import Doctor

SHOWN = [*LIVE_VALUES, AssignmentStatus.COMPLETED.value]


@dataclass(frozen=True, slots=True)
class Planned:
    """The examination of a referral and the doctor planned (or done) for it."""

    examination_status: str
    doctor_name: str | None
    start_at: datetime | None
    end_at: datetime | None
    travel_min: int | None
    assignment_status: str | None
    explanation: dict[str, object] | None


def planned_for(session: Session, referral_ids: list[str]) -> dict[str, Planned]:
    """Per referral id: its examination and the live (or completed) assignment, if any."""
    if not referral_ids:
        return {}
    exams = session.exec(
        select(Examination).where(col(Examination.referral_id).in_(referral_ids))
    ).all()
    by_exam = {e.id: e for e in exams}
    rows = session.exec(
        select(Assignment, Doctor.name)
        .join(Doctor, col(Doctor.id) == Assignment.doctor_id)
        .where(
            col(Assignment.examination_id).in_(list(by_exam)),
            col(Assignment.status).in_(SHOWN),
        )
        .order_by(col(Assignment.id))
    ).all()
    assigned: dict[int | None, tuple[Assignment | None, str | None]] = {
        a.examination_id: (a, name) for a, name in rows
    }
    result: dict[str, Planned] = {}
    for exam in exams:
        a, name = assigned.get(exam.id, (None, None))
        result[exam.referral_id] = Planned(
            examination_status=exam.status,
            doctor_name=name,
            start_at=a.start_at if a else None,
            end_at=a.end_at if a else None,
            travel_min=a.travel_min if a else None,
            assignment_status=a.status if a else None,
            explanation=exam.explanation,
        )
    return result


@dataclass(frozen=True, slots=True)
class AssignmentEvent:
    created_at: datetime
    updated_at: datetime
    status: str
    doctor_name: str
    start_at: datetime
    decline_reason: str | None


def assignment_history(session: Session, referral_id: str) -> list[AssignmentEvent]:
    """Every assignment ever made for the referral's examination (for its timeline)."""
    rows = session.exec(
        select(Assignment, Doctor.name)
        .join(Examination, col(Examination.id) == Assignment.examination_id)
        .join(Doctor, col(Doctor.id) == Assignment.doctor_id)
        .where(Examination.referral_id == referral_id)
        .order_by(col(Assignment.created_at), col(Assignment.id))
    ).all()
    return [
        AssignmentEvent(
            created_at=a.created_at,
            updated_at=a.updated_at,
            status=a.status,
            doctor_name=name,
            start_at=a.start_at,
            decline_reason=a.decline_reason,
        )
        for a, name in rows
    ]
