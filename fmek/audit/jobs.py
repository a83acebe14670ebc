"""The sealer as a periodic job: every minute the committed audit events join the hash chain
and the new head is signed, so the unsealed tail (protected only by the append-only guards)
stays a minute long. Each signed head is logged: the log, kept apart from the database, is the
record a cut-off newest part of the chain is compared with, and while it runs a sealer notices
by itself when a head it signed disappears."""

import logging

from sqlalchemy import Engine
from sqlmodel import Session

from fmek.audit.chain import NoAuditKey, seal, verify
from fmek.audit.heads import SignedHead, UnsignedTail
from fmek.audit.models import AuditHead
from fmek.audit.signing import AuditKeyError
from fmek.jobs.registry import JobContext, task

SEAL = "audit.seal"
log = logging.getLogger("fmek.audit")


_signed_here: dict[str, SignedHead] = {}  # per database: the newest head this process signed


@task(SEAL, retries=0, cron="* * * * *")
def seal_audit_chain(ctx: JobContext) -> None:
    """Idempotent: a run that finds nothing unsealed signs at most an hourly head; one sealer at
    a time. A missing key, links no signed head covers, or a head this process signed that is
    gone or changed (the chain cut back while the sealer ran) stop it with an error in the log."""
    database = ctx.engine.url.render_as_string(hide_password=True)
    if (mine := _signed_here.get(database)) is not None and not _still_there(ctx.engine, mine):
        log.error(
            "audit chain not sealed: %s, signed by this process, is gone or changed: the chain "
            "was cut back or rewritten; run `fmek audit verify`",
            mine.describe(),
        )
        return
    try:
        result = seal(ctx.engine)
    except (NoAuditKey, UnsignedTail, AuditKeyError) as exc:
        log.error("audit chain not sealed: %s", exc)
        return
    if result.signed:
        signed = _signed_here[database] = result.signed
        log.info(
            "audit head %s signed: link %s %s (key %s)",
            signed.n,
            signed.seq,
            signed.event_hash,
            signed.key_id,
        )


def _still_there(engine: Engine, mine: SignedHead) -> bool:
    with Session(engine) as session:
        head = session.get(AuditHead, mine.n)
        return head is not None and SignedHead.of(head) == mine


VERIFY = "audit.verify"


@task(VERIFY, retries=1, cron="15 3 * * *", retry_wait_s=60)
def verify_audit_chain(ctx: JobContext) -> None:
    """Nightly (03:15 UTC): walk the whole chain and check its signed heads; a break is logged as
    an error for the operators (by sequence and event id only, never content). Read-only."""
    report = verify(ctx.engine)
    newest = report.signed.newest if report.signed else None
    if report.ok:
        log.info(
            "audit chain intact: %s links, %s unsealed; newest signed head %s (link %s)",
            report.links,
            report.unsealed,
            newest.n if newest else None,
            newest.seq if newest else None,
        )
    elif report.key_missing:
        log.error("audit chain not verified: no audit key configured")
    elif report.wiped is not None:
        log.error(
            "audit trail empty, but the database holds %s users and %s referrals whose creation "
            "was audited: the trail was deleted",
            *report.wiped,
        )
    else:
        log.error(
            "audit chain broken at seq %s (event %s): %s; %s suspect events",
            report.broken_seq,
            report.broken_event_id,
            report.problem,
            len(report.suspect_event_ids),
        )
