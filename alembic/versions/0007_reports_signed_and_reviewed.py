"""reports signed and reviewed: verified BIG, review step, signed PDF, LECK letter fields

Revision ID: 0007
Revises: 0010
Create Date: 2026-11-29 19:34:48.029077
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0007"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leck_consultant",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("function", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("big_number", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
        sa.Column("big_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("member_hospital", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_leck_consultant_user_id_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_leck_consultant")),
        sa.UniqueConstraint("big_number", name=op.f("uq_leck_consultant_big_number")),
    )
    with op.batch_alter_table("advice_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("differential_diagnosis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("disciplines", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("material_received", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("inflicted", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True)
        )
        batch_op.add_column(
            sa.Column("alternative", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True)
        )
        batch_op.add_column(sa.Column("team_discussed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("letter_version", sa.Integer(), nullable=True))

    with op.batch_alter_table("doctor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("big_verified_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("review_remark", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("issuer_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("signed_pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("pdf_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_forensic_report_pdf_sha256"), ["pdf_sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forensic_report_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forensic_report_sha256"))
        batch_op.drop_index(batch_op.f("ix_forensic_report_pdf_sha256"))
        batch_op.drop_column("pdf_sha256")
        batch_op.drop_column("signed_pdf")
        batch_op.drop_column("issuer_code")
        batch_op.drop_column("review_remark")
        batch_op.drop_column("review_requested_at")

    with op.batch_alter_table("doctor", schema=None) as batch_op:
        batch_op.drop_column("big_verified_at")

    with op.batch_alter_table("advice_request", schema=None) as batch_op:
        batch_op.drop_column("letter_version")
        batch_op.drop_column("team_discussed_on")
        batch_op.drop_column("alternative")
        batch_op.drop_column("inflicted")
        batch_op.drop_column("material_received")
        batch_op.drop_column("disciplines")
        batch_op.drop_column("differential_diagnosis")
        batch_op.drop_column("assessment")

    op.drop_table("leck_consultant")
