"""The audit hash chain: a sealer links committed events in batches; ``verify`` walks it.

Requests only insert events (no shared chain head to wait for). The sealer takes the events no
link names yet, in id order, and appends links ``seq = n+1, n+2, ...``; each link stores the
hash of the previous link and ``SHA-256(previous hash + canonical event)``, where the canonical
event includes the full ids it disclosed. An event whose transaction commits late is simply
sealed by a later run, so the chain follows commit order, not id order.

``verify`` recomputes every link and names the first one that does not hold: an edited event
(its hash differs), a deleted event (its link points at nothing), a deleted link (a gap in
``seq``), or an edited or inserted link (the next link's previous hash differs). Events not yet
sealed are reported as the unsealed tail; an unsealed event older than the newest seal, or dated
more than ``LATE_COMMIT_GRACE`` before the newest signed head, is suspect (inserted behind the
sealer's back): it fails verification and the sealer leaves it out of the chain. An empty trail
in a database that holds users or referrals (whose creation is always audited) was wiped.

Long because the sealer and ``verify`` share the chain's canonical form and its walk.

Whoever can write the tables can recompute a plain SHA-256 chain, so each seal batch signs its
head under the audit key and ``verify`` checks every signed head (``fmek.audit.heads``).
"""

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, exists, func, insert, text
from sqlmodel import Session, col, select

from fmek.audit.heads import (
    HeadCheck,
    SignedHead,
    UnsignedTail,
    check_heads,
    checkpoint_problem,
    heartbeat_due,
    newest_head,
    sign_head,
    unsigned_tail,
)
from fmek.audit.models import (
    AuditCheckpoint,
    AuditDisclosure,
    AuditEvent,
    AuditHead,
    AuditSeal,
)
from fmek.audit.signing import NO_AUDIT_KEY, AuditKeyring, audit_keyring, instant
from fmek.auth.models import User
from fmek.clock import as_utc, utcnow
from fmek.db import make_engine
from fmek.referrals.models import Referral

GENESIS = "0" * 64
SEAL_BATCH = 5000
PG_SEAL_LOCK = 7513  # advisory lock: one sealer at a time on PostgreSQL
# An event is stamped when its transaction runs and sealed once it commits: a long job (planning,
# a roster import) commits events stamped at its start. Longer than any legitimate transaction:
# an unsealed event stamped this long before the newest signed head cannot have been uncommitted
# when the sealer signed that head, so it was inserted later with an old date.
LATE_COMMIT_GRACE = timedelta(hours=1)
log = logging.getLogger("fmek.audit")


def canonical(event: AuditEvent, disclosed: list[str]) -> bytes:
    return json.dumps(
        [
            event.id,
            instant(event.occurred_at),
            event.action,
            event.outcome,
            event.user_id,
            event.user_role,
            event.on_behalf_of,
            event.record_type,
            event.record_id,
            event.client_address,
            event.detail,
            sorted(disclosed),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def link_hash(seq: int, prev_hash: str, event: AuditEvent, disclosed: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{seq}:{prev_hash}:".encode("ascii"))
    digest.update(canonical(event, disclosed))
    return digest.hexdigest()


def _disclosures(session: Session, event_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not event_ids:
        return found
    rows = session.exec(
        select(AuditDisclosure.event_id, AuditDisclosure.record_id).where(
            col(AuditDisclosure.event_id).in_(event_ids)
        )
    ).all()
    for event_id, record_id in rows:
        found.setdefault(event_id, []).append(record_id)
    return found


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


@dataclass(frozen=True)
class SealResult:
    sealed: int
    head: Head
    signed: SignedHead | None  # the newest head this run signed (None: none was due)
    held_back: list[int] = field(default_factory=list)  # back-dated events left out of the chain


class NoAuditKey(Exception):
    """Sealing and verifying need the audit key: without it the chain proves nothing."""

    def __init__(self, doing: str) -> None:
        super().__init__(f"{NO_AUDIT_KEY}: {doing}")


def seal(
    engine: Engine,
    *,
    batch: int = SEAL_BATCH,
    keys: AuditKeyring | None = None,
    adopt: bool = False,
) -> SealResult:
    """Chain every committed, unsealed event now and sign the new head; each batch is its own
    short transaction. ``keys``: the process's audit keys unless given. ``adopt`` first signs
    the chain as it stands (once, after an upgrade): otherwise links that no signed head covers
    are never extended (``UnsignedTail``)."""
    ring = keys or audit_keyring()
    if ring is None:
        raise NoAuditKey("nothing was sealed")
    total, signed = 0, None
    while True:
        sealed, head, batch_signed = _seal_batch(engine, batch, ring, adopt=adopt and not total)
        total += sealed
        signed = batch_signed or signed
        if sealed < batch:
            break
    with Session(engine) as session:
        held_back = _back_dated(session)
    if held_back:
        log.error(
            "audit events %s not sealed: unsealed but dated before the newest signed head "
            "(inserted with an old date?); run `fmek audit verify`",
            ", ".join(map(str, held_back)),
        )
    return SealResult(total, head, signed, held_back)


def _seal_batch(
    engine: Engine, batch: int, ring: AuditKeyring, *, adopt: bool
) -> tuple[int, Head, SignedHead | None]:
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_SEAL_LOCK})
        seq, prev = _chain_head(session)
        newest = newest_head(session)
        now = utcnow()
        signed = None
        if adopt and unsigned_tail(newest, seq, prev):
            signed = sign_head(session, ring, seq, prev, now, newest)
            session.flush()
            newest = newest_head(session)
        if problem := unsigned_tail(newest, seq, prev):
            raise UnsignedTail(problem)
        events = session.exec(
            select(AuditEvent)
            .where(
                ~exists().where(col(AuditSeal.event_id) == AuditEvent.id), *_not_back_dated(newest)
            )
            .order_by(col(AuditEvent.id))
            .limit(batch)
        ).all()
        if not events:
            if heartbeat_due(newest, now):
                signed = sign_head(session, ring, seq, prev, now, newest)
            session.commit()
            return 0, Head(seq, prev), signed
        disclosed = _disclosures(session, [e.id for e in events if e.id is not None])
        links: list[dict[str, Any]] = []
        for event in events:
            seq += 1
            digest = link_hash(seq, prev, event, disclosed.get(event.id or 0, []))
            links.append(
                {
                    "seq": seq,
                    "event_id": event.id,
                    "prev_hash": prev,
                    "event_hash": digest,
                    "sealed_at": now,
                }
            )
            prev = digest
        session.execute(insert(AuditSeal), links)
        signed = sign_head(session, ring, seq, prev, now, newest)
        session.commit()
        return len(links), Head(seq, prev), signed


def _not_back_dated(newest: AuditHead | None) -> list[ColumnElement[bool]]:
    """The sealer's filter: events stamped no earlier than the grace before the newest head."""
    return [] if newest is None else [col(AuditEvent.occurred_at) >= _oldest_sealable(newest)]


def _oldest_sealable(newest: AuditHead) -> datetime:
    return as_utc(newest.signed_at) - LATE_COMMIT_GRACE


def _back_dated(session: Session) -> list[int]:
    """Unsealed events dated more than the grace before the newest signed head (first 20)."""
    newest = newest_head(session)
    if newest is None:
        return []
    ids = session.exec(
        select(AuditEvent.id)
        .where(
            ~exists().where(col(AuditSeal.event_id) == AuditEvent.id),
            col(AuditEvent.occurred_at) < _oldest_sealable(newest),
        )
        .order_by(col(AuditEvent.id))
        .limit(20)
    ).all()
    return [i for i in ids if i is not None]


def _chain_head(session: Session) -> tuple[int, str]:
    """The newest link, or the purge checkpoint when every link up to it was purged."""
    last = session.exec(select(AuditSeal).order_by(col(AuditSeal.seq).desc()).limit(1)).first()
    if last is not None:
        return last.seq, last.event_hash
    checkpoint = latest_checkpoint(session)
    return (checkpoint.last_seq, checkpoint.last_hash) if checkpoint else (0, GENESIS)


@dataclass
class VerifyReport:
    links: int = 0
    head: Head = field(default_factory=lambda: Head(0, GENESIS))
    broken_seq: int | None = None
    broken_event_id: int | None = None
    problem: str | None = None
    unsealed: int = 0
    suspect_event_ids: list[int] = field(default_factory=list)
    checkpoint: Head | None = None  # where verification started, after a purge
    key_missing: bool = False  # no audit key: the signed heads could not be checked
    signed: HeadCheck | None = None  # the signed heads, checked against the chain
    wiped: tuple[int, int] | None = None  # empty trail, yet (users, referrals) in the database

    @property
    def ok(self) -> bool:
        return (
            self.problem is None
            and not self.suspect_event_ids
            and not self.key_missing
            and self.wiped is None
        )


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    """The newest purge checkpoint: the chain verifies from the link after it."""
    return session.exec(
        select(AuditCheckpoint).order_by(col(AuditCheckpoint.last_seq).desc()).limit(1)
    ).first()


def _links(
    session: Session, page: int, after: int = 0
) -> Iterator[tuple[AuditSeal, AuditEvent | None]]:
    while True:
        rows = session.exec(
            select(AuditSeal, AuditEvent)
            .join(AuditEvent, col(AuditEvent.id) == AuditSeal.event_id, isouter=True)
            .where(AuditSeal.seq > after)
            .order_by(col(AuditSeal.seq))
            .limit(page)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1][0].seq


def verify(engine: Engine, *, page: int = 2000, keys: AuditKeyring | None = None) -> VerifyReport:
    """Walk the whole chain to the first link that does not hold, then check every signed head
    and purge checkpoint (``keys``: the process's audit keys unless given). One snapshot: a
    sealer running meanwhile is not taken for tampering, and no request waits for the walk."""
    report = VerifyReport()
    ring = keys or audit_keyring()
    report.key_missing = ring is None
    with _snapshot(engine) as session:
        if ring is not None and _checkpoints_forged(session, ring, report):
            return report
        prev, expected_seq = GENESIS, 1
        if (checkpoint := latest_checkpoint(session)) is not None:  # older links were purged
            prev, expected_seq = checkpoint.last_hash, checkpoint.last_seq + 1
            report.checkpoint = Head(checkpoint.last_seq, checkpoint.last_hash)
            report.head = report.checkpoint
        buffer: list[tuple[AuditSeal, AuditEvent | None]] = []

        def check(batch: list[tuple[AuditSeal, AuditEvent | None]]) -> bool:
            nonlocal prev, expected_seq
            disclosed = _disclosures(session, [e.id for _s, e in batch if e and e.id])
            for link, event in batch:
                problem = _link_problem(link, event, expected_seq, prev, disclosed)
                if problem:
                    report.broken_seq = expected_seq if link.seq != expected_seq else link.seq
                    report.broken_event_id = link.event_id
                    report.problem = problem
                    return False
                prev, expected_seq = link.event_hash, expected_seq + 1
                report.links += 1
                report.head = Head(link.seq, link.event_hash)
            return True

        for row in _links(session, page, after=expected_seq - 1):
            buffer.append(row)
            if len(buffer) >= page:
                if not check(buffer):
                    break
                buffer = []
        else:
            check(buffer)
        if ring is not None and report.problem is None:
            start = report.checkpoint or Head(0, GENESIS)
            report.signed = check_heads(
                session, ring, start=(start.seq, start.hash), end_seq=report.head.seq, page=page
            )
            report.problem = report.signed.problem
            report.broken_seq = report.signed.at_seq
        _unsealed(session, report)
        _wiped(session, report)
    return report


def _wiped(session: Session, report: VerifyReport) -> None:
    """No event, link or checkpoint at all while users or referrals exist: each of those was
    created with an audit event, so the whole trail was deleted (a fresh database passes)."""
    if report.links or report.unsealed or report.checkpoint or report.problem:
        return
    users = session.exec(select(func.count()).select_from(User)).one()
    referrals = session.exec(select(func.count()).select_from(Referral)).one()
    if users or referrals:
        report.wiped = (users, referrals)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Session]:
    """One read snapshot that keeps no writer waiting: REPEATABLE READ on PostgreSQL; on SQLite a
    read transaction (WAL), not the service's BEGIN IMMEDIATE that holds the write lock."""
    if engine.dialect.name != "sqlite":
        with Session(engine) as session:
            if engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
        return
    reader = make_engine(engine.url.render_as_string(hide_password=False), sqlite_begin="DEFERRED")
    try:
        with Session(reader) as session:
            yield session
    finally:
        reader.dispose()


def _checkpoints_forged(session: Session, ring: AuditKeyring, report: VerifyReport) -> bool:
    """Every purge checkpoint must carry the audit key's signature: verification starts at the
    newest one, so a forged checkpoint could otherwise skip over edited links."""
    for checkpoint in session.exec(
        select(AuditCheckpoint).order_by(col(AuditCheckpoint.last_seq))
    ).all():
        if problem := checkpoint_problem(ring, checkpoint):
            report.problem, report.broken_seq = problem, checkpoint.last_seq
            return True
    return False


def _link_problem(
    link: AuditSeal,
    event: AuditEvent | None,
    expected_seq: int,
    prev: str,
    disclosed: dict[int, list[str]],
) -> str | None:
    if link.seq != expected_seq:
        return f"link {expected_seq} is missing (deleted); the chain jumps to link {link.seq}"
    if link.prev_hash != prev:
        return (
            f"link {link.seq} does not follow link {link.seq - 1}: "
            "a link before it (or the purge checkpoint) was edited, or this one was inserted"
        )
    if event is None:
        return f"event {link.event_id} of link {link.seq} was deleted"
    if link_hash(link.seq, prev, event, disclosed.get(event.id or 0, [])) != link.event_hash:
        return f"event {link.event_id} of link {link.seq} was changed after it was sealed"
    return None


def _unsealed(session: Session, report: VerifyReport) -> None:
    unsealed = ~exists().where(col(AuditSeal.event_id) == AuditEvent.id)
    report.unsealed = session.exec(
        select(func.count()).select_from(AuditEvent).where(unsealed)
    ).one()
    back_dated = _back_dated(session)
    report.suspect_event_ids = back_dated
    last = session.exec(select(AuditSeal).order_by(col(AuditSeal.seq).desc()).limit(1)).first()
    if last is None or not report.unsealed:
        return
    newest_sealed = session.exec(select(func.max(AuditSeal.event_id))).one() or 0
    suspects = session.exec(
        select(AuditEvent.id)
        .where(
            unsealed,
            col(AuditEvent.id) < newest_sealed,
            col(AuditEvent.occurred_at) < last.sealed_at,
        )
        .order_by(col(AuditEvent.id))
        .limit(20)
    ).all()
    report.suspect_event_ids = sorted({i for i in suspects if i is not None} | set(back_dated))


def export(engine: Engine, start: datetime, end: datetime) -> Iterator[str]:
    """Events with ``start <= occurred_at < end`` as JSON lines, with their disclosures and link."""
    with Session(engine) as session:
        after = 0
        while True:
            rows = session.exec(
                select(AuditEvent, AuditSeal)
                .join(AuditSeal, col(AuditSeal.event_id) == AuditEvent.id, isouter=True)
                .where(
                    col(AuditEvent.occurred_at) >= start,
                    col(AuditEvent.occurred_at) < end,
                    col(AuditEvent.id) > after,
                )
                .order_by(col(AuditEvent.id))
                .limit(1000)
            ).all()
            if not rows:
                return
            disclosed = _disclosures(session, [e.id for e, _s in rows if e.id is not None])
            for event, link in rows:
                yield json.dumps(
                    {
                        "id": event.id,
                        "occurred_at": instant(event.occurred_at) + "Z",
                        "action": event.action,
                        "outcome": event.outcome,
                        "user_id": event.user_id,
                        "user_role": event.user_role,
                        "on_behalf_of": event.on_behalf_of,
                        "record_type": event.record_type,
                        "record_id": event.record_id,
                        "client_address": event.client_address,
                        "detail": event.detail,
                        "disclosed": sorted(disclosed.get(event.id or 0, [])),
                        "seq": link.seq if link else None,
                        "hash": link.event_hash if link else None,
                    },
                    ensure_ascii=False,
                )
            after = rows[-1][0].id or after
