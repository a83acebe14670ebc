"""Background jobs behind one small interface, on PostgreSQL or on the embedded SQLite default.

    defer(session, "allocation.plan_region", region="GGD-AM", lock=..., queueing_lock=...)

enqueues a job *in the session's transaction*: it exists if and only if that transaction
commits. On PostgreSQL (``jobs_runner="auto"``) the job is a row in procrastinate's tables in the
same database, run by ``fmek worker`` processes on any machine. On SQLite it runs on a thread
pool of the same process after the commit, so ``make run`` stays one command. ``"inline"`` runs
it in the committing thread (tests, one-shot commands).
"""

import threading
import weakref
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from fmek.db import is_sqlite
from fmek.jobs.local import Deferred, LocalRunner
from fmek.settings import Settings, get_settings

_PENDING = "fmek.jobs.pending"
_runners: "weakref.WeakKeyDictionary[Engine, LocalRunner | None]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def uses_queue(engine: Engine, settings: Settings) -> bool:
    """True when jobs go to procrastinate's tables (PostgreSQL, not inline)."""
    return not is_sqlite(engine) and settings.jobs_runner == "auto"


def install(engine: Engine, settings: Settings) -> LocalRunner | None:
    """Choose how this engine's jobs run; returns the local runner unless a queue is used."""
    runner = (
        None
        if uses_queue(engine, settings)
        else LocalRunner(
            engine,
            settings,
            inline=settings.jobs_runner == "inline",
            concurrency=settings.jobs_local_concurrency,
        )
    )
    with _guard:
        _runners[engine] = runner
    return runner


def _runner(engine: Engine) -> LocalRunner | None:
    with _guard:
        if engine in _runners:
            return _runners[engine]
    return install(engine, get_settings())


def defer(
    session: Session,
    name: str,
    *,
    lock: str | None = None,
    queueing_lock: str | None = None,
    **kwargs: Any,
) -> bool:
    """Enqueue job ``name`` with JSON ``kwargs`` in the session's current transaction.

    Returns False when a job with the same ``queueing_lock`` is already waiting: that job will
    do this work too (debouncing), so the caller has nothing else to do.
    """
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    runner = _runner(engine)
    if runner is None:
        from fmek.jobs import pg

        return pg.defer(session, name, kwargs, lock=lock, queueing_lock=queueing_lock)
    job = Deferred(name, kwargs, lock, queueing_lock)
    if not runner.accepts(job):
        return False
    session.info.setdefault(_PENDING, []).append((runner, job))
    return True


def defer_now(engine: Engine, name: str, **options: Any) -> bool:
    """Enqueue a job in a transaction of its own (periodic and maintenance work)."""
    with Session(engine) as session:
        deferred = defer(session, name, **options)
        session.commit()
    return deferred


@event.listens_for(OrmSession, "after_commit")
def _dispatch_after_commit(session: OrmSession) -> None:
    for runner, job in session.info.pop(_PENDING, []):
        runner.dispatch(job)


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_after_rollback(session: OrmSession, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction is gone, so are its jobs
        session.info.pop(_PENDING, None)
