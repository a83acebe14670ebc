"""The sealer as a periodic job: every minute the committed audit events join the hash chain,
so the unsealed tail (protected only by the append-only guards) stays a minute long."""

from fmek.audit.chain import seal
from fmek.jobs.registry import JobContext, task

SEAL = "audit.seal"


@task(SEAL, retries=0, cron="* * * * *")
def seal_audit_chain(ctx: JobContext) -> None:
    """Idempotent: a run that finds nothing unsealed does nothing; one sealer at a time."""
    seal(ctx.engine)
