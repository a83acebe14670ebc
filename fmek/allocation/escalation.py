"""Availability escalation: a GGD examination nobody nearby can start in time goes to LECK.

The referral gets a new routing decision version (the older ones stay as they were): the
`ggd_examination` task becomes an identified `leck_consult` (a LECK paediatrician examines the
child) with the same urgency and deadline and the rule ``AVAILABILITY`` added; other tasks
(e.g. a `leck_advice`) stay. "Nearby" is the planning pool: the region, its neighbours and its
police-unit cluster. The reason names the earliest possible start.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import as_utc
from fmek.referrals.adapters import task_kinds
from fmek.referrals.handelingskader import handelingskader
from fmek.referrals.models import Referral, RoutingDecision
from fmek.referrals.service import current_decision
from routing.triage import lead_of
from routing.vocabulary import TaskKind, Urgency

RULE = "AVAILABILITY"


def availability_reason(region: str, deadline: str, earliest: str | None) -> str:
    return (
        f"no qualified doctor of {region}, its neighbouring regions or its police-unit cluster "
        f"can start before {deadline}; earliest possible start {earliest or 'none on the roster'}"
    )


def escalated_tasks(tasks: list[dict[str, Any]], consult: TaskKind) -> list[dict[str, Any]]:
    """The tasks after escalation: the GGD examination replaced by `consult` (merged into an
    existing task of that kind: most urgent urgency, earliest deadline, all rules)."""
    (exam,) = [t for t in tasks if t["kind"] == TaskKind.GGD_EXAMINATION.value]
    new = {**exam, "kind": consult.value, "rules": [*exam["rules"], RULE]}
    result: list[dict[str, Any]] = []
    for task in tasks:
        if task is exam:
            continue
        if task["kind"] == consult.value:
            new = {
                "kind": consult.value,
                "urgency": max(task["urgency"], new["urgency"], key=lambda u: Urgency(u).rank),
                "deadline": min(task["deadline"], new["deadline"]),
                "rules": list(dict.fromkeys([*task["rules"], *new["rules"]])),
            }
            continue
        result.append(task)
    return sorted([*result, new], key=lambda t: t["deadline"])


def escalate_referral(
    session: Session, referral_id: str, *, reason: str, now: datetime, actor: Actor
) -> RoutingDecision | None:
    """Add the escalated decision within the caller's transaction; None if no GGD task is left."""
    referral = session.exec(
        select(Referral).where(Referral.id == referral_id).with_for_update()
    ).one()
    current = current_decision(session, referral)
    if not any(t["kind"] == TaskKind.GGD_EXAMINATION.value for t in current.tasks):
        return None
    ruleset = handelingskader(current.ruleset_version)
    escalation = ruleset.escalation(RULE)
    tasks = escalated_tasks(current.tasks, escalation.task or TaskKind.LECK_CONSULT)
    destination = lead_of({TaskKind(t["kind"]) for t in tasks})
    row = RoutingDecision(
        referral_id=referral.id,
        version=current.version + 1,
        destination=destination.value,
        urgency=max((t["urgency"] for t in tasks), key=lambda u: Urgency(u).rank),
        deadline_at=min(_at(t["deadline"]) for t in tasks),
        rules=[*current.rules, {"id": RULE, "description": escalation.description}],
        tasks=tasks,
        ruleset_version=current.ruleset_version,
        decided_at=now,
        reason=reason,
    )
    referral.destination = destination.value
    referral.urgency = row.urgency
    referral.deadline_at = row.deadline_at
    referral.task_kinds = task_kinds(tasks)
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


def _at(stamp: str) -> datetime:
    return as_utc(datetime.fromisoformat(stamp))
