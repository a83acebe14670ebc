"""Signed heads and signed purge checkpoints: written by the sealer and the purge, checked by
``verify`` against the chain (why a key, and which: ``fmek.audit.signing``).

The sealer signs a head in the same transaction that adds links, so no committed link is ever
unsigned, and at least hourly while nothing happens, so the newest head's time shows how
recently the sealer saw the chain whole. It extends only a chain whose newest link is its newest
signed head: links beyond that (heads deleted, links written without the key) are never signed
after the fact, ``verify`` names them. A chain from before signing existed is signed once, on
purpose: by the migration when the audit key is configured, else ``fmek audit seal --adopt``.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from fmek.audit.models import AuditCheckpoint, AuditHead, AuditSeal
from fmek.audit.signing import CHECKPOINT, HEAD, AuditKeyring, Fields, instant
from fmek.clock import as_utc

HEARTBEAT = timedelta(hours=1)


class UnsignedTail(Exception):
    """The chain's newest link is not its newest signed head: the sealer does not extend it."""


@dataclass(frozen=True)
class SignedHead:
    n: int
    seq: int
    event_hash: str
    signed_at: datetime
    key_id: str

    @classmethod
    def of(cls, head: AuditHead) -> "SignedHead":
        return cls(head.n, head.seq, head.event_hash, as_utc(head.signed_at), head.key_id)

    def describe(self) -> str:
        return f"signed head {self.n} (link {self.seq}, signed {when(self.signed_at)})"


def when(value: datetime) -> str:
    return as_utc(value).strftime("%Y-%m-%d %H:%M:%S UTC")


def head_fields(n: int, seq: int, event_hash: str, signed_at: datetime, key_id: str) -> Fields:
    return [n, seq, event_hash, instant(signed_at), key_id]


def checkpoint_fields(checkpoint: AuditCheckpoint, key_id: str) -> Fields:
    return [
        checkpoint.last_seq,
        checkpoint.last_event_id,
        checkpoint.last_hash,
        instant(checkpoint.purged_before),
        checkpoint.purged_links,
        instant(checkpoint.created_at),
        key_id,
    ]


def newest_head(session: Session) -> AuditHead | None:
    return session.exec(select(AuditHead).order_by(col(AuditHead.n).desc()).limit(1)).first()


def unsigned_tail(newest: AuditHead | None, seq: int, event_hash: str) -> str | None:
    """Why the sealer may not extend a chain that ends at link ``seq``; None when it may."""
    if newest is None:
        if seq == 0:
            return None
        return (
            f"the chain (up to link {seq}) has no signed head yet: sign it as it stands once "
            "with `fmek audit seal --adopt`"
        )
    if newest.seq == seq and newest.event_hash == event_hash:
        return None
    return (
        f"the chain's newest link {seq} is not its newest signed head "
        f"({SignedHead.of(newest).describe()}): nothing is sealed on top of links no signed "
        "head covers; run `fmek audit verify`"
    )


def sign_head(
    session: Session,
    ring: AuditKeyring,
    seq: int,
    event_hash: str,
    now: datetime,
    newest: AuditHead | None,
) -> SignedHead:
    """Add head ``n = newest + 1`` naming link ``seq``, in the caller's (sealer's) transaction."""
    n = newest.n + 1 if newest else 1
    key_id = ring.current.id
    signature = ring.sign(HEAD, head_fields(n, seq, event_hash, now, key_id))
    head = AuditHead(
        n=n, seq=seq, event_hash=event_hash, signed_at=now, key_id=key_id, signature=signature
    )
    session.add(head)
    return SignedHead(n, seq, event_hash, now, key_id)


def heartbeat_due(newest: AuditHead | None, now: datetime) -> bool:
    return newest is not None and as_utc(newest.signed_at) <= now - HEARTBEAT


def sign_checkpoint(ring: AuditKeyring, checkpoint: AuditCheckpoint) -> None:
    checkpoint.key_id = ring.current.id
    checkpoint.signature = ring.sign(CHECKPOINT, checkpoint_fields(checkpoint, ring.current.id))


def checkpoint_problem(ring: AuditKeyring, checkpoint: AuditCheckpoint) -> str | None:
    what = f"the purge checkpoint at link {checkpoint.last_seq}"
    if not checkpoint.key_id or not checkpoint.signature:
        return f"{what} is not signed (written without the audit key)"
    fields = checkpoint_fields(checkpoint, checkpoint.key_id)
    problem = ring.check(CHECKPOINT, fields, checkpoint.key_id, checkpoint.signature)
    return f"{what} {problem}" if problem else None


@dataclass
class HeadCheck:
    """The signed heads against a verified chain that runs from ``start`` to ``end``."""

    checked: int = 0
    newest: SignedHead | None = None
    key_ids: set[str] = field(default_factory=set)
    problem: str | None = None
    at_seq: int | None = None


def check_heads(
    session: Session,
    ring: AuditKeyring,
    *,
    start: tuple[int, str],
    end_seq: int,
    page: int = 2000,
) -> HeadCheck:
    """Every head in order: numbered without gaps, signed under a key of the ring, naming a link
    of the chain with the hash it had when signed; then every link must lie behind a head."""
    check = HeadCheck()
    holds: SignedHead | None = None  # the newest head that matched the chain
    after = 0
    while True:
        heads = session.exec(
            select(AuditHead).where(col(AuditHead.n) > after).order_by(col(AuditHead.n)).limit(page)
        ).all()
        if not heads:
            break
        wanted = [h.seq for h in heads if start[0] < h.seq <= end_seq]
        hashes = dict(
            session.exec(
                select(AuditSeal.seq, AuditSeal.event_hash).where(col(AuditSeal.seq).in_(wanted))
            ).all()
        )
        for head in heads:
            problem = _head_problem(ring, head, after + 1, start, end_seq, hashes, holds)
            if problem:
                check.problem, check.at_seq = problem, head.seq
                return check
            signed = SignedHead.of(head)
            check.checked += 1
            check.newest = signed
            check.key_ids.add(head.key_id)
            if head.seq >= start[0]:
                holds = signed
            after = head.n
    covered = check.newest.seq if check.newest else start[0]
    if end_seq > covered:
        check.at_seq = covered + 1
        check.problem = f"links {covered + 1}..{end_seq} are not covered by a signed head: " + (
            "the newest signed heads were deleted, or these links were written without the "
            "audit key"
            if check.newest
            else "the chain was never signed (after an upgrade: `fmek audit seal --adopt`), "
            "or its heads were deleted"
        )
    return check


def _head_problem(
    ring: AuditKeyring,
    head: AuditHead,
    expected_n: int,
    start: tuple[int, str],
    end_seq: int,
    hashes: dict[int, str],
    holds: SignedHead | None,
) -> str | None:
    signed = SignedHead.of(head)
    if head.n != expected_n:
        return f"signed head {expected_n} is missing (deleted): the heads jump to {head.n}"
    fields = head_fields(head.n, head.seq, head.event_hash, head.signed_at, head.key_id)
    if problem := ring.check(HEAD, fields, head.key_id, head.signature):
        return f"{signed.describe()} {problem}"
    if head.seq > end_seq:
        return (
            f"{signed.describe()} names link {head.seq}, but the chain ends at link {end_seq}: "
            f"links {end_seq + 1}..{head.seq} were deleted"
        )
    if head.seq < start[0]:
        return None  # a link purged behind the checkpoint
    actual = start[1] if head.seq == start[0] else hashes.get(head.seq)
    if actual == head.event_hash:
        return None
    since = f" after link {holds.seq} ({holds.describe()} holds)" if holds else ""
    return (
        f"link {head.seq} does not match {signed.describe()}: the chain was rewritten at or "
        f"before link {head.seq}{since}"
    )
