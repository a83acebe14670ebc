"""doctors: employment (employed / hired via an agency), BIG re-registration date and
qualification validity with evidence (kwaliteitseisen); roster weeks published or draft

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-29 19:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roster_week",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("monday", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("gaps", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by"], ["user.id"], name=op.f("fk_roster_week_published_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["region"], ["region.code"], name=op.f("fk_roster_week_region_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_week")),
        sa.UniqueConstraint("region", "monday", name=op.f("uq_roster_week_region")),
    )
    with op.batch_alter_table("roster_week", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_week_region"), ["region"], unique=False)

    with op.batch_alter_table("doctor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "employment",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="employed",
            )
        )
        batch_op.add_column(
            sa.Column("agency", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch_op.add_column(sa.Column("big_valid_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("qualification_records", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("roster_week", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_week_region"))
    op.drop_table("roster_week")
    with op.batch_alter_table("doctor", schema=None) as batch_op:
        batch_op.drop_column("qualification_records")
        batch_op.drop_column("big_valid_until")
        batch_op.drop_column("agency")
        batch_op.drop_column("employment")
