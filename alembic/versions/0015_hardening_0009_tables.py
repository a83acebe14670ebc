"""the tables 0009 gained after it was first released: LECK second opinions and the referral
status history, for databases upgraded with the earlier 0009 (which lack them)

Revision ID: 0015_hardening_tables
Revises: 0014_reports_revision
Create Date: 2026-11-29 23:00:00.000000

Idempotent: a database migrated with the final 0009 already has both tables and their indexes,
and this revision then changes nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0015_hardening_tables"
down_revision: str | None = "0014_reports_revision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tables() -> set[str]:
    return set(sa.inspect(op.get_bind()).get_table_names())


def _indexes(table: str) -> set[str]:
    return {ix["name"] for ix in sa.inspect(op.get_bind()).get_indexes(table) if ix["name"]}


def upgrade() -> None:
    tables = _tables()
    if "report_second_opinion" not in tables:
        op.create_table(
            "report_second_opinion",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("referral_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("granted_by", sa.Integer(), nullable=False),
            sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["granted_by"], ["user.id"], name=op.f("fk_report_second_opinion_granted_by_user")
            ),
            sa.ForeignKeyConstraint(
                ["referral_id"],
                ["referral.id"],
                name=op.f("fk_report_second_opinion_referral_id_referral"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_report_second_opinion")),
        )
    if "ix_report_second_opinion_referral_id" not in _indexes("report_second_opinion"):
        op.create_index(
            op.f("ix_report_second_opinion_referral_id"),
            "report_second_opinion",
            ["referral_id"],
            unique=False,
        )
    if "referral_status_change" not in tables:
        op.create_table(
            "referral_status_change",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("referral_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
            sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
            sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.Column("user_id", sa.Integer(), nullable=True),
            sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["referral_id"],
                ["referral.id"],
                name=op.f("fk_referral_status_change_referral_id_referral"),
            ),
            sa.ForeignKeyConstraint(
                ["user_id"], ["user.id"], name=op.f("fk_referral_status_change_user_id_user")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_status_change")),
        )
    if "ix_referral_status_change_referral_id" not in _indexes("referral_status_change"):
        op.create_index(
            op.f("ix_referral_status_change_referral_id"),
            "referral_status_change",
            ["referral_id"],
            unique=False,
        )


def downgrade() -> None:
    # 0009's downgrade drops both tables; whether this revision or 0009 created them, the
    # schema at 0007 has them, so nothing is undone here.
    pass
