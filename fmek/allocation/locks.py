"""Locks that keep planning runs of overlapping pools apart, on PostgreSQL and SQLite.

Two levels, both per region code and always taken in sorted order (so two runs whose pools
overlap queue instead of deadlocking):

- ``planning_lock``: at most one read-solve-write cycle per region at a time. On PostgreSQL a
  session-level advisory lock on a dedicated autocommit connection, held across the solve (no
  transaction stays open meanwhile). On SQLite a process-local ``threading.Lock``.
- ``write_lock``: inside a writing transaction, for the short critical section where a plan is
  re-validated and written and where doctors accept, decline, start or complete. On PostgreSQL
  ``pg_advisory_xact_lock`` (released by commit or rollback); on SQLite every transaction is
  ``BEGIN IMMEDIATE`` already, so starting the transaction is the lock.

The planning lock is for efficiency; correctness does not depend on it: a plan is re-validated
under the write lock (optimistic versions) and checked for double bookings before it commits,
which also holds for several SQLite processes, where a threading lock cannot reach.
"""

import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

from sqlalchemy import Engine, text
from sqlmodel import Session

from fmek.db import is_sqlite

NS_PLANNING = 0x464D4541  # "FMEA": one planning run per region
NS_WRITE = 0x464D4542  # "FMEB": writes to a region's plan

_registry_guard = threading.Lock()
_thread_locks: dict[tuple[str, str], threading.Lock] = {}


def region_key(code: str) -> int:
    """A stable int4 for a region code (advisory locks take two int4 keys)."""
    return zlib.crc32(code.encode("utf-8")) & 0x7FFFFFFF


def _thread_lock(engine: Engine, code: str) -> threading.Lock:
    key = (str(engine.url), code)
    with _registry_guard:
        lock = _thread_locks.get(key)
        if lock is None:
            lock = _thread_locks[key] = threading.Lock()
        return lock


@contextmanager
def planning_lock(engine: Engine, regions: Iterable[str]) -> Iterator[None]:
    """Hold the planning lock of every region in ``regions`` for the duration of the block."""
    codes = sorted(set(regions))
    if is_sqlite(engine):
        with ExitStack() as stack:
            for code in codes:
                stack.enter_context(_thread_lock(engine, code))
            yield
        return
    with engine.connect() as raw:
        conn = raw.execution_options(isolation_level="AUTOCOMMIT")
        try:
            for code in codes:
                conn.execute(
                    text("SELECT pg_advisory_lock(:ns, :key)"),
                    {"ns": NS_PLANNING, "key": region_key(code)},
                )
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock_all()"))


def write_lock(session: Session, regions: Iterable[str]) -> None:
    """Take the write lock of these regions in the session's (new or current) transaction."""
    codes = sorted(set(regions))
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        session.execute(text("SELECT 1"))  # starts the BEGIN IMMEDIATE transaction
        return
    for code in codes:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :key)"),
            {"ns": NS_WRITE, "key": region_key(code)},
        )
