"""Who may write and read which report. Outside one's scope a report does not exist (404).

Writing: the forensisch arts assigned to the referral's examination (`fmek.allocation`: an
assignment that is proposed, accepted, started or completed, to the doctor record linked to
their account). A referral without such an assignment (examined outside the planner, e.g. an
acute call handled by phone) may be written up by any forensisch arts of its GGD region
(`fmek.referrals.access.visible_to`). Once a report exists, only its author continues it.

Reading:
- the author: every version, drafts included;
- the requesting Veilig Thuis organisation (vertrouwensarts): final versions only;
- LECK consultants: final versions of the reports of LECK-destination referrals, and of a GGD
  referral's report only when its vertrouwensarts granted a second opinion (with a reason);
- everyone else (other forensisch artsen, planners, admins): 404.
"""

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from fmek.allocation.models import Assignment, AssignmentStatus, Examination
from fmek.audit.models import AuditAction, AuditOutcome
from fmek.audit.service import Actor, record_now
from fmek.auth.models import Role, User
from fmek.doctors.models import Doctor
from fmek.errors import NotFound
from fmek.forensic_reports.models import SecondOpinionGrant
from fmek.referrals.access import visible_to
from fmek.referrals.models import Referral
from routing.vocabulary import Destination

RECORD = "forensic_report"


@dataclass(frozen=True, slots=True)
class ReadScope:
    """Which versions of the referral's report the reader may see."""

    referral: Referral
    author_id: int | None  # only versions by this author (None: any author)
    finals_only: bool


def not_found(session: Session, actor: Actor, referral_id: str) -> NotFound:
    """Log the miss (NEN 7513 logs refusals too) and build the uniform 404."""
    record_now(
        session, actor, AuditAction.READ, RECORD, referral_id[:64], outcome=AuditOutcome.NOT_FOUND
    )
    return NotFound("no report on this referral in your scope", loc=("path", "referral_id"))


def referral_for_writing(session: Session, referral_id: str, actor: Actor) -> Referral:
    user = actor.require_user()
    referral = None
    if user.role_enum is Role.FORENSISCH_ARTS:
        referral = session.exec(
            select(Referral).where(Referral.id == referral_id, visible_to(user))
        ).first()
    if referral is None or not _may_write(session, referral, user):
        raise not_found(session, actor, referral_id)
    return referral


_WRITING_ASSIGNMENTS = sorted(
    s.value
    for s in (
        AssignmentStatus.PROPOSED,
        AssignmentStatus.ACCEPTED,
        AssignmentStatus.STARTED,
        AssignmentStatus.COMPLETED,
    )
)


def _may_write(session: Session, referral: Referral, user: User) -> bool:
    """The assigned doctor writes; without an assignment, the region's forensisch artsen do."""
    assigned = set(
        session.exec(
            select(Doctor.user_id)
            .join(Assignment, col(Assignment.doctor_id) == col(Doctor.id))
            .join(Examination, col(Examination.id) == col(Assignment.examination_id))
            .where(
                Examination.referral_id == referral.id,
                col(Assignment.status).in_(_WRITING_ASSIGNMENTS),
            )
        ).all()
    )
    return not assigned or user.id in assigned


def read_scope(session: Session, referral_id: str, actor: Actor) -> ReadScope:
    user = actor.require_user()
    role = user.role_enum
    query = select(Referral).where(Referral.id == referral_id)
    if role in (Role.FORENSISCH_ARTS, Role.VERTROUWENSARTS):
        query = query.where(visible_to(user))
    elif role is Role.LECK_CONSULTANT:
        query = query.where(
            or_(
                col(Referral.destination) == Destination.LECK.value,
                col(Referral.id).in_(select(SecondOpinionGrant.referral_id)),
            )
        )
    else:
        raise not_found(session, actor, referral_id)
    referral = session.exec(query).first()
    if referral is None:
        raise not_found(session, actor, referral_id)
    if role is Role.FORENSISCH_ARTS:
        return ReadScope(referral, author_id=user.id, finals_only=False)
    return ReadScope(referral, author_id=None, finals_only=True)
