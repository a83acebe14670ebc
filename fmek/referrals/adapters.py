"""The one place where referral rows and requests become `routing` inputs, and decisions rows."""

from datetime import date, datetime
from typing import Any

from fmek.auth.models import User
from fmek.clock import AMSTERDAM, as_utc
from fmek.keys.keyring import keyring
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import (
    UNKNOWN,
    CaseFacts,
    ChildPublic,
    InjuryIn,
    InjuryPublic,
    LocationPublic,
    Referral,
    ReferralCreate,
    ReferralPublic,
    RoutingDecision,
    RoutingPublic,
    RuleHitPublic,
    TaskPublic,
)
from routing.triage import (
    Case,
    Decision,
    Injury,
    RuleSet,
    Task,
    TaskText,
    completed_months,
    load_ruleset,
)
from routing.vocabulary import Mobility, TaskKind


def age_in_months(birth_date: date, at: datetime) -> int:
    """Completed months on the Europe/Amsterdam date of ``at``."""
    return completed_months(birth_date, at.astimezone(AMSTERDAM).date())


def to_case(facts: CaseFacts, *, age_months: int, mobility: Mobility | None) -> Case:
    return Case(
        age_months=age_months,
        concerns=frozenset(facts.concerns),
        injuries=tuple(_to_injury(i) for i in facts.injuries),
        mobility=mobility,
        last_incident_at=last_incident(facts),
        questions=frozenset(facts.questions),
    )


def last_incident(facts: CaseFacts) -> datetime | None:
    """The time of the last contact; None when stated "unknown" or not given."""
    stamp = facts.last_incident_at
    return None if stamp is None or stamp == UNKNOWN else stamp


def _to_injury(injury: InjuryIn) -> Injury:
    return Injury(
        kind=injury.kind,
        body_region=injury.body_region,
        side=injury.side,
        observed_at=injury.observed_at,
        patterned=injury.patterned,
    )


def task_kinds(tasks: list[dict[str, Any]]) -> str:
    """The denormalised `Referral.task_kinds` of a decision's stored tasks."""
    kinds = {task["kind"] for task in tasks}
    return ",".join(kind.value for kind in TaskKind if kind.value in kinds)


def tasks_json(tasks: tuple[Task, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": task.kind.value,
            "urgency": task.urgency.value,
            "deadline": as_utc(task.deadline).isoformat(),
            "rules": list(task.rules),
        }
        for task in tasks
    ]


def _texts(ruleset_version: str) -> RuleSet:
    """The rule set whose Dutch task texts describe a decision: its own, or (v1 has none) the
    newest shipped version's — a task kind means the same in every version."""
    try:
        ruleset = load_ruleset(ruleset_version)
    except ValueError:
        ruleset = load_ruleset()
    return ruleset if ruleset.task_texts else load_ruleset()


def task_text(kind: TaskKind, ruleset_version: str) -> TaskText:
    return _texts(ruleset_version).task_texts[kind]


def tasks_public(tasks: list[dict[str, Any]], ruleset_version: str) -> list[TaskPublic]:
    public = []
    for task in tasks:
        text = task_text(TaskKind(task["kind"]), ruleset_version)
        public.append(
            TaskPublic.model_validate(
                {**task, "description": text.label, "instruction": text.instruction}
            )
        )
    return public


def decision_row(
    referral_id: str,
    version: int,
    decision: Decision,
    *,
    decided_at: datetime,
    reason: str | None = None,
) -> RoutingDecision:
    return RoutingDecision(
        referral_id=referral_id,
        version=version,
        destination=decision.destination.value,
        urgency=decision.urgency.value,
        deadline_at=decision.deadline,
        rules=[{"id": hit.id, "description": hit.description} for hit in decision.rules],
        tasks=tasks_json(decision.tasks),
        ruleset_version=decision.ruleset_version,
        decided_at=decided_at,
        reason=reason,
    )


def decision_public(decision: Decision) -> RoutingPublic:
    return RoutingPublic(
        destination=decision.destination,
        urgency=decision.urgency,
        deadline=decision.deadline,
        rules=[RuleHitPublic(id=h.id, description=h.description) for h in decision.rules],
        tasks=tasks_public(tasks_json(decision.tasks), decision.ruleset_version),
        ruleset_version=decision.ruleset_version,
    )


def routing_public(row: RoutingDecision) -> RoutingPublic:
    return RoutingPublic.model_validate(
        {
            "destination": row.destination,
            "urgency": row.urgency,
            "deadline": row.deadline_at,
            "rules": row.rules,
            "tasks": tasks_public(row.tasks, row.ruleset_version),
            "ruleset_version": row.ruleset_version,
            "version": row.version,
            "decided_at": row.decided_at,
            "reason": row.reason,
        }
    )


def injuries_json(injuries: list[InjuryIn]) -> list[dict[str, Any]]:
    return [i.model_dump(mode="json") for i in injuries]


def referral_public(
    referral: Referral, decision: RoutingDecision, planning: str | None = None
) -> ReferralPublic:
    location = (
        LocationPublic(lat=referral.location_lat, lon=referral.location_lon)
        if referral.location_lat is not None and referral.location_lon is not None
        else None
    )
    return ReferralPublic.model_validate(
        {
            "id": referral.id,
            "status": referral.status,
            "version": referral.version,
            "organisation": referral.organisation_code,
            "submitted_at": referral.submitted_at,
            "updated_at": referral.updated_at,
            "child": ChildPublic(
                name=referral.child_name,
                birth_date=referral.child_birth_date,
                sex=referral.child_sex,
                bsn=referral.child_bsn,
                mobility=referral.child_mobility,
                age_months=referral.age_months,
            ),
            "ggd_region": referral.ggd_region,
            "location": location,
            "concerns": referral.concerns,
            "injuries": [InjuryPublic.model_validate(i) for i in referral.injuries],
            "last_incident_at": referral.last_incident_at
            if referral.last_incident_at
            else (UNKNOWN if referral.last_incident_unknown else None),
            "questions": referral.questions,
            "vraagstelling": referral.vraagstelling,
            "routing": routing_public(decision),
            "planning": planning,
        }
    )


def new_referral(
    data: ReferralCreate,
    decision: Decision,
    *,
    user: User,
    age_months: int,
    now: datetime,
    body_hash: str,
    idempotency_key: str | None = None,
) -> Referral:
    """A routed referral row from a validated request and its first routing decision."""
    return Referral(
        status=ReferralStatus.ROUTED,
        organisation_code=user.organisation_code or "",
        submitted_by=user.id or 0,
        submitted_at=now,
        updated_at=now,
        idempotency_key=idempotency_key,
        request_hash=body_hash,
        child_name=data.child.name,
        child_birth_date=data.child.birth_date,
        child_sex=data.child.sex,
        child_bsn=data.child.bsn,
        child_bsn_index=keyring().blind_index(data.child.bsn) if data.child.bsn else None,
        child_mobility=data.child.mobility,
        age_months=age_months,
        ggd_region=data.ggd_region,
        location_lat=data.location.lat if data.location else None,
        location_lon=data.location.lon if data.location else None,
        concerns=[c.value for c in data.concerns],
        injuries=injuries_json(data.injuries),
        last_incident_at=last_incident(data),
        last_incident_unknown=data.last_incident_at == UNKNOWN,
        questions=[q.value for q in data.questions],
        vraagstelling=data.vraagstelling,
        destination=decision.destination.value,
        urgency=decision.urgency.value,
        deadline_at=decision.deadline,
        decision_version=1,
        task_kinds=task_kinds(tasks_json(decision.tasks)),
    )


def without_identity(public: ReferralPublic) -> ReferralPublic:
    """What planning needs (age, location, urgency, deadline, concerns) without who the child
    is: name, birth date, BSN and the free-text question (which may name people) are null."""
    child = public.child.model_copy(
        update={"name": None, "birth_date": None, "bsn": None, "identity_withheld": True}
    )
    return public.model_copy(update={"child": child, "vraagstelling": None})
