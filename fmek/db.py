"""Database engine, naming convention and the per-request session.

SQLite (embedded default) runs in WAL mode with foreign keys on and ``synchronous=FULL`` so a
commit survives a power cut; every transaction starts ``BEGIN IMMEDIATE`` so concurrent writers
queue instead of failing on a lock upgrade. SQLite's own wait for that lock is sleep-and-poll
(a waiter sleeps up to 100 ms between tries while a newcomer grabs the lock at once), so under
load one request could wait out the whole busy timeout and fail; threads of one process
therefore take turns in arrival order (`WriterTurns`) and only the thread whose turn it is asks
SQLite. What still cannot get the lock in time answers 503 (`DatabaseBusy`), with nothing
written. PostgreSQL uses psycopg 3.
"""

import sqlite3
import threading
import weakref
from collections import deque
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, Executable, Table, bindparam, create_engine, event, insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from fmek.errors import DatabaseBusy

BUSY_TIMEOUT_S = 30.0
"""How long a transaction waits for SQLite's write lock (its turn, then SQLite) before 503."""

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


def make_engine(
    url: str,
    *,
    echo: bool = False,
    sqlite_begin: str = "IMMEDIATE",
    busy_timeout_s: float = BUSY_TIMEOUT_S,
) -> Engine:
    """Build the engine; parameters are hidden from error messages (they may hold client data).

    ``sqlite_begin="DEFERRED"`` is for inspecting sessions (tests, read-only tools) that must not
    hold SQLite's write lock while idle.
    """
    url = normalise_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if url.startswith("sqlite"):
        if sqlite_begin not in ("IMMEDIATE", "DEFERRED"):
            raise ValueError(f"unknown SQLite BEGIN mode {sqlite_begin!r}")
        turns = _turns_of(make_url(url).database)
        factory = type("TurnTakingConnection", (TurnTakingConnection,), {"turns": turns})
        kwargs["connect_args"] = {
            "check_same_thread": False,
            "timeout": busy_timeout_s,
            "factory": factory,
        }
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine, sqlite_begin, busy_timeout_s)
        return engine
    # No pre-ping: it costs a round trip per request; stale connections are recycled instead.
    kwargs.update(pool_size=20, max_overflow=20, pool_recycle=1800)
    return create_engine(url, **kwargs)


class WriterTurns:
    """First come, first served access to one SQLite file's write lock within this process.

    The holder hands the turn straight to the longest waiter, so a thread that asks later can
    never overtake one that is waiting. Not re-entrant: a thread holding the turn must not open
    a second writing transaction (SQLite would make it wait for itself just the same).
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._taken = False
        self._waiting: deque[threading.Event] = deque()

    def take(self, timeout_s: float) -> bool:
        """Wait for the turn; False when it did not come within ``timeout_s``."""
        with self._guard:
            if not self._taken and not self._waiting:
                self._taken = True
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout_s):
            return True
        with self._guard:
            if turn.is_set():  # handed over just as the wait ran out: it is ours
                return True
            self._waiting.remove(turn)
            return False

    def give(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # still taken: now by the next in line
            else:
                self._taken = False


_TURNS: "weakref.WeakValueDictionary[str, WriterTurns]" = weakref.WeakValueDictionary()
_TURNS_GUARD = threading.Lock()


def _turns_of(database: str | None) -> WriterTurns:
    """One queue per database file in this process (engines on the same file share it); an
    in-memory database is private to its engine."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return WriterTurns()
    key = str(Path(database).resolve())
    with _TURNS_GUARD:
        turns = _TURNS.get(key)
        if turns is None:
            turns = _TURNS[key] = WriterTurns()
        return turns


class TurnTakingConnection(sqlite3.Connection):
    """The DBAPI connection: gives its writer turn back once COMMIT or ROLLBACK is done (the
    pool's rollback on return and closing included), never before."""

    turns: WriterTurns
    holds_turn = False

    def take_turn(self, timeout_s: float) -> None:
        if not self.turns.take(timeout_s):
            raise DatabaseBusy()
        self.holds_turn = True

    def give_turn(self) -> None:
        if self.holds_turn:
            self.holds_turn = False
            self.turns.give()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_turn()


_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


def _configure_sqlite(engine: Engine, begin: str, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        dbapi_connection: TurnTakingConnection = conn.connection.dbapi_connection
        if begin == "IMMEDIATE":
            dbapi_connection.take_turn(busy_timeout_s)
        try:
            conn.exec_driver_sql(f"BEGIN {begin}")
        except BaseException:
            dbapi_connection.give_turn()
            raise

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> BaseException | None:
        """Another process kept the lock past the busy timeout: 503, not 500. The request's
        transaction is rolled back when its session closes, so nothing is half-written."""
        error = context.original_exception
        if isinstance(error, sqlite3.OperationalError) and str(error) in _BUSY_MESSAGES:
            return DatabaseBusy()
        return None


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; services commit their own unit of work."""
    with Session(get_engine(request), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
"""Closed as soon as the endpoint returns, before the answer is sent: on SQLite an open
transaction holds the write lock, which must not wait for a slow client or the event loop."""


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
