"""audit chain signed under the audit key: the audit_head table (signed heads of the chain) and
the signature of each purge checkpoint

Revision ID: 0018_audit_signed_heads
Revises: 0017_hardening_purge
Create Date: 2026-11-30 02:00:00.000000

audit_head is append-only like the other audit tables (SQLite triggers; on PostgreSQL the guard
trigger, and the application role keeps only SELECT and INSERT). When the audit key is
configured (FMEK_AUDIT_KEYS or the audit key file) and a chain exists, its newest link is signed
as head 1: the chain as it stood when signing began. Without the key, `fmek audit seal --adopt`
does that later; until then the sealer does not extend the unsigned chain.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from fmek.audit.heads import head_fields
from fmek.audit.models import (
    postgres_app_role_grants,
    postgres_append_only_ddl,
    sqlite_purgeable_ddl,
)
from fmek.audit.signing import HEAD, audit_keyring
from fmek.clock import utcnow
from fmek.column_types import UtcDateTime

revision: str = "0018_audit_signed_heads"
down_revision: str | None = "0017_hardening_purge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEAD_TABLE = "audit_head"
CHECKPOINT = "audit_checkpoint"


def upgrade() -> None:
    op.create_table(
        HEAD_TABLE,
        sa.Column("n", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("n", name=op.f("pk_audit_head")),
    )
    op.add_column(CHECKPOINT, sa.Column("key_id", sa.String(length=16), nullable=True))
    op.add_column(CHECKPOINT, sa.Column("signature", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in sqlite_purgeable_ddl(HEAD_TABLE):
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        for statement in postgres_append_only_ddl(HEAD_TABLE):
            op.execute(statement)
        for statement in postgres_app_role_grants(HEAD_TABLE):
            op.execute(statement)
    _sign_existing_chain(bind)


def _sign_existing_chain(bind: sa.Connection) -> None:
    ring = audit_keyring()
    if ring is None:
        return
    newest = (
        bind.execute(
            sa.text("SELECT seq, event_hash FROM audit_seal ORDER BY seq DESC LIMIT 1")
        ).first()
        or bind.execute(
            sa.text(f"SELECT last_seq, last_hash FROM {CHECKPOINT} ORDER BY last_seq DESC LIMIT 1")
        ).first()
    )
    if newest is None:
        return
    seq, event_hash = int(newest[0]), str(newest[1])
    now, key_id = utcnow(), ring.current.id
    heads = sa.table(
        HEAD_TABLE,
        sa.column("n", sa.Integer()),
        sa.column("seq", sa.Integer()),
        sa.column("event_hash", sa.String()),
        sa.column("signed_at", UtcDateTime()),
        sa.column("key_id", sa.String()),
        sa.column("signature", sa.String()),
    )
    op.bulk_insert(
        heads,
        [
            {
                "n": 1,
                "seq": seq,
                "event_hash": event_hash,
                "signed_at": now,
                "key_id": key_id,
                "signature": ring.sign(HEAD, head_fields(1, seq, event_hash, now, key_id)),
            }
        ],
    )


def downgrade() -> None:
    op.drop_column(CHECKPOINT, "signature")
    op.drop_column(CHECKPOINT, "key_id")
    op.drop_table(HEAD_TABLE)
