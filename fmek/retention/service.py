"""Retention as data (policy.json) and destruction that leaves a tombstone without client data.

A referral is destroyed as one file: every row that refers to it (routing decisions,
examinations and their assignments, forensic reports, consult links, ...) is found through the
foreign keys of the schema, so tables added later are included without a change here. Audit
events about it stay: they hold no client data and record who accessed the child's data.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from fmek.advice.models import AdviceRequest
from fmek.audit.models import AuditAction, AuditEvent
from fmek.audit.service import Actor, record
from fmek.clock import utcnow
from fmek.errors import NotFound, ValidationFailed
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.models import Referral
from fmek.retention.models import RetentionTombstone
from fmek.tables import metadata

POLICY_FILE = Path(__file__).parent / "policy.json"
_REFERENCE = re.compile(r"(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9 ./_-]{0,59}")


class DestructionReason(StrEnum):
    """Why a file is destroyed before its term; free text could hold client data."""

    CLIENT_REQUEST = "client_request"  # the child, parents or guardian asked (AVG art. 17)
    REPORT_NOT_CONFIRMED = "report_not_confirmed"  # VT: a report that was not confirmed
    COURT_ORDER = "court_order"


@dataclass(frozen=True)
class Rule:
    record: str
    keep_years: int
    counted_from: str
    basis: str
    design: bool

    def cutoff(self, now: datetime) -> datetime:
        # a year of 365.25 days: a day's difference over 20 years does not matter here
        return now - timedelta(days=round(365.25 * self.keep_years))


@lru_cache(maxsize=1)
def policy() -> dict[str, Rule]:
    data = json.loads(POLICY_FILE.read_text("utf-8"))
    return {r["record"]: Rule(**r) for r in data["rules"]}


@dataclass
class Due:
    rule: Rule
    record_ids: list[str] = field(default_factory=list)
    count: int = 0


def due(session: Session, now: datetime | None = None) -> dict[str, Due]:
    """What is past its retention term now (nothing is changed)."""
    now = now or utcnow()
    rules = policy()
    found = {name: Due(rule) for name, rule in rules.items()}
    cutoff = rules["referral"].cutoff(now)
    last_report = (
        select(ForensicReport.referral_id, func.max(ForensicReport.updated_at).label("at"))
        .group_by(col(ForensicReport.referral_id))
        .subquery()
    )
    referral_ids = session.exec(
        select(Referral.id)
        .join(last_report, last_report.c.referral_id == Referral.id, isouter=True)
        .where(
            col(Referral.updated_at) < cutoff,
            (last_report.c.at.is_(None)) | (last_report.c.at < cutoff),
        )
        .order_by(col(Referral.updated_at))
    ).all()
    found["referral"].record_ids = list(referral_ids)
    advice = session.exec(
        select(AdviceRequest.case_number)
        .where(col(AdviceRequest.updated_at) < rules["advice_request"].cutoff(now))
        .order_by(col(AdviceRequest.updated_at))
    ).all()
    found["advice_request"].record_ids = list(advice)
    for due_ in found.values():
        due_.count = len(due_.record_ids)
    found["audit_event"].count = session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(col(AuditEvent.occurred_at) < rules["audit_event"].cutoff(now))
    ).one()
    return found


def _delete_with_dependents(session: Session, table: Table, where: ColumnElement[bool]) -> int:
    """Delete rows and, first, every row that refers to them (found via the schema's FKs)."""
    count = 0
    for other in metadata().sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and other is not table:
                parents = core_select(fk.column).where(where).scalar_subquery()
                count += _delete_with_dependents(session, other, fk.parent.in_(parents))
    result: Any = session.execute(delete(table).where(where))
    return count + int(result.rowcount or 0)


def destroy_referral(
    session: Session,
    referral_id: str,
    *,
    actor: Actor,
    basis: str,
    reason: DestructionReason | None = None,
    request_reference: str | None = None,
) -> RetentionTombstone:
    """Destroy the referral file; leave a tombstone and an audit event (one transaction)."""
    if basis == "request" and (reason is None or not request_reference):
        raise ValidationFailed("destruction on request needs a reason and the request's reference")
    if request_reference is not None and not _REFERENCE.fullmatch(request_reference):
        raise ValidationFailed(
            "the request reference is a document number (letters, digits, ./_- ; at most 60), "
            "never a name"
        )
    if session.get(Referral, referral_id) is None:
        raise NotFound("no referral with this id")
    table = Referral.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table classes
    rows = _delete_with_dependents(session, table, table.c.id == referral_id)
    tombstone = RetentionTombstone(
        record_type="referral",
        record_id=referral_id,
        basis=basis,
        reason=reason.value if reason else None,
        request_reference=request_reference,
        rows_destroyed=rows,
    )
    session.add(tombstone)
    record(
        session,
        actor,
        AuditAction.DELETE,
        "referral",
        referral_id,
        detail=f"destroyed ({basis}{': ' + reason.value if reason else ''}), {rows} rows",
    )
    session.commit()
    session.refresh(tombstone)
    return tombstone


def destroy_advice(session: Session, case_number: str, *, actor: Actor) -> RetentionTombstone:
    advice = session.exec(
        select(AdviceRequest).where(AdviceRequest.case_number == case_number)
    ).first()
    if advice is None:
        raise NotFound("no advice request with this case number")
    table = AdviceRequest.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table classes
    rows = _delete_with_dependents(session, table, table.c.id == advice.id)
    tombstone = RetentionTombstone(
        record_type="advice_request", record_id=case_number, basis="retention", rows_destroyed=rows
    )
    session.add(tombstone)
    record(
        session,
        actor,
        AuditAction.DELETE,
        "advice_request",
        case_number,
        detail=f"destroyed (retention), {rows} rows",
    )
    session.commit()
    session.refresh(tombstone)
    return tombstone


def run(session: Session, *, actor: Actor, now: datetime | None = None) -> dict[str, Due]:
    """Destroy every referral and advice past its term (each its own transaction).

    Audit events past 5 years are counted, not purged: the trail is append-only and its chain
    starts at the first event; purging needs a sealed checkpoint first (not built yet).
    """
    found = due(session, now)
    for referral_id in found["referral"].record_ids:
        destroy_referral(session, referral_id, actor=actor, basis="retention")
    for case_number in found["advice_request"].record_ids:
        destroy_advice(session, case_number, actor=actor)
    record(
        session,
        actor,
        AuditAction.DELETE,
        "retention_run",
        detail=", ".join(f"{name} {d.count}" for name, d in found.items()),
    )
    session.commit()
    return found
