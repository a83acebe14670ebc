"""The catalogue of background jobs: plain functions registered by name, run by any backend.

A task is a function ``task(ctx, **kwargs)`` whose keyword arguments are JSON values (they are
stored in the queue). Tasks are idempotent: a job interrupted by a killed worker is simply run
again, so it must converge to the same state (planning re-reads and re-plans a region; roster
generation replaces the range's non-pinned entries).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from fmek.settings import Settings


class Released(Exception):
    """Raised by a task that stops early because its worker shuts down; the job is re-queued."""


@dataclass(frozen=True)
class JobContext:
    """What a running job may use: the database, the settings, and whether it should stop."""

    engine: Engine
    settings: Settings
    should_stop: Callable[[], bool] = lambda: False
    exclusive: bool = False
    """True when the queue guarantees that no other process runs this job (procrastinate)."""

    def checkpoint(self) -> None:
        """Long tasks call this between steps: on shutdown the job is released, not lost."""
        if self.should_stop():
            raise Released("the worker is stopping; the job goes back to the queue")


TaskFunc = Callable[..., None]


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: TaskFunc
    retries: int
    cron: str | None = None  # periodic tasks: a cron line (minute granularity)
    retry_wait_s: float = 1.0


TASKS: dict[str, TaskSpec] = {}


def task(
    name: str, *, retries: int = 5, cron: str | None = None, retry_wait_s: float = 1.0
) -> Callable[[TaskFunc], TaskFunc]:
    """Register ``func`` as the job ``name`` (re-registering replaces it).

    ``retry_wait_s`` is short and constant on purpose: a waiting retry of a debounced job
    holds its ``queueing_lock``, so a long back-off would also delay the new work it absorbs."""

    def register(func: TaskFunc) -> TaskFunc:
        TASKS[name] = TaskSpec(name, func, retries, cron, retry_wait_s)
        return func

    return register


def load_tasks() -> dict[str, TaskSpec]:
    """Import every module that registers tasks (lazily, so importing fmek.jobs stays cheap)."""
    import fmek.allocation.jobs
    import fmek.audit.jobs
    import fmek.retention.jobs
    import fmek.rosters.jobs  # noqa: F401 - imported for the tasks it registers

    return TASKS


def run_task(spec: TaskSpec, ctx: JobContext, kwargs: dict[str, Any]) -> None:
    spec.func(ctx, **kwargs)
