"""Referral use cases; each is one unit of work that commits before it returns.

Long because submitting, reading, listing and moving a referral share the scope, audit and decision
helpers here; the routing rules themselves live in routing/triage.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction, AuditOutcome
from fmek.audit.service import Actor, new_event, record, record_now
from fmek.auth.models import Role, User
from fmek.clock import utcnow
from fmek.db import insert_together
from fmek.errors import (
    InvalidState,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    ValidationFailed,
)
from fmek.idempotency import Earlier, IdempotentCreate, record_replay, request_hash
from fmek.keys.keyring import keyring
from fmek.referrals.access import has_task, identity_readable, visible_to
from fmek.referrals.adapters import (
    decision_public,
    decision_row,
    new_referral,
    referral_public,
    routing_public,
    to_case,
    without_identity,
)
from fmek.referrals.events import (
    interested_hooks,
    planning_states,
    referral_routed,
    referral_stored,
)
from fmek.referrals.handelingskader import handelingskader
from fmek.referrals.lifecycle import ReferralStatus, can_move, next_statuses
from fmek.referrals.models import (
    Referral,
    ReferralCreate,
    ReferralPage,
    ReferralPublic,
    ReferralStatusChange,
    RoutingDecision,
    RoutingPublic,
    StatusChange,
    StatusChangePublic,
    TriageRequest,
)
from fmek.referrals.validation import check_referral, missing_fact_problems, timestamp_problems
from routing.triage import Decision, triage
from routing.vocabulary import TaskKind

RECORD = "referral"


@dataclass(frozen=True)
class Submitted:
    referral: ReferralPublic
    replayed: bool


def submit_referral(
    session: Session, data: ReferralCreate, *, actor: Actor, idempotency_key: str | None
) -> Submitted:
    """Validate, route and store a referral with its decision and audit event in one transaction.

    A retry with the same Idempotency-Key and body returns the first referral, also when the
    retries race: the unique (submitted_by, idempotency_key) constraint picks one winner. The
    constraint is the only check: a first submission (the common case) pays no extra read,
    a retry pays a refused insert and then reads the first referral.
    """
    user = actor.require_user()
    keyed = IdempotentCreate(
        idempotency_key,
        request_hash(data),
        "referral",
        lambda key: find_by_idempotency_key(session, user, key),
    )
    now = utcnow()
    referral, row, decision = routed_referral(
        session,
        data,
        user=user,
        now=now,
        idempotency_key=idempotency_key,
        body_hash=keyed.body_hash,
    )
    created = new_event(
        actor,
        AuditAction.CREATE,
        RECORD,
        referral.id,
        detail=f"routed to {decision.destination.value} ({decision.urgency.value}); tasks "
        + ",".join(f"{t.kind.value}:{t.urgency.value}" for t in decision.tasks),
    )

    # referral, decision and audit event: one statement on PostgreSQL, no ORM flush; then one
    # read for the hooks and what they stage (e.g. the planning job), in this transaction
    def store() -> tuple[list[str], list[str]]:
        insert_together(session, [referral, row, created])
        return interested_hooks(session, referral), referral_stored(session, referral)

    outcome = keyed.commit(session, store)
    if isinstance(outcome, Earlier):
        return _replay(session, outcome.row, actor)
    hooks, pending = outcome
    if hooks and referral_routed(session, referral.id, actor, hooks):  # planning may escalate
        referral = session.exec(select(Referral).where(Referral.id == referral.id)).one()
        row = current_decision(session, referral)
    planning = "pending" if pending else None
    return Submitted(referral_public(referral, row, planning), replayed=False)


def routed_referral(
    session: Session,
    data: ReferralCreate,
    *,
    user: User,
    now: datetime,
    idempotency_key: str | None,
    body_hash: str,
) -> tuple[Referral, RoutingDecision, Decision]:
    """A checked referral decided by the handelingskader in force at ``now`` (422 on bad
    input), and its first decision row; neither is added to the session."""
    ruleset = handelingskader()
    age_months = check_referral(session, data, now, ruleset)
    decision = triage(
        to_case(data, age_months=age_months, mobility=data.child.mobility), ruleset, now=now
    )
    referral = new_referral(
        data,
        decision,
        user=user,
        age_months=age_months,
        now=now,
        idempotency_key=idempotency_key,
        body_hash=body_hash,
    )
    return referral, decision_row(referral.id, 1, decision, decided_at=now), decision


def _public(session: Session, referral: Referral) -> ReferralPublic:
    planning = planning_states(session, [referral.id]).get(referral.id)
    return referral_public(referral, current_decision(session, referral), planning)


def find_by_idempotency_key(session: Session, user: User, key: str) -> Referral | None:
    return session.exec(
        select(Referral).where(Referral.submitted_by == user.id, Referral.idempotency_key == key)
    ).first()


def _replay(session: Session, earlier: Referral, actor: Actor) -> Submitted:
    record_replay(session, actor, RECORD, earlier.id)
    return Submitted(_public(session, earlier), replayed=True)


def what_if(data: TriageRequest) -> RoutingPublic:
    """Triage for a case given by age only; stores nothing."""
    now = utcnow()
    ruleset = handelingskader()
    problems = timestamp_problems(data, now) + missing_fact_problems(
        data,
        ruleset,
        age_months=data.age_months,
        mobility=data.mobility,
        mobility_loc=("body", "mobility"),
    )
    if problems:
        raise ValidationFailed(problems=problems)
    case = to_case(data, age_months=data.age_months, mobility=data.mobility)
    return decision_public(triage(case, ruleset, now=now))


def preview_referral(session: Session, data: ReferralCreate) -> RoutingPublic:
    """What a referral form would be decided now, with every check of a real submission
    (422 `ValidationFailed` with the same problems), storing nothing: for pages.

    Rule descriptions and task texts are Dutch from handelingskader v2 on (v1's rule
    descriptions are English; its task texts come from the newest version).
    """
    now = utcnow()
    ruleset = handelingskader()
    age_months = check_referral(session, data, now, ruleset)
    case = to_case(data, age_months=age_months, mobility=data.child.mobility)
    return decision_public(triage(case, ruleset, now=now))


def load_referral(session: Session, referral_id: str, actor: Actor) -> Referral:
    """The referral if the actor may see it; otherwise 404 — never a hint that it exists."""
    user = actor.require_user()
    referral = session.exec(
        select(Referral).where(Referral.id == referral_id, visible_to(user))
    ).first()
    if referral is None:
        record_now(
            session,
            actor,
            AuditAction.READ,
            RECORD,
            referral_id[:64],
            outcome=AuditOutcome.NOT_FOUND,
        )
        raise NotFound("no referral with this id in your scope", loc=("path", "referral_id"))
    return referral


def read_referral(session: Session, referral: Referral, actor: Actor) -> ReferralPublic:
    record(session, actor, AuditAction.READ, RECORD, referral.id)
    session.commit()
    return _for_reader(session, actor, [(referral, _public(session, referral))])[0]


def _for_reader(
    session: Session, actor: Actor, pairs: list[tuple[Referral, ReferralPublic]]
) -> list[ReferralPublic]:
    """The public views, the child's identity withheld where the reader has no need to know."""
    user = actor.require_user()
    readable = identity_readable(session, user, [r.id for r, _ in pairs])
    return [p if r.id in readable else without_identity(p) for r, p in pairs]


def current_decision(session: Session, referral: Referral) -> RoutingDecision:
    row = session.exec(
        select(RoutingDecision).where(
            RoutingDecision.referral_id == referral.id,
            RoutingDecision.version == referral.decision_version,
        )
    ).one()
    return row


def decision_history(session: Session, referral: Referral, actor: Actor) -> list[RoutingPublic]:
    rows = session.exec(
        select(RoutingDecision)
        .where(RoutingDecision.referral_id == referral.id)
        .order_by(col(RoutingDecision.version))
    ).all()
    record(session, actor, AuditAction.READ, RECORD, referral.id, detail="routing history")
    session.commit()
    return [routing_public(r) for r in rows]


@dataclass(frozen=True)
class ReferralFilter:
    status: ReferralStatus | None = None
    destination: str | None = None
    urgency: str | None = None
    task: TaskKind | None = None  # e.g. leck_advice: LECK's queue of advices
    bsn: str | None = None  # compared as keyed hashes (the column holds ciphertext)


def list_referrals(
    session: Session, actor: Actor, filters: ReferralFilter, *, limit: int, offset: int
) -> ReferralPage:
    user = actor.require_user()
    conditions = [visible_to(user)]
    if filters.status:
        conditions.append(col(Referral.status) == filters.status.value)
    if filters.destination:
        conditions.append(col(Referral.destination) == filters.destination)
    if filters.urgency:
        conditions.append(col(Referral.urgency) == filters.urgency)
    if filters.task:
        conditions.append(has_task(filters.task))
    if filters.bsn:
        conditions.append(col(Referral.child_bsn_index).in_(keyring().blind_indexes(filters.bsn)))
    total = session.exec(select(func.count()).select_from(Referral).where(*conditions)).one()
    rows = session.exec(
        select(Referral)
        .where(*conditions)
        .order_by(col(Referral.submitted_at).desc(), col(Referral.id))
        .limit(limit)
        .offset(offset)
    ).all()
    decisions = _decisions_for(session, rows)
    record(
        session,
        actor,
        AuditAction.SEARCH if filters.bsn else AuditAction.LIST,
        RECORD,
        detail=f"{len(rows)} of {total}" + (" by BSN" if filters.bsn else ""),
        disclosed=[r.id for r in rows],
    )
    session.commit()
    states = planning_states(session, [r.id for r in rows])
    return ReferralPage(
        items=_for_reader(
            session,
            actor,
            [
                (r, referral_public(r, decisions[(r.id, r.decision_version)], states.get(r.id)))
                for r in rows
            ],
        ),
        total=total,
        limit=limit,
        offset=offset,
    )


def _decisions_for(
    session: Session, rows: Sequence[Referral]
) -> dict[tuple[str, int], RoutingDecision]:
    if not rows:
        return {}
    found = session.exec(
        select(RoutingDecision).where(col(RoutingDecision.referral_id).in_([r.id for r in rows]))
    ).all()
    return {(d.referral_id, d.version): d for d in found}


_MAY_SET: dict[Role, frozenset[ReferralStatus]] = {
    Role.VERTROUWENSARTS: frozenset({ReferralStatus.WITHDRAWN, ReferralStatus.CLOSED}),
    Role.GGD_PLANNER: frozenset(
        {
            ReferralStatus.ROUTED,
            ReferralStatus.SCHEDULED,
            ReferralStatus.EXAMINED,
            ReferralStatus.REPORTED,
            ReferralStatus.CLOSED,
        }
    ),
    Role.FORENSISCH_ARTS: frozenset(
        {ReferralStatus.SCHEDULED, ReferralStatus.EXAMINED, ReferralStatus.REPORTED}
    ),
    Role.LECK_CONSULTANT: frozenset(
        {
            ReferralStatus.SCHEDULED,
            ReferralStatus.EXAMINED,
            ReferralStatus.REPORTED,
            ReferralStatus.CLOSED,
        }
    ),
}


def change_status(
    session: Session,
    referral: Referral,
    change: StatusChange,
    *,
    actor: Actor,
    expected_version: int | None,
) -> ReferralPublic:
    """Move the referral one step along the lifecycle (409 when the step is not allowed)."""
    user = actor.require_user()
    if change.to not in _MAY_SET.get(user.role_enum, frozenset()):
        raise PermissionDenied(f"a {user.role} cannot set a referral to '{change.to.value}'")
    if expected_version is not None and expected_version != referral.version:
        raise PreconditionFailed(
            f"the referral is at version {referral.version}, you sent If-Match for version "
            f"{expected_version}; reload and try again",
            loc=("header", "if-match"),
        )
    current = ReferralStatus(referral.status)
    if not can_move(current, change.to):
        allowed = ", ".join(next_statuses(current)) or "none (final status)"
        raise InvalidState(
            f"a referral that is '{current.value}' cannot move to '{change.to.value}'; "
            f"allowed next: {allowed}",
            loc=("body", "to"),
        )
    apply_status(
        session,
        referral,
        change.to,
        actor=actor,
        note=f"{current.value} -> {change.to.value}",
        reason=change.reason,
    )
    session.commit()
    return _for_reader(session, actor, [(referral, _public(session, referral))])[0]


def apply_status(
    session: Session,
    referral: Referral,
    target: ReferralStatus,
    *,
    actor: Actor,
    note: str,
    reason: str | None = None,
) -> None:
    """Set the status and bump the version within the caller's transaction (no commit); the
    step and its reason are kept in the referral's status history."""
    session.add(
        ReferralStatusChange(
            referral_id=referral.id,
            from_status=referral.status,
            to_status=target.value,
            reason=reason.strip() if reason and reason.strip() else None,
            user_id=actor.user.id if actor.user else None,
        )
    )
    referral.status = target
    referral.version += 1
    referral.updated_at = utcnow()
    session.add(referral)
    record(session, actor, AuditAction.UPDATE, RECORD, referral.id, detail=note)


def status_history(session: Session, referral: Referral, actor: Actor) -> list[StatusChangePublic]:
    """The referral's lifecycle steps, oldest first; reasons only for who may know the child."""
    user = actor.require_user()
    show_reasons = referral.id in identity_readable(session, user, [referral.id])
    rows = session.exec(
        select(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id == referral.id)
        .order_by(col(ReferralStatusChange.id))
    ).all()
    record(session, actor, AuditAction.READ, RECORD, referral.id, detail="status history")
    session.commit()
    return [
        StatusChangePublic(
            from_status=ReferralStatus(r.from_status),
            to_status=ReferralStatus(r.to_status),
            reason=r.reason if show_reasons else None,
            user_id=r.user_id,
            changed_at=r.changed_at,
        )
        for r in rows
    ]
