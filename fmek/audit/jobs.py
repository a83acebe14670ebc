"""The sealer as a periodic job: every minute the committed audit events join the hash chain,
so the unsealed tail (protected only by the append-only guards) stays a minute long."""

import logging

from fmek.audit.chain import seal, verify
from fmek.jobs.registry import JobContext, task

SEAL = "audit.seal"
log = logging.getLogger("fmek.audit")


@task(SEAL, retries=0, cron="* * * * *")
def seal_audit_chain(ctx: JobContext) -> None:
    """Idempotent: a run that finds nothing unsealed does nothing; one sealer at a time."""
    seal(ctx.engine)


VERIFY = "audit.verify"


@task(VERIFY, retries=1, cron="15 3 * * *", retry_wait_s=60)
def verify_audit_chain(ctx: JobContext) -> None:
    """Nightly (03:15 UTC): walk the whole chain; a break is logged as an error for the
    operators (by sequence and event id only, never content). Read-only, so safe to rerun."""
    report = verify(ctx.engine)
    if report.ok:
        log.info("audit chain intact: %s links, %s unsealed", report.links, report.unsealed)
    else:
        log.error(
            "audit chain broken at seq %s (event %s): %s; %s suspect events",
            report.broken_seq,
            report.broken_event_id,
            report.problem,
            len(report.suspect_event_ids),
        )
