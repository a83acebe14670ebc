"""Writing audit events inside the caller's transaction (they commit or roll back together)."""

import hashlib
import re
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session

from fmek.audit.models import AuditAction, AuditDisclosure, AuditEvent, AuditOutcome
from fmek.auth.models import User
from fmek.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """Who acts and from where; built once per request.

    ``acting_as`` names a non-user accessor, e.g. a doctor's calendar feed token.
    """

    user: User | None
    client_address: str | None = None
    acting_as: str | None = None

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, client_address=None)

    def require_user(self) -> User:
        """The signed-in user behind this action; 403 for the system or a token-only accessor."""
        if self.user is None:
            raise PermissionDenied("this action needs a signed-in user")
        return self.user


_WELL_FORMED_ID = re.compile(
    r"[0-9]{1,8}"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|[A-Z]{1,8}(-[A-Z0-9]{1,12}){0,4}"
)


def safe_record_id(value: str | int | None) -> str | None:
    """An id as typed only when it has the shape of one of our ids; anything else (it could
    hold a name or a BSN typed into a URL) is stored as a SHA-256 prefix, never verbatim."""
    if value is None:
        return None
    text = str(value)
    if _WELL_FORMED_ID.fullmatch(text):
        return text
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:56]


def new_event(
    actor: Actor,
    action: AuditAction,
    record_type: str,
    record_id: str | int | None = None,
    *,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: str | None = None,
) -> AuditEvent:
    user = actor.user
    return AuditEvent(
        action=action.value,
        outcome=outcome.value,
        user_id=user.id if user else None,
        user_role=user.role if user else ("feed" if actor.acting_as else "system"),
        on_behalf_of=user.on_behalf_of if user else (actor.acting_as or None),
        record_type=record_type,
        record_id=str(record_id) if record_id is not None else None,
        client_address=actor.client_address,
        detail=detail[:500] if detail else None,
    )


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    record_type: str,
    record_id: str | int | None = None,
    *,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: str | None = None,
    disclosed: Sequence[str] = (),
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it durable.

    ``disclosed`` lists every record a list or search showed (full ids, one row each).
    """
    event = new_event(actor, action, record_type, record_id, outcome=outcome, detail=detail)
    session.add(event)
    if disclosed:
        session.flush()  # the event id, for the disclosure rows
        session.execute(
            insert(AuditDisclosure),
            [{"event_id": event.id, "record_id": rid} for rid in dict.fromkeys(disclosed)],
        )
    return event


@dataclass
class RequestAudit:
    """Per-request flag: a service already recorded this request's refusal."""

    refusal_recorded: bool = field(default=False)


request_audit: ContextVar[RequestAudit | None] = ContextVar("request_audit", default=None)


def record_now(
    session: Session,
    actor: Actor,
    action: AuditAction,
    record_type: str,
    record_id: str | int | None = None,
    *,
    outcome: AuditOutcome,
    detail: str | None = None,
) -> None:
    """Record and commit at once: for refusals, where no other unit of work will commit.

    A refusal (also an out-of-scope "not found") is stored as ``denied``; the request is marked
    so the refusal middleware does not record it twice.
    """
    session.rollback()
    if outcome is AuditOutcome.NOT_FOUND:
        outcome, detail = AuditOutcome.DENIED, detail or "not found in the user's scope"
    record(
        session,
        actor,
        action,
        record_type,
        safe_record_id(record_id),
        outcome=outcome,
        detail=detail,
    )
    session.commit()
    if (marker := request_audit.get()) is not None:
        marker.refusal_recorded = True
