"""figures: the real start of an examination

Revision ID: 0013
Revises: 0007
Create Date: 2026-11-29 23:05:00

Until now the figures took the planned start of a started assignment as the start. Examinations
started before this column existed get that planned start: the best that was recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("examination", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE examination SET started_at = ("
        " SELECT min(assignment.start_at) FROM assignment"
        " WHERE assignment.examination_id = examination.id"
        " AND assignment.status IN ('started', 'completed'))"
        " WHERE examination.status IN ('started', 'completed')"
    )


def downgrade() -> None:
    with op.batch_alter_table("examination") as batch:
        batch.drop_column("started_at")
