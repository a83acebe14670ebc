"""Roster generation as a background job; the RosterJob row holds status and progress.

The request stores the row and defers the ``rosters.generate`` job in the same transaction, so
a job exists if and only if its row does. A worker (any process, any machine) claims the row,
writes progress at most once a second in short transactions, and replaces the range's
non-pinned entries in one transaction at the end: running it again (after a killed worker or a
release on shutdown) gives the same kind of result, never a half-written roster.

Quota: one queued or running job per region (counting the regions it solves together), so one
planner's long job never holds up, or races with, another region; a time-limit ceiling.
"""

import logging
import threading
import time
from datetime import date

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from fmek.audit.service import Actor
from fmek.auth.models import User
from fmek.clock import utcnow
from fmek.errors import NotFound, QuotaExceeded, ValidationFailed
from fmek.jobs import defer
from fmek.jobs.registry import JobContext, Released, task
from fmek.rosters.data import connected_regions
from fmek.rosters.generation import generate
from fmek.rosters.models import JobStatus, RosterJob
from fmek.rosters.rolling import extend_rolling
from fmek.settings import Settings

log = logging.getLogger("fmek.rosters")
PROGRESS_EVERY_S = 1.0
GENERATE = "rosters.generate"
EXTEND = "rosters.extend"
ACTIVE = [JobStatus.QUEUED.value, JobStatus.RUNNING.value]
ROLLING_CRON = "30 2 * * *"  # every night at 02:30


def create_job(
    session: Session,
    region: str,
    start: date,
    end: date,
    time_limit_s: float,
    user: User | None,
    *,
    settings: Settings,
) -> RosterJob:
    """Store the job and queue it in one transaction (429 when the region already has one)."""
    if time_limit_s > settings.roster_time_limit_max_s:
        raise ValidationFailed(
            f"time_limit_s may be at most {settings.roster_time_limit_max_s:g} seconds",
            type="less_than_equal",
            loc=("body", "time_limit_s"),
        )
    regions = sorted(connected_regions(session, [region]))
    busy = [
        job
        for job in session.exec(select(RosterJob).where(col(RosterJob.status).in_(ACTIVE))).all()
        if set(job.regions) & set(regions)
    ]
    if busy:
        raise QuotaExceeded(
            f"Er loopt al een roosterberekening voor regio {busy[0].region} (die ook "
            f"{', '.join(regions)} raakt); wacht tot die klaar is. / A roster job for region "
            f"{busy[0].region} is already queued or running for these regions; wait until it "
            "has finished, then start again.",
            type="roster_job_busy",
            loc=("path", "code"),
            headers={"Retry-After": "30"},
        )
    job = RosterJob(
        region=region,
        regions=regions,
        from_date=start,
        to_date=end,
        time_limit_s=time_limit_s,
        created_by=user.id if user else None,
    )
    session.add(job)
    defer(session, GENERATE, job_id=job.id, lock=f"roster:{region}")
    session.commit()
    return job


def get_job(session: Session, job_id: str) -> RosterJob:
    job = session.get(RosterJob, job_id)
    if job is None:
        raise NotFound("no roster job with this id", type="unknown_job", loc=("path", "job_id"))
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


def run_job(
    engine: Engine,
    job_id: str,
    actor: Actor,
    workers: int | None = None,
    ctx: JobContext | None = None,
) -> None:
    """Run one claimed job to the end; a failure is recorded on the job, a stop (``Released``
    at a progress checkpoint) is raised so the queue runs the job again."""
    with Session(engine) as session:
        job = session.get(RosterJob, job_id)
        if job is None:
            return
        regions, start, end, limit = job.regions, job.from_date, job.to_date, job.time_limit_s
    last = [0.0]
    job_thread = threading.get_ident()

    def progress(fraction: float) -> None:
        if ctx is not None and threading.get_ident() == job_thread:
            ctx.checkpoint()  # between solver parts; never raise inside a CP-SAT callback
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
    except Released:
        raise
    except Exception as exc:  # the job records it; the worker must survive
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


def _claim(engine: Engine, job_id: str, *, exclusive: bool) -> RosterJob | None:
    """Take the job for this run: queued, or running when the queue guarantees exclusivity
    (a retry after a killed worker). Atomic, so two local runners never both run it."""
    allowed = ACTIVE if exclusive else [JobStatus.QUEUED.value]
    with Session(engine, expire_on_commit=False) as session:
        claimed = session.execute(
            update(RosterJob)
            .where(col(RosterJob.id) == job_id, col(RosterJob.status).in_(allowed))
            .values(status=JobStatus.RUNNING.value, started_at=utcnow(), progress=0.02)
        )
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result has it
            return None
        return session.get(RosterJob, job_id)


@task(GENERATE, retries=3, retry_wait_s=5)
def generate_job(ctx: JobContext, job_id: str) -> None:
    """Run a queued roster job; a stop releases it (queued again), a failure is recorded."""
    job = _claim(ctx.engine, job_id, exclusive=ctx.exclusive)
    if job is None:
        return
    with Session(ctx.engine) as session:
        user = session.get(User, job.created_by) if job.created_by else None
    try:
        run_job(ctx.engine, job_id, Actor(user=user), ctx.settings.roster_solver_workers, ctx)
    except Released:
        _update(ctx.engine, job_id, status=JobStatus.QUEUED.value, progress=0.0)
        raise


@task(EXTEND, retries=2, cron=ROLLING_CRON, retry_wait_s=60)
def extend_job(ctx: JobContext) -> None:
    """Nightly: keep every region planned `roster_weeks_ahead` weeks ahead (the rolling
    roster). Idempotent: a rerun finds the weeks planned and does nothing."""
    done = extend_rolling(
        ctx.engine,
        weeks_ahead=ctx.settings.roster_weeks_ahead,
        time_limit_s=ctx.settings.roster_extend_time_limit_s,
        workers=ctx.settings.roster_solver_workers,
    )
    for run in done:
        log.info(
            "rolling roster: %s weeks %s..%s, %d of %d positions filled",
            "+".join(run.regions),
            run.weeks[0],
            run.weeks[-1],
            run.filled,
            run.positions,
        )


def resume_queued(engine: Engine) -> int:
    """Local runner start: queue every job a stop left queued (the row is the durable queue)."""
    with Session(engine) as session:
        ids = session.exec(
            select(RosterJob.id).where(RosterJob.status == JobStatus.QUEUED.value)
        ).all()
        for job_id in ids:
            defer(session, GENERATE, job_id=job_id)
        session.commit()
    return len(ids)


def requeue_interrupted_jobs(engine: Engine) -> int:
    """Before a single-machine (SQLite) server starts: jobs a stop cut off run again."""
    with Session(engine) as session:
        stale = session.exec(
            select(RosterJob).where(RosterJob.status == JobStatus.RUNNING.value)
        ).all()
        for job in stale:
            job.status = JobStatus.QUEUED.value
            job.progress = 0.0
            session.add(job)
        session.commit()
        return len(stale)
