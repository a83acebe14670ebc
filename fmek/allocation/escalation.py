"""Availability escalation: a GGD case nobody nearby can start in time goes to LECK.

The referral gets a new routing decision version (the older ones stay as they were), with the
rules of the previous decision plus ``AVAILABILITY`` and a reason naming the earliest start.
"""

from datetime import datetime

from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.referrals.handelingskader import handelingskader
from fmek.referrals.models import Referral, RoutingDecision
from fmek.referrals.service import current_decision
from routing.vocabulary import Destination

RULE = "AVAILABILITY"


def availability_reason(region: str, deadline: str, earliest: str | None) -> str:
    return (
        f"no qualified doctor of {region} or neighbouring regions can start before {deadline}; "
        f"earliest possible start {earliest or 'none on the roster'}"
    )


def escalate_referral(
    session: Session, referral_id: str, *, reason: str, now: datetime, actor: Actor
) -> RoutingDecision | None:
    """Add the LECK decision within the caller's transaction; None if already at LECK."""
    referral = session.exec(
        select(Referral).where(Referral.id == referral_id).with_for_update()
    ).one()
    current = current_decision(session, referral)
    if current.destination != Destination.GGD.value:
        return None
    rules = [
        *current.rules,
        {"id": RULE, "description": handelingskader(current.ruleset_version).describe(RULE)},
    ]
    row = RoutingDecision(
        referral_id=referral.id,
        version=current.version + 1,
        destination=Destination.LECK.value,
        urgency=current.urgency,
        deadline_at=current.deadline_at,
        rules=rules,
        ruleset_version=current.ruleset_version,
        decided_at=now,
        reason=reason,
    )
    referral.destination = Destination.LECK.value
    referral.decision_version = row.version
    referral.version += 1
    referral.updated_at = now
    session.add(row)
    session.add(referral)
    record(
        session,
        actor,
        AuditAction.TRANSFER,
        "referral",
        referral.id,
        detail=f"escalated to leck ({RULE}), decision version {row.version}",
    )
    return row
