"""advice: anonymous LECK advice requests, reviews, scrubbed photos, consult links with consent

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advice_request",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_number", sqlmodel.sql.sqltypes.AutoString(length=19), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column(
            "requester_organisation", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False
        ),
        sa.Column("requester_name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
        sa.Column("requester_contact_withheld", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("age_months", sa.Integer(), nullable=False),
        sa.Column("sex", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("ggd_region", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("concerns", sa.JSON(), nullable=False),
        sa.Column("injuries", sa.JSON(), nullable=False),
        sa.Column("question", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("clinical_summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("advice", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("conclusion", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["user.id"], name=op.f("fk_advice_request_answered_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["user.id"], name=op.f("fk_advice_request_claimed_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["ggd_region"], ["region.code"], name=op.f("fk_advice_request_ggd_region_region")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["user.id"], name=op.f("fk_advice_request_requester_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["user.id"], name=op.f("fk_advice_request_reviewed_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_request")),
        sa.UniqueConstraint("case_number", name=op.f("uq_advice_request_case_number")),
        sa.UniqueConstraint(
            "requester_id", "idempotency_key", name=op.f("uq_advice_request_requester_id")
        ),
    )
    with op.batch_alter_table("advice_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advice_request_requester_id"), ["requester_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_advice_request_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_advice_request_submitted_at"), ["submitted_at"], unique=False
        )

    op.create_table(
        "advice_consult",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("advice_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("referral_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("consent_given_by", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column(
            "consent_given_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["advice_id"],
            ["advice_request.id"],
            name=op.f("fk_advice_consult_advice_id_advice_request"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["user.id"], name=op.f("fk_advice_consult_recorded_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_advice_consult_referral_id_referral")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_consult")),
        sa.UniqueConstraint("advice_id", name=op.f("uq_advice_consult_advice_id")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_advice_consult_referral_id")),
    )
    op.create_table(
        "advice_photo",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("advice_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["advice_id"],
            ["advice_request.id"],
            name=op.f("fk_advice_photo_advice_id_advice_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_photo")),
    )
    with op.batch_alter_table("advice_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advice_photo_advice_id"), ["advice_id"], unique=False)

    op.create_table(
        "advice_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("advice_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("remark", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["advice_id"],
            ["advice_request.id"],
            name=op.f("fk_advice_review_advice_id_advice_request"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["user.id"], name=op.f("fk_advice_review_reviewer_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_review")),
    )
    with op.batch_alter_table("advice_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advice_review_advice_id"), ["advice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("advice_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_review_advice_id"))

    op.drop_table("advice_review")
    with op.batch_alter_table("advice_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_photo_advice_id"))

    op.drop_table("advice_photo")
    op.drop_table("advice_consult")
    with op.batch_alter_table("advice_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_request_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_advice_request_status"))
        batch_op.drop_index(batch_op.f("ix_advice_request_requester_id"))

    op.drop_table("advice_request")
