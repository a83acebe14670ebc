"""job queue: procrastinate's tables, types and functions (PostgreSQL only; SQLite runs jobs
in-process and needs nothing)

The schema SQL is the one shipped with the pinned procrastinate version. A later procrastinate
upgrade that changes it comes with its own migration applying procrastinate's migration files.

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-29 20:05:00
"""

from collections.abc import Sequence

from procrastinate.schema import SchemaManager

from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs")
LAST_TABLE = "procrastinate_workers"
TYPES = (
    "procrastinate_job_to_defer_v1",
    "procrastinate_job_event_type",
    "procrastinate_job_status",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # the driver treats % as a placeholder even without parameters (procrastinate does this too)
    op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    bind = op.get_bind()
    functions = bind.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = current_schema() "
        "AND p.proname LIKE 'procrastinate%%'"
    ).scalars()
    for table in (*TABLES, LAST_TABLE):
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    for signature in list(functions):
        bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for type_name in TYPES:
        bind.exec_driver_sql(f"DROP TYPE IF EXISTS {type_name} CASCADE")
