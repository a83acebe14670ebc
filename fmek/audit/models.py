"""Audit events: one row per create, read, update, list, search, print/export or transfer."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow


class AuditAction(StrEnum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    LIST = "list"
    SEARCH = "search"
    PRINT = "print"
    EXPORT = "export"
    TRANSFER = "transfer"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    NOT_FOUND = "not_found"
    REPLAYED = "replayed"


class AuditEvent(SQLModel, table=True):
    """Never holds client content: record ids and short non-identifying details only."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), index=True
    )
    action: str = Field(max_length=20)
    outcome: str = Field(max_length=20)
    user_id: int | None = Field(default=None, index=True)
    user_role: str | None = Field(default=None, max_length=30)
    on_behalf_of: str | None = Field(default=None, max_length=40)
    record_type: str = Field(max_length=40)
    record_id: str | None = Field(default=None, max_length=64, index=True)
    client_address: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=500)
