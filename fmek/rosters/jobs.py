"""Roster generation as a background job: one worker thread per app, state in the database.

The job row is the single source of truth for status and progress, so any request (or worker
process) can read it; progress is written at most once a second in its own short transaction.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.audit.service import Actor
from fmek.auth.models import User
from fmek.clock import utcnow
from fmek.errors import NotFound
from fmek.rosters.data import connected_regions
from fmek.rosters.generation import generate
from fmek.rosters.models import JobStatus, RosterJob

log = logging.getLogger("fmek.rosters")
PROGRESS_EVERY_S = 1.0


def create_job(
    session: Session, region: str, start: date, end: date, time_limit_s: float, user: User | None
) -> RosterJob:
    job = RosterJob(
        region=region,
        regions=sorted(connected_regions(session, [region])),
        from_date=start,
        to_date=end,
        time_limit_s=time_limit_s,
        created_by=user.id if user else None,
    )
    session.add(job)
    session.commit()
    return job


def get_job(session: Session, job_id: str) -> RosterJob:
    job = session.get(RosterJob, job_id)
    if job is None:
        raise NotFound(f"no roster job {job_id}", type="unknown_job", loc=("path", "job_id"))
    return job


def _update(engine: Engine, job_id: str, **values: object) -> None:
    with Session(engine) as session:
        job = session.get(RosterJob, job_id)
        if job is None:
            return
        for key, value in values.items():
            setattr(job, key, value)
        session.add(job)
        session.commit()


def run_job(engine: Engine, job_id: str, actor: Actor, workers: int | None = None) -> None:
    """Run one queued job to the end; every failure is recorded on the job, never raised."""
    with Session(engine) as session:
        job = session.get(RosterJob, job_id)
        if job is None:
            return
        regions, start, end, limit = job.regions, job.from_date, job.to_date, job.time_limit_s
    _update(engine, job_id, status=JobStatus.RUNNING.value, started_at=utcnow(), progress=0.02)
    last = [0.0]

    def progress(fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            _update(engine, job_id, progress=round(0.05 + 0.9 * fraction, 3))

    try:
        result = generate(
            engine,
            regions,
            start,
            end,
            time_limit_s=limit,
            actor=actor,
            progress=progress,
            workers=workers,
        )
    except Exception as exc:  # the job records it; the thread must survive
        log.error("roster job %s failed: %s", job_id, type(exc).__name__)
        _update(
            engine,
            job_id,
            status=JobStatus.FAILED.value,
            finished_at=utcnow(),
            error=f"generation failed ({type(exc).__name__})",
        )
        return
    _update(
        engine,
        job_id,
        status=JobStatus.DONE.value,
        finished_at=utcnow(),
        progress=1.0,
        result=result,
    )


def _executor(app: FastAPI) -> ThreadPoolExecutor:
    executor: ThreadPoolExecutor | None = getattr(app.state, "roster_executor", None)
    if executor is None:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="roster-job")
        app.state.roster_executor = executor
    return executor


def submit(app: FastAPI, job_id: str, actor: Actor) -> None:
    """Queue the job on the app's worker thread (jobs run one after another).

    `app.state.roster_workers` (tests: 1) caps the CP-SAT workers; None lets the solver choose.
    """
    workers = getattr(app.state, "roster_workers", None)
    _executor(app).submit(run_job, app.state.engine, job_id, actor, workers)


def shutdown(app: FastAPI) -> None:
    executor: ThreadPoolExecutor | None = getattr(app.state, "roster_executor", None)
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)
        app.state.roster_executor = None


def fail_interrupted_jobs(engine: Engine) -> int:
    """Mark jobs left queued or running by a stopped server as failed (run once before serving).

    Jobs live in the server process's thread; after a restart nobody will finish them, and a
    planner waiting on "running" forever is worse than an honest "failed, start again".
    """
    with Session(engine) as session:
        stale = session.exec(
            select(RosterJob).where(
                col(RosterJob.status).in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value])
            )
        ).all()
        for job in stale:
            job.status = JobStatus.FAILED.value
            job.finished_at = utcnow()
            job.error = "interrupted by a server restart; start the generation again"
            session.add(job)
        session.commit()
        return len(stale)
