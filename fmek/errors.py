"""Domain errors: raised by services, mapped once to HTTP in ``fmek.api.errors``.

Messages are written for a doctor and never contain client data.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, in the contract's error-body shape."""

    msg: str
    type: str
    loc: tuple[str | int, ...] = ()


@dataclass
class DomainError(Exception):
    """Base of every expected failure; ``problems`` becomes the body's ``detail`` list."""

    problems: Sequence[Problem] = field(default_factory=list)
    headers: dict[str, str] | None = None

    def __init__(
        self,
        msg: str | None = None,
        *,
        type: str | None = None,
        loc: Sequence[str | int] = (),
        problems: Sequence[Problem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if problems is None:
            problems = [Problem(msg or self.default_msg, type or self.default_type, tuple(loc))]
        self.problems = list(problems)
        self.headers = headers
        super().__init__("; ".join(p.msg for p in self.problems))

    default_msg = "the request could not be handled"
    default_type = "error"


class NotFound(DomainError):
    default_msg = "not found"
    default_type = "not_found"


class Conflict(DomainError):
    default_msg = "conflicts with the current state"
    default_type = "conflict"


class InvalidState(Conflict):
    default_msg = "not allowed in the current state"
    default_type = "invalid_state"


class PermissionDenied(DomainError):
    default_msg = "your role does not allow this"
    default_type = "permission_denied"


class Unauthenticated(DomainError):
    default_msg = "sign in with a valid bearer token"
    default_type = "unauthenticated"


class ValidationFailed(DomainError):
    default_msg = "the request is not valid"
    default_type = "value_error"


class PreconditionFailed(DomainError):
    default_msg = "the record changed since you read it; reload and try again"
    default_type = "precondition_failed"


class QuotaExceeded(DomainError):
    default_msg = "too many requests of this kind are waiting; try again later"
    default_type = "quota_exceeded"


class DatabaseBusy(DomainError):
    """The database stayed locked by other work for the whole wait (SQLite under heavy load).
    Raised before anything was written, or with the transaction rolled back: safe to retry."""

    default_msg = (
        "the database is busy; nothing was saved. Try again in a few seconds "
        "(de database is even bezet; er is niets opgeslagen. Probeer het zo opnieuw)"
    )
    default_type = "busy"
    RETRY_AFTER_S = 5

    def __init__(self, msg: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"Retry-After": str(self.RETRY_AFTER_S)})
        super().__init__(msg, **kwargs)
