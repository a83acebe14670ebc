"""forensic reports: one row per report version (drafts, signed finals with HTML and SHA-256)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 00:19:02.522454
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forensic_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("report_number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("reviewer_user_id", sa.Integer(), nullable=True),
        sa.Column("signed_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("signed_big_number", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True),
        sa.Column(
            "signed_qualification", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True
        ),
        sa.Column("signed_place", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("template_version", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("final_html", sa.Text(), nullable=True),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column(
            "correction_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True
        ),
        sa.Column("supersedes_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_forensic_report_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_forensic_report_referral_id_referral")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_user_id"], ["user.id"], name=op.f("fk_forensic_report_reviewer_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forensic_report")),
        sa.UniqueConstraint("referral_id", "version", name=op.f("uq_forensic_report_referral_id")),
    )
    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forensic_report_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_forensic_report_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_forensic_report_report_number"), ["report_number"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forensic_report_report_number"))
        batch_op.drop_index(batch_op.f("ix_forensic_report_referral_id"))
        batch_op.drop_index(batch_op.f("ix_forensic_report_author_id"))

    op.drop_table("forensic_report")
