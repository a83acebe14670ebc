"""Audit events (NEN 7513): one row per create, read, update, list, search, print/export,
transfer or refusal; the rows are append-only and chained by the sealer (``fmek.audit.chain``).
"""

import os
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, event
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime


class AuditAction(StrEnum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    LIST = "list"
    SEARCH = "search"
    PRINT = "print"
    EXPORT = "export"
    TRANSFER = "transfer"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    NOT_FOUND = "not_found"
    REPLAYED = "replayed"


class AuditEvent(SQLModel, table=True):
    """Never holds client content: record ids and short non-identifying details only."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    action: str = Field(max_length=20)
    outcome: str = Field(max_length=20)
    user_id: int | None = Field(default=None, index=True)
    user_role: str | None = Field(default=None, max_length=30)
    on_behalf_of: str | None = Field(default=None, max_length=40)
    record_type: str = Field(max_length=40)
    record_id: str | None = Field(default=None, max_length=64, index=True)
    client_address: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=500)


class AuditDisclosure(SQLModel, table=True):
    """One record a list or search showed: the full id, so a child's overview finds it."""

    __tablename__ = "audit_disclosure"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="audit_event.id", index=True)
    record_id: str = Field(max_length=64, index=True)


class AuditSeal(SQLModel, table=True):
    """A link of the hash chain: written by the sealer in commit order, never by a request.

    Kept apart from the event so the event row is never updated (append-only holds without
    exceptions) and requests never wait for the chain head.
    """

    __tablename__ = "audit_seal"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    event_id: int = Field(foreign_key="audit_event.id", unique=True)
    prev_hash: str = Field(max_length=64)
    event_hash: str = Field(max_length=64)
    sealed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AuditHead(SQLModel, table=True):
    """A signed head: the sealer attests that link ``seq`` had hash ``event_hash`` at
    ``signed_at`` (``fmek.audit.signing``).

    HMAC-SHA256 under the audit key ``key_id`` over (n, seq, hash, signed_at, key_id): a chain
    recomputed without the key no longer matches its heads, and ``n`` counts the heads, so a
    deleted one leaves a gap. Append-only, never purged (no client data); no foreign key.
    """

    __tablename__ = "audit_head"

    n: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int
    event_hash: str = Field(max_length=64)
    signed_at: datetime = Field(sa_type=UtcDateTime)
    key_id: str = Field(max_length=16)
    signature: str = Field(max_length=64)


class AuditCheckpoint(SQLModel, table=True):
    """Where the chain starts after a purge: the last purged link (number, event, hash).

    ``verify`` starts from the newest checkpoint, so the next link must name this hash as its
    predecessor; the purge signs it under the audit key (``key_id``, ``signature``), so a
    checkpoint written without the key is refused. Append-only like the events; the purge that
    wrote it is itself an audit event. No foreign key: the event it names is gone.
    """

    __tablename__ = "audit_checkpoint"

    id: int | None = Field(default=None, primary_key=True)
    last_seq: int = Field(index=True)
    last_event_id: int
    last_hash: str = Field(max_length=64)
    purged_before: datetime = Field(sa_type=UtcDateTime)
    purged_links: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    key_id: str | None = Field(default=None, max_length=16)
    signature: str | None = Field(default=None, max_length=64)


APPEND_ONLY_TABLES = ("audit_event", "audit_disclosure", "audit_seal")
PURGE_KEEP_YEARS = 5  # NEN 7513: the database refuses to delete anything younger

# SQLite: "now minus the NEN 7513 term" as text comparable with stored instants
_SQLITE_CUTOFF = f"strftime('%Y-%m-%d %H:%M:%f', 'now', '-{PURGE_KEEP_YEARS} years')"
_SQLITE_CHECKPOINT = "(SELECT COALESCE(MAX(last_seq), 0) FROM audit_checkpoint)"
# per table: when a DELETE is a purge behind a checkpoint (else it is refused)
_SQLITE_PURGEABLE = {
    "audit_seal": (
        f"old.seq <= {_SQLITE_CHECKPOINT} AND EXISTS (SELECT 1 FROM audit_event e "
        f"WHERE e.id = old.event_id AND e.occurred_at < {_SQLITE_CUTOFF})"
    ),
    "audit_disclosure": (
        f"{_SQLITE_CHECKPOINT} > 0 "
        "AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = old.event_id) "
        "AND EXISTS (SELECT 1 FROM audit_event e "
        f"WHERE e.id = old.event_id AND e.occurred_at < {_SQLITE_CUTOFF})"
    ),
    "audit_event": (
        f"{_SQLITE_CHECKPOINT} > 0 AND old.occurred_at < {_SQLITE_CUTOFF} "
        "AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = old.id)"
    ),
}


def sqlite_purgeable_ddl(table: str) -> list[str]:
    """Triggers that abort any UPDATE, and any DELETE except a purge: of rows older than the
    NEN 7513 term whose links lie behind a recorded checkpoint (``audit_checkpoint``: never)."""
    purgeable = _SQLITE_PURGEABLE.get(table, "0")
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"WHEN NOT ({purgeable}) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ]


POSTGRES_PURGEABLE_GUARD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION fmek_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE "
    f"  cutoff timestamptz := now() - interval '{PURGE_KEEP_YEARS} years'; "
    "  checkpoint integer; "
    "BEGIN "
    "  IF TG_OP = 'DELETE' THEN "
    "    SELECT COALESCE(MAX(c.last_seq), 0) INTO checkpoint FROM audit_checkpoint c; "
    "    IF TG_TABLE_NAME = 'audit_seal' THEN "
    "      IF OLD.seq <= checkpoint AND EXISTS (SELECT 1 FROM audit_event e "
    "          WHERE e.id = OLD.event_id AND e.occurred_at < cutoff) THEN RETURN OLD; END IF; "
    "    ELSIF TG_TABLE_NAME = 'audit_disclosure' THEN "
    "      IF checkpoint > 0 "
    "          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = OLD.event_id) "
    "          AND EXISTS (SELECT 1 FROM audit_event e "
    "          WHERE e.id = OLD.event_id AND e.occurred_at < cutoff) THEN RETURN OLD; END IF; "
    "    ELSIF TG_TABLE_NAME = 'audit_event' THEN "
    "      IF checkpoint > 0 AND OLD.occurred_at < cutoff "
    "          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = OLD.id) "
    "          THEN RETURN OLD; END IF; "
    "    END IF; "
    "  END IF; "
    "  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; "
    "END $$"
)
"""The guard of every audit table on PostgreSQL: UPDATE never, DELETE only as a purge (see
``sqlite_purgeable_ddl``); it holds for every role, the owner included."""


def sqlite_append_only_ddl(table: str) -> list[str]:
    """Triggers that abort any UPDATE or DELETE of an audit row on SQLite."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ]


POSTGRES_GUARD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION fmek_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END $$"
)


def postgres_append_only_ddl(table: str) -> list[str]:
    """A row trigger refusing UPDATE and DELETE for every role (the owner included); the
    migration also revokes those privileges from the application role."""
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION fmek_audit_append_only()",
    ]


def postgres_no_truncate_ddl(table: str) -> list[str]:
    """TRUNCATE fires no row trigger: a statement trigger refuses it, for every role (the owner
    included), so one statement cannot empty the trail."""
    return [
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION fmek_audit_append_only()",
    ]


def postgres_app_role_grants(table: str) -> list[str]:
    """The application role (``FMEK_DB_APP_ROLE``, default ``fmek_app``) may read and insert an
    audit table, never change or empty it; PUBLIC gets nothing more."""
    role = os.environ.get("FMEK_DB_APP_ROLE", "fmek_app")
    if not role.replace("_", "").isalnum():
        raise ValueError("FMEK_DB_APP_ROLE must be letters, digits and underscores")
    return [
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC",
        "DO $$ BEGIN "
        f"IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
        f'REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM "{role}"; '
        f'GRANT SELECT, INSERT ON {table} TO "{role}"; '
        "END IF; END $$",
    ]


def _install_guards(target: object, connection: Connection, **_kw: object) -> None:
    table = getattr(target, "name", "")
    dialect = connection.dialect.name
    if dialect == "sqlite":
        statements = sqlite_purgeable_ddl(table)
    elif dialect == "postgresql":
        statements = [
            POSTGRES_PURGEABLE_GUARD_FUNCTION,
            *postgres_append_only_ddl(table),
            *postgres_no_truncate_ddl(table),
        ]
    else:
        return
    for statement in statements:
        connection.exec_driver_sql(statement)


for _model in (AuditEvent, AuditDisclosure, AuditSeal, AuditCheckpoint, AuditHead):
    # create_all (tests, fresh databases) gets the same guards as the migration
    event.listen(_model.__table__, "after_create", _install_guards)  # type: ignore[union-attr]  # SQLModel sets __table__ on table classes
