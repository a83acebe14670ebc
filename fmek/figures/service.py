"""Read the facts of a period from the database and hand them to ``reports.figures``.

Only what the figures need is read: times, regions, urgencies and task kinds. No name, birth
date, BSN, free text or id leaves this module, so the figures can go to a role that never sees
client data (``beleid``).
"""

import csv
import io
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from fmek.advice.models import AdviceRequest
from fmek.allocation.models import Assignment, AssignmentStatus, Examination
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.clock import as_utc
from fmek.doctors.models import Doctor
from fmek.errors import NotFound, PermissionDenied, ValidationFailed
from fmek.reference.models import Region
from fmek.referrals.models import Referral
from fmek.rosters.models import CoveragePoolRow, RosterEntry
from reports import figures as indicators
from reports.figures import AdviceFact, ExaminationFact, Facts, Period, PositionFact, ReferralFact

READERS = frozenset({Role.BELEID, Role.GGD_PLANNER})
MAX_DAYS = 4 * 366  # two years and a bit: a trend over four half-years
STARTED = [AssignmentStatus.STARTED.value, AssignmentStatus.COMPLETED.value]


def scope_region(user: User, region: str | None) -> str | None:
    """The region the user may see figures for: ``beleid`` any (None: national), a planner
    only their own (also when none is asked)."""
    role = user.role_enum
    if role is Role.BELEID:
        return region
    if role is Role.GGD_PLANNER:
        if region is not None and region != user.region_code:
            raise PermissionDenied("a planner sees the figures of their own region only")
        return user.region_code
    raise PermissionDenied("the figures are for the roles beleid and ggd_planner")


def check_period(start: date, end: date) -> Period:
    if end < start:
        raise ValidationFailed(
            "'to' lies before 'from'", type="invalid_period", loc=("query", "to")
        )
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(
            f"a period spans at most {MAX_DAYS} days", type="period_too_long", loc=("query", "to")
        )
    return Period(start, end)


def load_facts(session: Session, period: Period, region: str | None) -> Facts:
    """The facts of the period (received in it; positions overlapping it), for one region or all."""
    start, end = period.start_at, period.end_at
    in_period = (col(Referral.submitted_at) >= start, col(Referral.submitted_at) < end)
    own = (col(Referral.ggd_region) == region,) if region else ()
    referrals = [
        ReferralFact(as_utc(at), reg, urgency, frozenset(filter(None, kinds.split(","))))
        for at, reg, urgency, kinds in session.exec(
            select(
                Referral.submitted_at, Referral.ggd_region, Referral.urgency, Referral.task_kinds
            ).where(*in_period, *own)
        ).all()
    ]
    started = (
        select(Assignment.examination_id, func.min(Assignment.start_at).label("started_at"))
        .where(col(Assignment.status).in_(STARTED))
        .group_by(col(Assignment.examination_id))
        .subquery()
    )
    examinations = [
        ExaminationFact(
            as_utc(at),
            reg,
            _urgency(priority, urgency),
            as_utc(deadline),
            as_utc(start_at) if start_at else None,
            status,
        )
        for at, reg, priority, urgency, deadline, start_at, status in session.exec(
            select(  # type: ignore[call-overload]
                Referral.submitted_at,
                Examination.region,
                Examination.priority,
                Referral.urgency,
                Examination.deadline_at,
                started.c.started_at,
                Examination.status,
            )
            .join(Referral, col(Referral.id) == col(Examination.referral_id))
            .outerjoin(started, started.c.examination_id == col(Examination.id))
            .where(*in_period, *own)
        ).all()
    ]
    advice_own = (col(AdviceRequest.ggd_region) == region,) if region else ()
    advices = [
        AdviceFact(
            as_utc(at),
            reg,
            as_utc(answered) if answered else None,
            as_utc(released) if released else None,
        )
        for at, reg, answered, released in session.exec(
            select(
                AdviceRequest.submitted_at,
                AdviceRequest.ggd_region,
                AdviceRequest.answered_at,
                AdviceRequest.released_at,
            ).where(
                col(AdviceRequest.submitted_at) >= start,
                col(AdviceRequest.submitted_at) < end,
                *advice_own,
            )
        ).all()
    ]
    return Facts(referrals, examinations, advices, _positions(session, period))


def _urgency(priority: int, referral_urgency: str) -> str:
    """The urgency of the examination task (its priority), else the referral's."""
    from fmek.settings import get_settings  # noqa: PLC0415

    by_priority = {p: u for u, p in get_settings().priority_by_urgency.items()}
    return by_priority.get(priority, referral_urgency)


def _positions(session: Session, period: Period) -> list[PositionFact]:
    pools = {
        code: frozenset(regions)
        for code, regions in session.exec(
            select(CoveragePoolRow.code, CoveragePoolRow.regions)
        ).all()
    }
    doctors = {
        doctor_id: (reg, employment)
        for doctor_id, reg, employment in session.exec(
            select(Doctor.id, Doctor.region, Doctor.employment)
        ).all()
    }
    rows = session.exec(
        select(
            RosterEntry.pool, RosterEntry.start_at, RosterEntry.end_at, RosterEntry.doctor_id
        ).where(
            col(RosterEntry.start_at) < period.end_at, col(RosterEntry.end_at) > period.start_at
        )
    ).all()
    positions = []
    for pool, start_at, end_at, doctor_id in rows:
        doctor_region, employment = doctors.get(doctor_id, (None, None))
        positions.append(
            PositionFact(
                pools.get(pool, frozenset({pool})),
                as_utc(start_at),
                as_utc(end_at),
                doctor_id,
                doctor_region,
                employment,
            )
        )
    return positions


def figures(
    session: Session, user: User, start: date, end: date, region: str | None, actor: Actor
) -> dict[str, Any]:
    """The figures of a period for the user's scope; recorded as an export (no client data)."""
    scoped = scope_region(user, region)
    period = check_period(start, end)
    if scoped is not None and session.get(Region, scoped) is None:
        raise NotFound("unknown GGD region", type="unknown_region", loc=("query", "region"))
    result = indicators.figures(period, load_facts(session, period, scoped), scoped)
    record(session, actor, AuditAction.EXPORT, "figures", scoped, detail=f"{start}..{end}")
    session.commit()
    return result


TABLES = ("available", "in_time", "secured")


def figures_csv(result: dict[str, Any], table: str) -> str:
    """One group as CSV rows ``figure;value;suppressed`` (flattened keys, Excel-friendly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["figure", "value", "suppressed"])
    for key, cell in flatten(result[table]):
        writer.writerow([key, "" if cell["value"] is None else cell["value"], cell["suppressed"]])
    return out.getvalue()


def flatten(node: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The figure cells of a group as (dotted key, cell) rows, in publication order."""
    if "suppressed" in node and "value" in node:
        return [(prefix, node)]
    rows: list[tuple[str, dict[str, Any]]] = []
    for key, child in node.items():
        rows.extend(flatten(child, f"{prefix}.{key}" if prefix else key))
    return rows
