"""Purging audit events past the NEN 7513 term without breaking the chain.

The purge removes a *prefix* of the chain: links 1..S (after the previous checkpoint) whose
events all occurred before the cut-off. It first verifies the whole chain (a broken chain is
never purged: that would hide the tampering), then, per batch and in one transaction, records a
checkpoint (link S, its event and its hash) and deletes those links, their events and their
disclosures. ``verify`` then starts at the checkpoint: link S+1 must name its hash.

The database allows these deletes and no others: its guards refuse any DELETE of an audit row
younger than five years or not behind a recorded checkpoint (``fmek.audit.models``). The purge
is itself an audit event naming the checkpoint, and that event is chained. The checkpoint is
signed under the audit key like the chain's heads: one written without the key is refused.

On PostgreSQL the service's role has no DELETE on the audit tables: the purge runs as the schema
owner (``FMEK_OWNER_DATABASE_URL`` or ``fmek audit purge --owner-url``); a role without the
privilege is refused before anything happens, with a message saying so.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from fmek.audit.chain import PG_SEAL_LOCK, Head, latest_checkpoint, seal, verify
from fmek.audit.heads import UnsignedTail, sign_checkpoint
from fmek.audit.models import (
    PURGE_KEEP_YEARS,
    AuditAction,
    AuditCheckpoint,
    AuditDisclosure,
    AuditEvent,
    AuditSeal,
)
from fmek.audit.service import Actor, record
from fmek.audit.signing import NO_AUDIT_KEY, AuditKeyring, audit_keyring
from fmek.clock import as_utc, utcnow

PURGE_BATCH = 2000
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"
PURGED_TABLES = ("audit_seal", "audit_disclosure", "audit_event")


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
    engine: Engine,
    before: datetime,
    *,
    actor: Actor,
    batch: int = PURGE_BATCH,
    keys: AuditKeyring | None = None,
) -> PurgeResult:
    """Purge the chain's links whose events occurred before ``before`` (a prefix), leaving a
    signed checkpoint; refuses a cut-off within the term, a chain that does not verify, a
    missing audit key and a database role that may not delete audit rows."""
    before = as_utc(before)
    if before > earliest_cutoff():
        raise PurgeRefused(
            f"audit events are kept {PURGE_KEEP_YEARS} years (NEN 7513): the cut-off must be "
            f"on or before {earliest_cutoff().date().isoformat()}"
        )
    ring = keys or audit_keyring()
    if ring is None:
        raise PurgeRefused(f"{NO_AUDIT_KEY}: the purge checkpoint is signed; nothing was purged")
    _require_delete_privilege(engine)
    try:
        seal(engine, keys=ring)  # every committed event is in the chain first
    except UnsignedTail as exc:
        raise PurgeRefused(f"{exc}; nothing was purged") from exc
    report = verify(engine, keys=ring)
    if not report.ok:
        raise PurgeRefused(
            f"the audit chain does not verify ({report.problem or 'events outside the chain'}); "
            "nothing was purged"
        )
    total = 0
    try:
        while (purged := _purge_batch(engine, before, batch, ring)) > 0:
            total += purged
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise PurgeRefused(_not_owner(engine)) from None
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
    seal(engine, keys=ring)  # the purge's own event is chained at once
    return PurgeResult(total, head)


def _not_owner(engine: Engine) -> str:
    return (
        f"the database role '{engine.url.username}' may not delete audit rows (on PostgreSQL "
        "only the schema owner may): run the purge as the owner, with --owner-url or "
        "FMEK_OWNER_DATABASE_URL (docs/deploy.md); nothing was purged"
    )


def _require_delete_privilege(engine: Engine) -> None:
    """Refuse before sealing or verifying when the role could not finish the purge."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        allowed = conn.execute(
            text(
                "SELECT bool_and(has_table_privilege(current_user, t, 'DELETE')) "
                "FROM unnest(CAST(:tables AS text[])) AS t"
            ),
            {"tables": list(PURGED_TABLES)},
        ).scalar_one()
    if not allowed:
        raise PurgeRefused(_not_owner(engine))


def _purge_batch(engine: Engine, before: datetime, batch: int, ring: AuditKeyring) -> int:
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
        checkpoint = AuditCheckpoint(
            last_seq=last_seq,
            last_event_id=last_event_id,
            last_hash=last_hash,
            purged_before=before,
            purged_links=len(prefix),
            created_at=utcnow(),
        )
        sign_checkpoint(ring, checkpoint)
        session.add(checkpoint)
        session.flush()  # the guards allow the deletes behind this checkpoint only
        session.execute(
            delete(AuditSeal).where(col(AuditSeal.seq) > start, col(AuditSeal.seq) <= last_seq)
        )
        session.execute(delete(AuditDisclosure).where(col(AuditDisclosure.event_id).in_(event_ids)))
        session.execute(delete(AuditEvent).where(col(AuditEvent.id).in_(event_ids)))
        session.commit()
        return len(prefix)
