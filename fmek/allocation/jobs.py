"""Planning as background jobs: asked for inside the transaction that causes it, run by a worker.

- ``allocation.plan_region``: one region's planning run (``plan_region``). Debounced: while a
  run of the region waits in the queue, new referrals ride along with it. One at a time per
  region (``lock``); runs of neighbouring regions whose pools overlap are kept apart by the
  planning lock and re-validated before they write, so a doctor is never double-booked.
- ``allocation.sweep`` (every minute): every routed GGD referral without an examination and
  every open examination without a plan gets a planning run, whatever happened to the job that
  should have planned it (a stop, a crash, a database outage).
"""

import logging

from sqlmodel import Session, col, select

from fmek.allocation.models import Examination, ExaminationStatus
from fmek.allocation.planning import plan_region, pool_has_doctors, routed_without_examination
from fmek.audit.service import Actor
from fmek.doctors.staffed import staffed_regions
from fmek.jobs import defer, defer_now
from fmek.jobs.registry import JobContext, task
from fmek.referrals.models import Referral

log = logging.getLogger("fmek.allocation")

PLAN = "allocation.plan_region"
SWEEP = "allocation.sweep"


def _keys(region: str) -> dict[str, str]:
    return {"lock": f"plan:{region}", "queueing_lock": f"plan:{region}"}


def request_planning(session: Session, region: str, *, trigger: str) -> bool:
    """Ask for a planning run of ``region`` in the session's transaction (debounced)."""
    return defer(session, PLAN, region=region, trigger=trigger, **_keys(region))


@task(PLAN, retries=5)
def plan_region_job(ctx: JobContext, region: str, trigger: str = "referral") -> None:
    """Re-plan the region: idempotent, it plans whatever is open when it runs."""
    ctx.checkpoint()
    outcome = plan_region(
        ctx.engine, region, settings=ctx.settings, actor=Actor.system(), trigger=trigger
    )
    log.info(
        "planned %s (%s): %s assigned, %s escalated",
        region,
        trigger,
        outcome.assigned,
        len(outcome.escalated),
    )


def regions_needing_planning(session: Session) -> list[str]:
    """Regions with a routed GGD referral lacking an examination or an open unplanned one."""
    without_exam = session.exec(
        select(Referral.ggd_region).where(*routed_without_examination()).distinct()
    ).all()
    unplanned = session.exec(
        select(Examination.region)
        .where(
            Examination.status == ExaminationStatus.PENDING.value,
            col(Examination.last_plan_run).is_(None),
        )
        .distinct()
    ).all()
    regions = sorted({r for r in [*without_exam, *unplanned] if r})
    staffed_regions(session, fresh=True)  # one read now; each pool check below answers from it
    return [r for r in regions if pool_has_doctors(session, r)]


@task(SWEEP, retries=0, cron="* * * * *")
def sweep(ctx: JobContext) -> None:
    """Reconcile: plan every region that has routed GGD work nobody planned."""
    with Session(ctx.engine) as session:
        regions = regions_needing_planning(session)
    for region in regions:
        if defer_now(ctx.engine, PLAN, region=region, trigger="sweep", **_keys(region)):
            log.info("sweep: %s had unplanned GGD work", region)
