"""server-side web sessions; bearer tokens expire and record their last use; LECK second
opinions; referral status history with reasons

Revision ID: 0009
Revises: 0003
Create Date: 2026-11-29 19:55:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0009"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tokens issued before expiry existed get the default lifetime from the day of this upgrade.
DEFAULT_TOKEN_DAYS = 90


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_web_session_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
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
    with op.batch_alter_table("report_second_opinion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_second_opinion_referral_id"), ["referral_id"], unique=False
        )
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
    with op.batch_alter_table("referral_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_status_change_referral_id"), ["referral_id"], unique=False
        )
    user = sa.table("user", sa.column("expires_at", sa.DateTime(timezone=True)))
    op.execute(
        user.update()
        .where(user.c.expires_at.is_(None))
        .values(expires_at=datetime.now(UTC) + timedelta(days=DEFAULT_TOKEN_DAYS))
    )


def downgrade() -> None:
    with op.batch_alter_table("referral_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_status_change_referral_id"))
    op.drop_table("referral_status_change")
    with op.batch_alter_table("report_second_opinion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_second_opinion_referral_id"))
    op.drop_table("report_second_opinion")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))
    op.drop_table("web_session")
