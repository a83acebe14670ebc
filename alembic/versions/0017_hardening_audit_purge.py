"""audit purge behind a checkpoint: the audit_checkpoint table, and guards that allow a DELETE
of an audit row only when it is older than the NEN 7513 term and behind a recorded checkpoint

Revision ID: 0017_hardening_purge
Revises: 0016_hardening_encrypt
Create Date: 2026-11-29 23:20:00.000000

UPDATE stays refused for every row, and audit_checkpoint itself is append-only. On PostgreSQL
the application role keeps no UPDATE/DELETE/TRUNCATE on the audit tables: a purge runs as the
schema owner (like `fmek migrate`), and the guard holds for the owner too.
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from fmek.audit.models import (
    APPEND_ONLY_TABLES,
    POSTGRES_GUARD_FUNCTION,
    POSTGRES_PURGEABLE_GUARD_FUNCTION,
    postgres_append_only_ddl,
    sqlite_append_only_ddl,
    sqlite_purgeable_ddl,
)

revision: str = "0017_hardening_purge"
down_revision: str | None = "0016_hardening_encrypt"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKPOINT = "audit_checkpoint"


def upgrade() -> None:
    op.create_table(
        CHECKPOINT,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("purged_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_links", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint")),
    )
    op.create_index(op.f("ix_audit_checkpoint_last_seq"), CHECKPOINT, ["last_seq"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in (*APPEND_ONLY_TABLES, CHECKPOINT):
            for statement in sqlite_purgeable_ddl(table):
                op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(POSTGRES_PURGEABLE_GUARD_FUNCTION)
        for statement in postgres_append_only_ddl(CHECKPOINT):
            op.execute(statement)
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {CHECKPOINT} FROM PUBLIC")
        role = os.environ.get("FMEK_DB_APP_ROLE", "fmek_app")
        if not role.replace("_", "").isalnum():
            raise ValueError("FMEK_DB_APP_ROLE must be letters, digits and underscores")
        op.execute(
            "DO $$ BEGIN "
            f"IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
            f'REVOKE UPDATE, DELETE, TRUNCATE ON {CHECKPOINT} FROM "{role}"; '
            f'GRANT SELECT, INSERT ON {CHECKPOINT} TO "{role}"; '
            "END IF; END $$"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            for statement in sqlite_append_only_ddl(table):
                op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(POSTGRES_GUARD_FUNCTION)
    op.drop_index(op.f("ix_audit_checkpoint_last_seq"), table_name=CHECKPOINT)
    op.drop_table(CHECKPOINT)
