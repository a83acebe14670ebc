"""The Idempotency-Key protocol shared by every create endpoint that accepts one.

A key is scoped to whoever sent it (the caller's lookup decides the scope). The same key with
the same body is a retry: it answers what the first request stored, also when the two raced and
the table's unique (owner, key) constraint picked the winner. The same key with a different body
is refused with 422 ``idempotency_key_reused`` (as the IETF Idempotency-Key draft asks) and
changes nothing.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from fmek.audit.models import AuditAction, AuditOutcome
from fmek.audit.service import Actor, record
from fmek.errors import ValidationFailed


class Keyed(Protocol):
    """A stored row that remembers the body it was created from."""

    request_hash: str


RowT = TypeVar("RowT", bound=Keyed)
T = TypeVar("T")


def request_hash(data: BaseModel) -> str:
    """A canonical SHA-256 of a validated request body: equal for equal bodies, whatever the
    key order or whitespace the client sent."""
    canonical = json.dumps(data.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Earlier(Generic[RowT]):
    """What a retry answers: the row the first request with this key stored."""

    row: RowT


@dataclass(frozen=True)
class IdempotentCreate(Generic[RowT]):
    """One create request under an optional Idempotency-Key."""

    key: str | None
    body_hash: str
    noun: str  # what the endpoint creates, for the refusal: "referral", "advice request"
    find: Callable[[str], RowT | None]  # the row stored under this key in the caller's scope

    def earlier(self) -> RowT | None:
        """The row an earlier request with this key stored (None without one); a different
        body under the same key is refused."""
        if not self.key:
            return None
        row = self.find(self.key)
        if row is not None and row.request_hash != self.body_hash:
            raise ValidationFailed(
                f"this Idempotency-Key was already used for a different {self.noun}; "
                f"use a new key for a new {self.noun}",
                type="idempotency_key_reused",
                loc=("header", "idempotency-key"),
            )
        return row

    def commit(self, session: Session, work: Callable[[], T]) -> T | Earlier[RowT]:
        """Run the last work of the transaction (its reads flush the new row) and commit. When a
        concurrent request with the same key won the unique constraint, roll back and answer
        that request's row instead; any other integrity error stands."""
        try:
            done = work()
            session.commit()
        except IntegrityError:
            session.rollback()
            earlier = self.earlier()
            if earlier is None:
                raise
            return Earlier(earlier)
        return done


def record_replay(session: Session, actor: Actor, record_type: str, record_id: str) -> None:
    """The audit trail shows each replay as a read of the earlier record."""
    record(session, actor, AuditAction.READ, record_type, record_id, outcome=AuditOutcome.REPLAYED)
    session.commit()
