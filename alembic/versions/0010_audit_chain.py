"""audit: append-only audit tables, disclosures of lists, the hash chain's links; the child's
name, birth date and BSN encrypted at rest with a keyed BSN index; retention tombstones

Revision ID: 0010
Revises: 0006
Create Date: 2026-11-29 19:45:00

On PostgreSQL the audit tables get a row trigger that refuses UPDATE and DELETE for every role,
and UPDATE, DELETE and TRUNCATE are revoked from PUBLIC and from the application role named by
FMEK_DB_APP_ROLE (default ``fmek_app``) when that role exists; production runs the service as
that role and migrations as the owner (docs/audit.md).

Existing referrals are encrypted under the current data key (fmek.keys); the downgrade decrypts
them again. Both need the key when there are rows.
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op
from fmek.audit.models import (
    APPEND_ONLY_TABLES,
    POSTGRES_GUARD_FUNCTION,
    postgres_append_only_ddl,
    sqlite_append_only_ddl,
)

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["audit_event.id"],
            name=op.f("fk_audit_disclosure_event_id_audit_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_disclosure")),
    )
    with op.batch_alter_table("audit_disclosure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_disclosure_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_disclosure_record_id"), ["record_id"], unique=False
        )
    op.create_table(
        "audit_seal",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("event_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["audit_event.id"], name=op.f("fk_audit_seal_event_id_audit_event")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_seal")),
        sa.UniqueConstraint("event_id", name=op.f("uq_audit_seal_event_id")),
    )
    op.create_table(
        "retention_tombstone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("request_reference", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("rows_destroyed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_tombstone")),
    )
    with op.batch_alter_table("retention_tombstone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_tombstone_record_id"), ["record_id"], unique=False
        )
    _encrypt_referrals()
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for statement in sqlite_append_only_ddl(table):
                op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(POSTGRES_GUARD_FUNCTION)
        role = os.environ.get("FMEK_DB_APP_ROLE", "fmek_app")
        for table in APPEND_ONLY_TABLES:
            for statement in postgres_append_only_ddl(table):
                op.execute(statement)
            op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
            op.execute(
                "DO $$ BEGIN "
                f"IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{_quoted(role)}') THEN "
                f'REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM "{role}"; '
                f'GRANT SELECT, INSERT ON {table} TO "{role}"; '
                "END IF; END $$"
            )


_FIELDS = (
    ("child_name", "referral.child_name"),
    ("child_birth_date", "referral.child_birth_date"),
    ("child_bsn", "referral.child_bsn"),
)


def _encrypt_referrals() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.alter_column("child_name", type_=sa.Text(), existing_nullable=False)
        batch_op.alter_column(
            "child_birth_date",
            type_=sa.Text(),
            existing_nullable=False,
            postgresql_using="child_birth_date::text",
        )
        batch_op.alter_column("child_bsn", type_=sa.Text(), existing_nullable=True)
        batch_op.add_column(
            sa.Column("child_bsn_index", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_referral_child_bsn_index"), ["child_bsn_index"], unique=False
        )
    _write_rows(_convert_rows(encrypt=True))


def _convert_rows(*, encrypt: bool) -> list[dict[str, str | None]]:
    """Every referral's identifying fields encrypted (or decrypted), with its id."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, child_name, child_birth_date, child_bsn FROM referral")
    ).all()
    if not rows:
        return []
    from fmek.keys.keyring import keyring

    ring = keyring()  # raises with a clear message when no key is configured
    converted: list[dict[str, str | None]] = []
    for row in rows:
        values: dict[str, str | None] = {"id": row[0]}
        for (column, context), value in zip(_FIELDS, row[1:], strict=True):
            if value is None:
                values[column] = None
            elif encrypt:
                values[column] = ring.encrypt(str(value), context)
            else:
                values[column] = ring.decrypt(str(value), context)
        if encrypt:
            bsn = row[3]
            values["child_bsn_index"] = ring.blind_index(str(bsn)) if bsn else None
        converted.append(values)
    return converted


def _write_rows(rows: list[dict[str, str | None]]) -> None:
    bind = op.get_bind()
    for values in rows:
        sets = ", ".join(f"{column} = :{column}" for column in values if column != "id")
        bind.execute(sa.text(f"UPDATE referral SET {sets} WHERE id = :id"), values)


def _decrypt_referrals() -> None:
    # decrypt first, change the types, then write: SQLite's table copy would CAST the
    # ciphertext (or an ISO date) to a number
    plain = _convert_rows(encrypt=False)
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_child_bsn_index"))
        batch_op.drop_column("child_bsn_index")
        # placeholders: every row is written with its plaintext right after
        batch_op.alter_column(
            "child_bsn",
            type_=sa.String(length=9),
            existing_nullable=True,
            postgresql_using="NULL",
        )
        batch_op.alter_column(
            "child_birth_date",
            type_=sa.Date(),
            existing_nullable=False,
            postgresql_using="DATE '1900-01-01'",
        )
        batch_op.alter_column(
            "child_name",
            type_=sa.String(length=200),
            existing_nullable=False,
            postgresql_using="''",
        )
    _write_rows(plain)


def _quoted(role: str) -> str:
    if not role.replace("_", "").isalnum():
        raise ValueError("FMEK_DB_APP_ROLE must be letters, digits and underscores")
    return role


def downgrade() -> None:
    bind = op.get_bind()
    for table in APPEND_ONLY_TABLES:
        if bind.dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS fmek_audit_append_only()")
    op.drop_table("audit_seal")
    with op.batch_alter_table("audit_disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_disclosure_record_id"))
        batch_op.drop_index(batch_op.f("ix_audit_disclosure_event_id"))
    op.drop_table("audit_disclosure")
    with op.batch_alter_table("retention_tombstone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_tombstone_record_id"))
    op.drop_table("retention_tombstone")
    _decrypt_referrals()
