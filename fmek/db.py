"""Database engine, naming convention and the per-request session.

SQLite (embedded default) runs in WAL mode with foreign keys on and ``synchronous=FULL`` so a
commit survives a power cut; every transaction starts ``BEGIN IMMEDIATE`` so concurrent writers
queue on the busy timeout instead of failing on a lock upgrade. PostgreSQL uses psycopg 3.
"""

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, Executable, Table, bindparam, create_engine, event, insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
"""Set here, before any table model exists: each domain's models import this module (through
SessionDep) or fmek.tables does. The complete schema is `fmek.tables.metadata()`."""


def normalise_url(url: str) -> str:
    """Let operators write ``postgresql://``; we always drive PostgreSQL with psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False, sqlite_begin: str = "IMMEDIATE") -> Engine:
    """Build the engine; parameters are hidden from error messages (they may hold client data).

    ``sqlite_begin="DEFERRED"`` is for inspecting sessions (tests, read-only tools) that must not
    hold SQLite's write lock while idle.
    """
    url = normalise_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine, sqlite_begin)
        return engine
    # No pre-ping: it costs a round trip per request; stale connections are recycled instead.
    kwargs.update(pool_size=20, max_overflow=20, pool_recycle=1800)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine, begin: str) -> None:
    if begin not in ("IMMEDIATE", "DEFERRED"):
        raise ValueError(f"unknown SQLite BEGIN mode {begin!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(f"BEGIN {begin}")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; services commit their own unit of work."""
    with Session(get_engine(request), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def insert_together(session: Session, rows: Sequence[SQLModel]) -> None:
    """INSERT new table rows as Core statements, in the caller's transaction.

    On PostgreSQL all rows go in one statement (the earlier ones as data-modifying CTEs): one
    round trip instead of one per row, which is what a hot path such as intake pays most for.
    Rows are inserted in the order given (parents first); unset (None) values are left to the
    column defaults. Nothing is added to the session and ORM events do not run, so the caller
    fills in what a ``before_insert`` listener would. Statements are built once per shape
    (tables and columns set) and reused, so SQLAlchemy's compiled cache serves them.
    """
    if not rows:
        return
    shape: list[tuple[Table, tuple[str, ...]]] = []
    params: dict[str, object] = {}
    for i, row in enumerate(rows):
        table: Table = type(row).__table__  # type: ignore[attr-defined]  # set on table models
        values = {c.key: v for c in table.columns if (v := getattr(row, c.key)) is not None}
        shape.append((table, tuple(values)))
        params.update({f"r{i}_{key}": value for key, value in values.items()})
    together = session.get_bind().dialect.name == "postgresql"
    for statement in _inserts(tuple(shape), together=together):
        session.execute(statement, params)


@lru_cache(maxsize=64)
def _inserts(
    shape: tuple[tuple[Table, tuple[str, ...]], ...], *, together: bool
) -> list[Executable]:
    """The INSERTs of rows of this shape, with bind names ``r<i>_<column>``; one statement
    (CTEs) when ``together``."""
    statements = [
        insert(table).values(
            {key: bindparam(f"r{i}_{key}", type_=table.c[key].type) for key in keys}
        )
        for i, (table, keys) in enumerate(shape)
    ]
    if not together:
        return list(statements)
    *earlier, last = statements
    return [last.add_cte(*(s.cte(f"row_{i}") for i, s in enumerate(earlier)))]
