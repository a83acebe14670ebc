"""Second opinions: the referring vertrouwensarts lets LECK read a GGD referral's report.

LECK reads the reports of its own (LECK-destination) referrals only. A second opinion on a GGD
report is a deliberate disclosure: granted per referral, by the vertrouwensarts whose
organisation made the referral, with a reason that is stored, and audited as a transfer.
"""

from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role
from fmek.errors import InvalidState, PermissionDenied
from fmek.forensic_reports.access import RECORD, not_found
from fmek.forensic_reports.models import (
    SecondOpinionGrant,
    SecondOpinionPublic,
    SecondOpinionRequest,
)
from fmek.referrals.access import visible_to
from fmek.referrals.models import Referral
from routing.vocabulary import Destination


def grant_second_opinion(
    session: Session, referral_id: str, data: SecondOpinionRequest, actor: Actor
) -> SecondOpinionPublic:
    user = actor.require_user()
    if user.role_enum is not Role.VERTROUWENSARTS:
        raise PermissionDenied("only the referring vertrouwensarts grants LECK a second opinion")
    referral = session.exec(
        select(Referral).where(col(Referral.id) == referral_id, visible_to(user))
    ).first()
    if referral is None:
        raise not_found(session, actor, referral_id)
    if referral.destination == Destination.LECK.value:
        raise InvalidState("LECK already reads the report of a referral it handles")
    assert user.id is not None
    grant = SecondOpinionGrant(referral_id=referral.id, reason=data.reason, granted_by=user.id)
    session.add(grant)
    record(
        session,
        actor,
        AuditAction.TRANSFER,
        RECORD,
        referral.id,
        detail="second opinion: LECK may read the final report",
    )
    session.commit()
    session.refresh(grant)
    return SecondOpinionPublic.model_validate(grant, from_attributes=True)
