"""Writing audit events inside the caller's transaction (they commit or roll back together)."""

from dataclasses import dataclass

from sqlmodel import Session

from fmek.audit.models import AuditAction, AuditEvent, AuditOutcome
from fmek.auth.models import User


@dataclass(frozen=True)
class Actor:
    """Who acts and from where; built once per request."""

    user: User | None
    client_address: str | None = None

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, client_address=None)


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    record_type: str,
    record_id: str | int | None = None,
    *,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it durable."""
    user = actor.user
    event = AuditEvent(
        action=action.value,
        outcome=outcome.value,
        user_id=user.id if user else None,
        user_role=user.role if user else "system",
        on_behalf_of=user.on_behalf_of if user else None,
        record_type=record_type,
        record_id=str(record_id) if record_id is not None else None,
        client_address=actor.client_address,
        detail=detail[:500] if detail else None,
    )
    session.add(event)
    return event


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
    """Record and commit at once: for refusals, where no other unit of work will commit."""
    session.rollback()
    record(session, actor, action, record_type, record_id, outcome=outcome, detail=detail)
    session.commit()
