"""Jobs without a queue server: the embedded SQLite default and the test suite.

``thread`` mode runs jobs on a small thread pool of the process that deferred them, after the
deferring transaction committed (a rollback drops them). Jobs with the same ``lock`` run one
after another; a ``queueing_lock`` that is already waiting drops the new job (debouncing). A
periodic thread runs the cron tasks (the sweep re-creates planning work a stop interrupted;
roster jobs are durable as their ``queued`` rows, which the runner claims on start).

``inline`` mode runs the job in the committing thread right after the commit: deterministic,
for tests and one-shot commands.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from croniter import croniter
from sqlalchemy import Engine

from fmek.jobs.registry import JobContext, Released, load_tasks, run_task
from fmek.settings import Settings

log = logging.getLogger("fmek.jobs")


@dataclass(frozen=True)
class Deferred:
    name: str
    kwargs: dict[str, Any]
    lock: str | None = None
    queueing_lock: str | None = None


@dataclass
class LocalRunner:
    engine: Engine
    settings: Settings
    inline: bool
    concurrency: int = 2
    _pool: ThreadPoolExecutor | None = None
    _guard: threading.Lock = field(default_factory=threading.Lock)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _waiting: set[str] = field(default_factory=set)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _periodic: threading.Thread | None = None

    def accepts(self, job: Deferred) -> bool:
        """False when an identical debounced job is already waiting (it will do this work)."""
        with self._guard:
            return job.queueing_lock is None or job.queueing_lock not in self._waiting

    def dispatch(self, job: Deferred) -> None:
        if self.inline:
            self._run(job)
            return
        with self._guard:
            if job.queueing_lock is not None:
                if job.queueing_lock in self._waiting:
                    return
                self._waiting.add(job.queueing_lock)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="fmek-job")
                self._start_periodic()
            pool = self._pool
        pool.submit(self._run, job)

    def _lock(self, name: str | None) -> "threading.Lock | None":
        if name is None:
            return None
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def _run(self, job: Deferred) -> None:
        spec = load_tasks().get(job.name)
        lock = self._lock(job.lock)
        if lock is not None:
            lock.acquire()
        try:
            with self._guard:
                if job.queueing_lock is not None:
                    self._waiting.discard(job.queueing_lock)
            if spec is None:
                log.error("unknown job %s", job.name)
                return
            ctx = JobContext(self.engine, self.settings, self._stopping.is_set)
            for attempt in range(1, spec.retries + 2):
                try:
                    run_task(spec, ctx, job.kwargs)
                    return
                except Released:
                    return
                except Exception as exc:
                    log.error(
                        "job %s failed (attempt %s): %s", job.name, attempt, type(exc).__name__
                    )
                    if self._stopping.wait(0 if self.inline else spec.retry_wait_s):
                        return
        finally:
            if lock is not None:
                lock.release()

    def _start_periodic(self) -> None:
        periodic = [s for s in load_tasks().values() if s.cron]
        if not periodic:
            return

        def loop() -> None:
            now = datetime.now(UTC)
            due = {s.name: croniter(s.cron, now).get_next(datetime) for s in periodic}
            while not self._stopping.wait(1.0):
                now = datetime.now(UTC)
                for spec in periodic:
                    if due[spec.name] <= now:
                        assert spec.cron is not None
                        due[spec.name] = croniter(spec.cron, now).get_next(datetime)
                        self.dispatch(
                            Deferred(spec.name, {}, queueing_lock=f"periodic:{spec.name}")
                        )

        self._periodic = threading.Thread(target=loop, name="fmek-periodic", daemon=True)
        self._periodic.start()

    def start(self) -> None:
        """Start the pool and the periodic thread now (the web app does this on startup)."""
        if self.inline:
            return
        with self._guard:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="fmek-job")
                self._start_periodic()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop taking jobs; running ones finish or, at their next checkpoint, release."""
        self._stopping.set()
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            deadline = time.monotonic() + timeout_s
            pool.shutdown(wait=False, cancel_futures=True)
            for thread in list(getattr(pool, "_threads", ())):
                thread.join(max(0.0, deadline - time.monotonic()))
