"""Retention as a nightly job: referrals and advices past their term are destroyed (each in
its own transaction, leaving a tombstone), exactly as `fmek retention run` does."""

import logging

from sqlmodel import Session

from fmek.audit.service import Actor
from fmek.jobs.registry import JobContext, task
from fmek.retention.service import run

log = logging.getLogger("fmek.retention")
RETENTION = "retention.run"


@task(RETENTION, retries=1, cron="45 2 * * *", retry_wait_s=300)
def retention_job(ctx: JobContext) -> None:
    """Nightly (02:45 UTC). Idempotent: what was destroyed is no longer due on a rerun."""
    with Session(ctx.engine) as session:
        found = run(session, actor=Actor.system())
    log.info("retention: %s", ", ".join(f"{name} {d.count}" for name, d in found.items()))
