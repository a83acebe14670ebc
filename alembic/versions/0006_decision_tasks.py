"""decisions as sets of tasks (handelingskader v2): routing_decision.tasks, referral.task_kinds,
referral.last_incident_unknown; every stored v1 decision becomes one task with the same meaning

A v1 decision had one destination, urgency and deadline: it becomes one task of the kind that
destination stood for (GGD: ggd_examination; LECK: leck_consult, the identified LECK
assessment a v1 LECK referral was) with that urgency and deadline and all its rule ids.
Nothing else of a stored decision or referral changes.

Revision ID: 0006
Revises: 0011
Create Date: 2026-11-29 19:50:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0006"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: a migration never imports application code that may change later.
V1_TASK = {"ggd": "ggd_examination", "leck": "leck_consult"}

decision = sa.table(
    "routing_decision",
    sa.column("id", sa.Integer()),
    sa.column("destination", sa.String()),
    sa.column("urgency", sa.String()),
    sa.column("deadline_at", sa.DateTime(timezone=True)),
    sa.column("rules", sa.JSON()),
    sa.column("tasks", sa.JSON()),
)
referral = sa.table(
    "referral",
    sa.column("destination", sa.String()),
    sa.column("task_kinds", sa.String()),
)


def _utc(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()


def upgrade() -> None:
    op.add_column(
        "referral",
        sa.Column("last_incident_unknown", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "referral",
        sa.Column(
            "task_kinds",
            sqlmodel.sql.sqltypes.AutoString(length=100),
            nullable=False,
            server_default="",
        ),
    )
    op.add_column(
        "routing_decision",
        sa.Column("tasks", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            decision.c.id,
            decision.c.destination,
            decision.c.urgency,
            decision.c.deadline_at,
            decision.c.rules,
        )
    ).all()
    for row in rows:
        task = {
            "kind": V1_TASK[row.destination],
            "urgency": row.urgency,
            "deadline": _utc(row.deadline_at),
            "rules": [hit["id"] for hit in row.rules],
        }
        connection.execute(decision.update().where(decision.c.id == row.id).values(tasks=[task]))
    for destination, kind in V1_TASK.items():
        connection.execute(
            referral.update().where(referral.c.destination == destination).values(task_kinds=kind)
        )


def downgrade() -> None:
    with op.batch_alter_table("routing_decision") as batch:
        batch.drop_column("tasks")
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("task_kinds")
        batch.drop_column("last_incident_unknown")
