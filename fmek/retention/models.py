"""What remains of a destroyed record: that it existed, when and why it went; no client data."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime


class RetentionTombstone(SQLModel, table=True):
    __tablename__ = "retention_tombstone"

    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=40)
    record_id: str = Field(max_length=64, index=True)
    destroyed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    basis: str = Field(max_length=20)  # "request" or "retention"
    reason: str | None = Field(default=None, max_length=40)
    request_reference: str | None = Field(default=None, max_length=60)
    rows_destroyed: int = 0
