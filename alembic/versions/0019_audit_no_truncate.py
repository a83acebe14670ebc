"""audit tables refuse TRUNCATE on PostgreSQL

Revision ID: 0019_audit_no_truncate
Revises: 0018_audit_signed_heads
Create Date: 2026-11-30 03:00:00.000000

The row triggers of the audit tables refuse UPDATE and DELETE, but TRUNCATE fires no row
trigger: the schema owner (the role `make run` and the demo connect as) could empty the whole
trail in one statement. A statement trigger per audit table refuses TRUNCATE for every role.
SQLite has no TRUNCATE (its DELETE triggers already refuse emptying a table).
"""

from collections.abc import Sequence

from alembic import op
from fmek.audit.models import postgres_no_truncate_ddl

revision: str = "0019_audit_no_truncate"
down_revision: str | None = "0018_audit_signed_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("audit_event", "audit_disclosure", "audit_seal", "audit_checkpoint", "audit_head")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for statement in postgres_no_truncate_ddl(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
