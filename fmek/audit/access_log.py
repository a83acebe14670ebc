"""A child's access overview (a patient's right under NEN 7513 / GDPR art. 15): every event
that names the referral, and every list or search that showed it, with who, what, when and
from where. For the owning Veilig Thuis and the privacy officer; reading it is audited too."""

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, SQLModel, col, select

from fmek.allocation.models import Assignment, Examination
from fmek.audit.models import AuditAction, AuditDisclosure, AuditEvent, AuditOutcome
from fmek.audit.service import Actor, record, record_now
from fmek.auth.models import Role, User
from fmek.errors import NotFound, PermissionDenied
from fmek.forensic_reports.models import ForensicReport
from fmek.reference.models import Organisation, Region
from fmek.referrals.models import Referral
from fmek.referrals.service import load_referral

RECORD = "access_log"
READERS = frozenset({Role.VERTROUWENSARTS, Role.PRIVACY})


class AccessEntry(SQLModel):
    at: datetime
    action: str
    outcome: str
    record_type: str
    detail: str | None
    in_list: bool  # the child was one of the records a list or search showed
    user_id: int | None
    user_name: str | None
    user_role: str | None
    organisation: str | None  # the organisation's (or GGD region's) name
    on_behalf_of: str | None
    client_address: str | None


class AccessLog(SQLModel):
    referral_id: str
    items: list[AccessEntry]
    total: int
    limit: int
    offset: int


def _referral_for(session: Session, referral_id: str, actor: Actor) -> Referral:
    user = actor.user
    if user is None or user.role_enum not in READERS:
        raise PermissionDenied(
            "the access overview is for the child's vertrouwensarts and the privacy officer"
        )
    if user.role_enum is Role.VERTROUWENSARTS:
        return load_referral(session, referral_id, actor)
    referral = session.get(Referral, referral_id)
    if referral is None:
        record_now(
            session, actor, AuditAction.READ, RECORD, referral_id, outcome=AuditOutcome.NOT_FOUND
        )
        raise NotFound("no referral with this id", loc=("path", "referral_id"))
    return referral


def _about(session: Session, referral_id: str, listed: set[int]) -> ColumnElement[bool]:
    """Events on the referral, on the lists that showed it, and on the records that belong to
    its file (forensic reports, examinations, assignments: audited under their own ids)."""
    reports = session.exec(
        select(ForensicReport.id).where(ForensicReport.referral_id == referral_id)
    ).all()
    exams = session.exec(select(Examination.id).where(Examination.referral_id == referral_id)).all()
    assignments = (
        session.exec(select(Assignment.id).where(col(Assignment.examination_id).in_(exams))).all()
        if exams
        else []
    )
    conditions: list[ColumnElement[bool]] = [
        col(AuditEvent.record_id) == referral_id,
        col(AuditEvent.id).in_(listed),
    ]
    for record_type, ids in (
        ("forensic_report", reports),
        ("examination", exams),
        ("assignment", assignments),
    ):
        if ids:
            conditions.append(
                and_(
                    col(AuditEvent.record_type) == record_type,
                    col(AuditEvent.record_id).in_([str(i) for i in ids]),
                )
            )
    return or_(*conditions)


def access_log(
    session: Session, referral_id: str, actor: Actor, *, limit: int, offset: int
) -> AccessLog:
    """Newest first; the read of this overview is itself recorded (after the query)."""
    referral = _referral_for(session, referral_id, actor)
    listed = set(
        session.exec(
            select(AuditDisclosure.event_id).where(AuditDisclosure.record_id == referral.id)
        ).all()
    )
    about = _about(session, referral.id, listed)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(about)).one()
    rows = session.exec(
        select(AuditEvent, User, Organisation, Region)
        .join(User, col(User.id) == AuditEvent.user_id, isouter=True)
        .join(Organisation, col(Organisation.code) == User.organisation_code, isouter=True)
        .join(Region, col(Region.code) == User.region_code, isouter=True)
        .where(about)
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    items = [
        AccessEntry(
            at=event.occurred_at,
            action=event.action,
            outcome=event.outcome,
            record_type=event.record_type,
            detail=event.detail,
            in_list=event.id in listed and event.record_id != referral.id,
            user_id=event.user_id,
            user_name=user.name if user else None,
            user_role=event.user_role,
            organisation=(org.name if org else region.name if region else None),
            on_behalf_of=event.on_behalf_of,
            client_address=event.client_address,
        )
        for event, user, org, region in rows
    ]
    record(session, actor, AuditAction.READ, RECORD, referral.id, detail=f"{len(items)} entries")
    session.commit()
    return AccessLog(referral_id=referral.id, items=items, total=total, limit=limit, offset=offset)
