"""Purging audit events past the NEN 7513 term without breaking the chain.

The purge removes a *prefix* of the chain: links 1..S (after the previous checkpoint) whose
events all occurred before the cut-off. It first verifies the whole chain (a broken chain is
never purged: that would hide the tampering), then, per batch and in one transaction, records a
checkpoint (link S, its event and its hash) and deletes those links, their events and their
disclosures. ``verify`` then starts at the checkpoint: link S+1 must name its hash.

The database allows these deletes and no others: its guards refuse any DELETE of an audit row
younger than five years or not behind a recorded checkpoint (``fmek.audit.models``). The purge
is itself an audit event naming the checkpoint, and that event is chained.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, text
from sqlmodel import Session, col, select

from fmek.audit.chain import PG_SEAL_LOCK, Head, latest_checkpoint, seal, verify
from fmek.audit.models import (
    PURGE_KEEP_YEARS,
    AuditAction,
    AuditCheckpoint,
    AuditDisclosure,
    AuditEvent,
    AuditSeal,
)
from fmek.audit.service import Actor, record
from fmek.clock import as_utc, utcnow

PURGE_BATCH = 2000


class PurgeRefused(Exception):
    """The cut-off is within the NEN 7513 term, or the chain does not verify."""


@dataclass(frozen=True)
class PurgeResult:
    purged_links: int
    checkpoint: Head | None  # the newest checkpoint after the purge


def earliest_cutoff(now: datetime | None = None) -> datetime:
    """The latest cut-off NEN 7513 allows: five years before now (the database agrees)."""
    now = now or utcnow()
    return now - timedelta(days=365 * PURGE_KEEP_YEARS + 2)  # leap days: never too early


def purge(
    engine: Engine, before: datetime, *, actor: Actor, batch: int = PURGE_BATCH
) -> PurgeResult:
    """Purge the chain's links whose events occurred before ``before`` (a prefix), leaving a
    checkpoint; refuses a cut-off within the term and a chain that does not verify."""
    before = as_utc(before)
    if before > earliest_cutoff():
        raise PurgeRefused(
            f"audit events are kept {PURGE_KEEP_YEARS} years (NEN 7513): the cut-off must be "
            f"on or before {earliest_cutoff().date().isoformat()}"
        )
    seal(engine)  # every committed event is in the chain first
    report = verify(engine)
    if not report.ok:
        raise PurgeRefused(
            f"the audit chain does not verify ({report.problem or 'events outside the chain'}); "
            "nothing was purged"
        )
    total = 0
    while (purged := _purge_batch(engine, before, batch)) > 0:
        total += purged
    with Session(engine) as session:
        checkpoint = latest_checkpoint(session)
        head = Head(checkpoint.last_seq, checkpoint.last_hash) if checkpoint else None
        record(
            session,
            actor,
            AuditAction.DELETE,
            "audit_event",
            detail=f"purged {total} link(s) of events before {before.date().isoformat()}; "
            + (f"checkpoint link {head.seq} {head.hash}" if head else "no checkpoint"),
        )
        session.commit()
    seal(engine)  # the purge's own event is chained at once
    return PurgeResult(total, head)


def _purge_batch(engine: Engine, before: datetime, batch: int) -> int:
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":  # no sealer appends while links go
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_SEAL_LOCK})
        checkpoint = latest_checkpoint(session)
        start = checkpoint.last_seq if checkpoint else 0
        links = session.exec(
            select(AuditSeal.seq, AuditSeal.event_id, AuditSeal.event_hash, AuditEvent.occurred_at)
            .join(AuditEvent, col(AuditEvent.id) == AuditSeal.event_id)
            .where(col(AuditSeal.seq) > start)
            .order_by(col(AuditSeal.seq))
            .limit(batch)
        ).all()
        prefix = []
        for seq, event_id, event_hash, occurred_at in links:
            if occurred_at >= before:
                break  # the prefix ends at the first event still within the term
            prefix.append((seq, event_id, event_hash))
        if not prefix:
            return 0
        last_seq, last_event_id, last_hash = prefix[-1]
        event_ids = [event_id for _seq, event_id, _hash in prefix]
        session.add(
            AuditCheckpoint(
                last_seq=last_seq,
                last_event_id=last_event_id,
                last_hash=last_hash,
                purged_before=before,
                purged_links=len(prefix),
            )
        )
        session.flush()  # the guards allow the deletes behind this checkpoint only
        session.execute(
            delete(AuditSeal).where(col(AuditSeal.seq) > start, col(AuditSeal.seq) <= last_seq)
        )
        session.execute(delete(AuditDisclosure).where(col(AuditDisclosure.event_id).in_(event_ids)))
        session.execute(delete(AuditEvent).where(col(AuditEvent.id).in_(event_ids)))
        session.commit()
        return len(prefix)
