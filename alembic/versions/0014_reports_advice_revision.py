"""advice: a released advice can be revised; the letter says why and rises a version

Revision ID: 0014_reports_revision
Revises: 0013
Create Date: 2026-11-29 23:10:00

Existing advices were never revised: both columns stay empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014_reports_revision"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("advice_request") as batch:
        batch.add_column(sa.Column("revision_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("revised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("advice_request") as batch:
        batch.drop_column("revised_at")
        batch.drop_column("revision_reason")
