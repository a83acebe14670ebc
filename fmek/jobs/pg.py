"""Jobs on PostgreSQL with procrastinate: the queue lives in FMEK's own database.

A job is deferred on the SQLAlchemy session's own psycopg connection, so it commits or rolls
back with the change that caused it. Workers (``fmek worker``) fetch jobs with
``SELECT ... FOR UPDATE SKIP LOCKED``; a ``lock`` keeps jobs of one region one after another,
a ``queueing_lock`` keeps at most one waiting job per key (a burst is planned once). Workers send
heartbeats; the ``jobs.retry_stalled`` periodic task puts the jobs of a worker that stopped
beating (killed, machine lost) back in the queue. On SIGTERM a worker stops fetching, lets its
jobs finish for ``shutdown_graceful_timeout`` and then asks them to stop: a task that stops at a
checkpoint is re-queued (``Released`` is retried), so a stop never loses a job.
"""

import logging
from typing import Any

import procrastinate
from procrastinate import exceptions as pq_exceptions
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from fmek.db import normalise_url
from fmek.jobs.registry import JobContext, TaskSpec, load_tasks, run_task
from fmek.settings import Settings

log = logging.getLogger("fmek.jobs")

HEARTBEAT_S = 2.0
STALLED_AFTER_S = 10.0

_apps: dict[str, procrastinate.App] = {}
_runtime: dict[str, JobContext] = {}


def conninfo(database_url: str) -> str:
    """The libpq form of the SQLAlchemy URL (procrastinate talks psycopg directly)."""
    url = make_url(normalise_url(database_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def app_for(database_url: str) -> procrastinate.App:
    """The procrastinate app of this database (built once; opened only by workers)."""
    key = conninfo(database_url)
    app = _apps.get(key)
    if app is None:
        app = _apps[key] = _build(key)
    return app


def _build(info: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=info))
    for spec in load_tasks().values():
        registered = app.task(
            name=spec.name,
            pass_context=True,
            retry=procrastinate.RetryStrategy(
                max_attempts=spec.retries, wait=int(spec.retry_wait_s)
            ),
        )(_adapter(info, spec))
        if spec.cron:
            app.periodic(cron=spec.cron, periodic_id=spec.name)(registered)

    @app.periodic(cron="* * * * * */10", periodic_id="retry_stalled")
    @app.task(name="jobs.retry_stalled", queueing_lock="jobs.retry_stalled", pass_context=True)
    async def retry_stalled(
        context: procrastinate.JobContext,
        timestamp: int,  # noqa: ARG001 - procrastinate passes every periodic task its tick
    ) -> int:
        """Jobs whose worker stopped sending heartbeats go back to the queue."""
        manager = context.app.job_manager
        stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S))
        for job in stalled:
            try:
                await manager.retry_job(job)
                log.warning("job %s of a stopped worker is retried", job.id)
            except pq_exceptions.UniqueViolation:
                # a debounced twin already waits (same queueing_lock) and does the same work;
                # ending this one frees the region's lock so the twin can run
                await manager.finish_job(
                    job, status=procrastinate.jobs.Status.ABORTED, delete_job=False
                )
                log.warning("job %s of a stopped worker is superseded by its waiting twin", job.id)
        return len(stalled)

    return app


def _adapter(info: str, spec: TaskSpec) -> Any:
    def run(context: procrastinate.JobContext, **kwargs: Any) -> None:
        kwargs.pop("timestamp", None)  # periodic jobs get their schedule time
        base = _runtime[info]
        ctx = JobContext(base.engine, base.settings, context.should_abort, exclusive=True)
        run_task(spec, ctx, kwargs)

    run.__name__ = spec.name.replace(".", "_")
    return run


def bind_runtime(engine: Engine, settings: Settings) -> None:
    """Tell the tasks of this process which engine and settings to use (workers, tests)."""
    _runtime[conninfo(str(engine.url.render_as_string(hide_password=False)))] = JobContext(
        engine, settings, exclusive=True
    )


def defer(
    session: Session,
    name: str,
    kwargs: dict[str, Any],
    *,
    lock: str | None,
    queueing_lock: str | None,
) -> bool:
    """Insert the job in the session's transaction; False when a debounced twin is waiting."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    app = app_for(engine.url.render_as_string(hide_password=False))
    try:
        # a refused twin must not abort the caller's transaction: run it in a savepoint, which
        # session.connection() emits now (SQLAlchemy would otherwise emit it lazily, never)
        with session.begin_nested():
            raw = session.connection().connection.driver_connection
            app.configure_task(name, lock=lock, queueing_lock=queueing_lock, connection=raw).defer(
                **kwargs
            )
    except pq_exceptions.AlreadyEnqueued:
        return False
    return True


def run_worker(
    engine: Engine,
    settings: Settings,
    *,
    concurrency: int,
    graceful_timeout_s: float,
    name: str | None = None,
) -> None:
    """Run a worker until SIGTERM/SIGINT (procrastinate installs the handlers)."""
    bind_runtime(engine, settings)
    app = app_for(engine.url.render_as_string(hide_password=False))
    app.run_worker(  # opens and closes the app around the worker's own event loop
        concurrency=concurrency,
        name=name,
        shutdown_graceful_timeout=graceful_timeout_s,
        update_heartbeat_interval=HEARTBEAT_S,
        stalled_worker_timeout=STALLED_AFTER_S,
        delete_jobs="successful",
        install_signal_handlers=True,
    )
