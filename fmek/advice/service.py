"""Advice use cases; each is one unit of work that commits before it returns.

Privacy rules every function here keeps:
- the identifier screen runs on every free-text field before anything is added to the session;
- nothing is logged; audit events name the case number, never content;
- error messages never repeat what the client sent.

Long because every use case of the advice lifecycle keeps the privacy rules above; they stay next
to each other so a change to one is checked against all.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from fmek.advice.access import (
    is_leck,
    require_leck,
    visible_to,
)
from fmek.advice.case_numbers import new_case_number, normalise_case_number
from fmek.advice.lifecycle import OPEN, AdviceStatus, ReviewDecision, can_move
from fmek.advice.models import (
    AdviceCreate,
    AdvicePage,
    AdvicePublic,
    AdviceRequest,
    AdviceReview,
    AdviceSubmitted,
    AnswerIn,
    ReviewIn,
    RevisionIn,
    TeamMeetingIn,
)
from fmek.advice.screen import refuse_identifiers
from fmek.advice.views import advice_public, summaries
from fmek.audit.models import AuditAction, AuditOutcome
from fmek.audit.service import Actor, record, record_now
from fmek.auth.models import User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.errors import InvalidState, NotFound, PermissionDenied, Problem, ValidationFailed
from fmek.idempotency import Earlier, IdempotentCreate, record_replay, request_hash
from fmek.reference.service import region_exists
from fmek.referrals.adapters import injuries_json
from fmek.referrals.validation import CLOCK_SKEW

RECORD = "advice_request"


@dataclass(frozen=True)
class Submitted:
    advice: AdviceSubmitted
    replayed: bool


def submit_advice(
    session: Session, data: AdviceCreate, *, actor: Actor, idempotency_key: str | None
) -> Submitted:
    """Screen, check and store an anonymous advice request; answer only its case number.

    The case number is drawn from ``secrets`` and owes nothing to the request. A retry with the
    same Idempotency-Key and body returns the first case number.
    """
    user = actor.require_user()
    refuse_identifiers({"question": data.question, "clinical_summary": data.clinical_summary})
    refuse_identifiers({"idempotency-key": idempotency_key}, where=("header",))
    keyed = IdempotentCreate(
        idempotency_key,
        request_hash(data),
        "advice request",
        lambda key: _find_by_key(session, user, key),
    )
    if (earlier := keyed.earlier()) is not None:
        return _replay(session, earlier, actor)
    now = utcnow()
    _check_facts(session, data, now)
    advice = AdviceRequest(
        case_number=new_case_number(),
        submitted_at=now,
        updated_at=now,
        requester_id=user.id or 0,
        requester_organisation=user.on_behalf_of or "",
        requester_name=None if data.requester_contact_withheld else user.name,
        requester_contact_withheld=data.requester_contact_withheld,
        idempotency_key=idempotency_key,
        request_hash=keyed.body_hash,
        age_months=data.age_months,
        sex=data.sex.value,
        ggd_region=data.ggd_region,
        concerns=[c.value for c in data.concerns],
        injuries=injuries_json(data.injuries),
        question=data.question,
        clinical_summary=data.clinical_summary,
    )
    session.add(advice)
    record(session, actor, AuditAction.CREATE, RECORD, advice.case_number)
    if isinstance(outcome := keyed.commit(session, lambda: None), Earlier):
        return _replay(session, outcome.row, actor)
    return Submitted(_submitted(advice), replayed=False)


def _submitted(advice: AdviceRequest) -> AdviceSubmitted:
    return AdviceSubmitted(case_number=advice.case_number, status=AdviceStatus(advice.status))


def _check_facts(session: Session, data: AdviceCreate, now: datetime) -> None:
    problems: list[Problem] = []
    if not region_exists(session, data.ggd_region):
        problems.append(
            Problem(
                "unknown GGD region; see GET /api/v1/regions for the 25 codes",
                "unknown_region",
                ("body", "ggd_region"),
            )
        )
    for i, injury in enumerate(data.injuries):
        if injury.observed_at is not None and as_utc(injury.observed_at) > now + CLOCK_SKEW:
            problems.append(
                Problem(
                    "this time lies in the future",
                    "future_timestamp",
                    ("body", "injuries", i, "observed_at"),
                )
            )
    if problems:
        raise ValidationFailed(problems=problems)


def _find_by_key(session: Session, user: User, key: str) -> AdviceRequest | None:
    return session.exec(
        select(AdviceRequest).where(
            AdviceRequest.requester_id == user.id, AdviceRequest.idempotency_key == key
        )
    ).first()


def _replay(session: Session, earlier: AdviceRequest, actor: Actor) -> Submitted:
    record_replay(session, actor, RECORD, earlier.case_number)
    return Submitted(_submitted(earlier), replayed=True)


# --- reading ----------------------------------------------------------------------------


def load_advice(session: Session, typed_case_number: str, actor: Actor) -> AdviceRequest:
    """The case if the actor may see it; otherwise 404, the same as for a number never issued.

    A malformed number (wrong length, symbols or check symbol) is also 404, with a hint to
    check the number; it is not written to the audit log as typed (it could hold anything).
    """
    user = actor.require_user()
    condition = visible_to(user)
    case_number = normalise_case_number(typed_case_number)
    advice = None
    if case_number is not None:
        advice = session.exec(
            select(AdviceRequest).where(AdviceRequest.case_number == case_number, condition)
        ).first()
    if advice is None:
        record_now(
            session,
            actor,
            AuditAction.READ,
            RECORD,
            case_number,
            outcome=AuditOutcome.NOT_FOUND,
            detail=None if case_number else "malformed case number",
        )
        raise NotFound(
            "no advice request with this case number for you; check the number "
            "(16 symbols, e.g. K7QM-3XWD-9FHT-RN4P)",
            loc=("path", "case_number"),
        )
    return advice


def read_advice(session: Session, advice: AdviceRequest, actor: Actor) -> AdvicePublic:
    user = actor.require_user()
    record(session, actor, AuditAction.READ, RECORD, advice.case_number)
    session.commit()
    return advice_public(session, advice, for_leck=is_leck(user))


def list_advice(
    session: Session,
    actor: Actor,
    status: AdviceStatus | None,
    *,
    limit: int,
    offset: int,
) -> AdvicePage:
    """LECK: the work queue, oldest first (open cases unless a status is given).
    A requester: their own cases, oldest first."""
    user = actor.require_user()
    conditions = [visible_to(user)]
    if status is not None:
        conditions.append(col(AdviceRequest.status) == status.value)
    elif is_leck(user):
        conditions.append(col(AdviceRequest.status).in_([s.value for s in OPEN]))
    total = session.exec(select(func.count()).select_from(AdviceRequest).where(*conditions)).one()
    rows = session.exec(
        select(AdviceRequest)
        .where(*conditions)
        .order_by(col(AdviceRequest.submitted_at), col(AdviceRequest.case_number))
        .limit(limit)
        .offset(offset)
    ).all()
    record(
        session,
        actor,
        AuditAction.LIST,
        RECORD,
        detail=f"{len(rows)} of {total}",
        disclosed=[r.case_number for r in rows],
    )
    session.commit()
    return AdvicePage(
        items=summaries(session, rows, for_leck=is_leck(user)),
        total=total,
        limit=limit,
        offset=offset,
    )


# --- LECK handling ----------------------------------------------------------------------


def claim_advice(session: Session, advice: AdviceRequest, actor: Actor) -> AdvicePublic:
    """Take a submitted case. Two consultants can never both claim it.

    PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` on the row still ``submitted``; a consultant
    whose colleague holds the lock gets no row and a 409 at once instead of waiting. SQLite
    ignores the lock clause, but every transaction there is ``BEGIN IMMEDIATE``, so writers are
    serialised and the status check cannot race.
    """
    user = actor.require_user()
    require_leck(user, "claim an advice request")
    locked = session.exec(
        select(AdviceRequest)
        .where(
            AdviceRequest.id == advice.id,
            AdviceRequest.status == AdviceStatus.SUBMITTED.value,
        )
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).first()
    if locked is None:
        session.rollback()
        raise InvalidState(
            "this case has already been claimed (or is being claimed right now) by another "
            "consultant; reload the queue",
            type="already_claimed",
        )
    now = utcnow()
    locked.claimed_by = user.id
    locked.claimed_at = now
    move_status(session, locked, AdviceStatus.CLAIMED, actor=actor, note="claimed", now=now)
    session.commit()
    return advice_public(session, locked, for_leck=True)


def answer_advice(
    session: Session, advice: AdviceRequest, answer: AnswerIn, actor: Actor
) -> AdvicePublic:
    """The consultant who claimed the case writes (or revises) the draft advice."""
    user = actor.require_user()
    require_leck(user, "answer an advice request")
    refuse_identifiers(
        {
            "advice": answer.advice,
            "assessment": answer.assessment,
            "differential_diagnosis": answer.differential_diagnosis,
            **{f"disciplines.{n}": v for n, v in enumerate(answer.disciplines)},
            **{f"material_received.{n}": v for n, v in enumerate(answer.material_received)},
        }
    )
    advice = lock_advice(session, advice)
    require_move(advice, AdviceStatus.ANSWERED)
    if advice.claimed_by != user.id:
        raise PermissionDenied(
            "only the consultant who claimed this case can write its advice",
            type="not_claimed_by_you",
        )
    now = utcnow()
    advice.advice = answer.advice
    advice.conclusion = answer.conclusion.value
    advice.assessment = answer.assessment
    advice.differential_diagnosis = answer.differential_diagnosis or None
    advice.disciplines = answer.disciplines
    advice.material_received = answer.material_received
    advice.inflicted = answer.inflicted.value
    advice.alternative = answer.alternative.value
    advice.answered_by = user.id
    advice.answered_at = now
    move_status(session, advice, AdviceStatus.ANSWERED, actor=actor, note="advice written", now=now)
    session.commit()
    return advice_public(session, advice, for_leck=True)


def review_advice(
    session: Session, advice: AdviceRequest, review: ReviewIn, actor: Actor
) -> AdvicePublic:
    """A second consultant, never the author, releases the advice or returns it with a remark."""
    user = actor.require_user()
    require_leck(user, "review an advice")
    if review.decision is ReviewDecision.RETURN and not (review.remark or "").strip():
        raise ValidationFailed(
            "say what should change: a returned advice needs a remark",
            type="remark_required",
            loc=("body", "remark"),
        )
    refuse_identifiers({"remark": review.remark})
    advice = lock_advice(session, advice)
    target = (
        AdviceStatus.RELEASED if review.decision is ReviewDecision.RELEASE else AdviceStatus.CLAIMED
    )
    if AdviceStatus(advice.status) is not AdviceStatus.ANSWERED:
        raise InvalidState(
            f"only an answered advice can be reviewed; this case is '{advice.status}'",
            type="invalid_state",
        )
    if advice.answered_by == user.id:
        raise PermissionDenied(
            "you wrote this advice; a colleague must review it (team review)",
            type="own_advice",
        )
    now = utcnow()
    session.add(
        AdviceReview(
            advice_id=advice.id,
            reviewer_id=user.id or 0,
            decision=review.decision.value,
            remark=review.remark.strip() if review.remark else None,
            reviewed_at=now,
        )
    )
    if target is AdviceStatus.RELEASED:
        advice.reviewed_by = user.id
        advice.released_at = now
        # the first release is version 1; a release after a revision is the next version
        advice.letter_version = (advice.letter_version or 0) + 1
    move_status(
        session, advice, target, actor=actor, note=f"review: {review.decision.value}", now=now
    )
    session.commit()
    return advice_public(session, advice, for_leck=True)


def revise_advice(
    session: Session, advice: AdviceRequest, revision: RevisionIn, actor: Actor
) -> AdvicePublic:
    """Reopen a released advice (new information, a correction): the consultant who asks holds
    it, writes the revised advice, and a colleague releases it as the next letter version.
    Until then the requester keeps no advice on screen: the case is being revised."""
    user = actor.require_user()
    require_leck(user, "revise an advice")
    refuse_identifiers({"reason": revision.reason})
    advice = lock_advice(session, advice)
    if AdviceStatus(advice.status) is not AdviceStatus.RELEASED:
        raise InvalidState(
            f"only a released advice can be revised; this case is '{advice.status}'",
            type="invalid_state",
        )
    now = utcnow()
    advice.claimed_by = user.id
    advice.claimed_at = now
    advice.reviewed_by = None  # the revision is a draft until a colleague releases it
    advice.revision_reason = revision.reason
    advice.revised_at = now
    move_status(
        session,
        advice,
        AdviceStatus.CLAIMED,
        actor=actor,
        note=f"revision of letter version {advice.letter_version or 1} started",
        now=now,
    )
    session.commit()
    return advice_public(session, advice, for_leck=True)


def record_team_meeting(
    session: Session, advice: AdviceRequest, meeting: TeamMeetingIn, actor: Actor
) -> AdvicePublic:
    """The weekly team meeting discussed the case: its own event and date, after the first
    (oral) advice and not in the future; the letter says so from then on."""
    user = actor.require_user()
    require_leck(user, "record the team meeting")
    advice = lock_advice(session, advice)
    if advice.answered_at is None:
        raise InvalidState(
            "the team discusses a case after its first advice; write the advice first",
            type="not_answered",
        )
    first_advice = advice.answered_at.astimezone(AMSTERDAM).date()
    today = utcnow().astimezone(AMSTERDAM).date()
    if not first_advice <= meeting.discussed_on <= today:
        raise ValidationFailed(
            "the team meeting lies between the first advice and today",
            type="meeting_date",
            loc=("body", "discussed_on"),
        )
    advice.team_discussed_on = meeting.discussed_on
    advice.updated_at = utcnow()
    session.add(advice)
    record(
        session,
        actor,
        AuditAction.UPDATE,
        RECORD,
        advice.case_number,
        detail=f"team meeting {meeting.discussed_on.isoformat()}",
    )
    session.commit()
    return advice_public(session, advice, for_leck=True)


def lock_advice(session: Session, advice: AdviceRequest) -> AdviceRequest:
    """Re-read the row under a row lock (PostgreSQL) so concurrent changes serialise."""
    return session.exec(
        select(AdviceRequest)
        .where(AdviceRequest.id == advice.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def require_move(advice: AdviceRequest, target: AdviceStatus) -> None:
    current = AdviceStatus(advice.status)
    if not can_move(current, target):
        raise InvalidState(
            f"an advice request that is '{current.value}' cannot become '{target.value}'",
            type="invalid_state",
        )


def move_status(
    session: Session,
    advice: AdviceRequest,
    target: AdviceStatus,
    *,
    actor: Actor,
    note: str,
    now: datetime,
) -> None:
    """Set the status and bump the version within the caller's transaction (no commit)."""
    require_move(advice, target)
    advice.status = target
    advice.version += 1
    advice.updated_at = now
    session.add(advice)
    record(session, actor, AuditAction.UPDATE, RECORD, advice.case_number, detail=note)
