"""Read the facts of a period from the database and hand them to ``reports.figures``.

Only what the figures need is read: times, regions, urgencies and task kinds. No name, birth
date, BSN, free text or id leaves this module, so the figures can go to a role that never sees
client data (``beleid``).
"""

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import String, cast, func, type_coerce
from sqlmodel import Session, col, select

from fmek.advice.models import AdviceRequest
from fmek.allocation.escalation import RULE as ESCALATION_RULE
from fmek.allocation.models import Assignment, AssignmentStatus, Examination, ExaminationStatus
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.doctors.models import Doctor
from fmek.errors import NotFound, PermissionDenied, ValidationFailed
from fmek.reference.models import Region
from fmek.reference.service import children_0_17
from fmek.referrals.models import Referral, RoutingDecision
from fmek.rosters.models import CoveragePoolRow, RosterEntry, RosterWeek
from fmek.settings import get_settings
from reports import figures as indicators
from reports.figures import (
    AdviceFact,
    DoctorFact,
    ExaminationFact,
    Facts,
    Period,
    PositionFact,
    ReferralFact,
    WeekFact,
)

READERS = frozenset({Role.BELEID, Role.GGD_PLANNER})
MAX_DAYS = 4 * 366  # two years and a bit: a trend over four half-years
STARTED = [AssignmentStatus.STARTED.value, AssignmentStatus.COMPLETED.value]
STARTED_EXAMINATIONS = frozenset(
    {ExaminationStatus.STARTED.value, ExaminationStatus.COMPLETED.value}
)


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
    """The facts of the period: referrals, examinations and advices of every region (small
    counts are suppressed over the whole grid, so the other regions are needed even when one
    is asked), positions overlapping the period, doctors, planned weeks, population."""
    if session.get_bind().dialect.name == "postgresql":
        # timestamps then arrive in UTC itself: converting thousands from the server's zone
        # costs more than the rest of the read (only for this transaction)
        session.connection().exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
    start, end = period.start_at, period.end_at
    in_period = (col(Referral.submitted_at) >= start, col(Referral.submitted_at) < end)
    escalated = _availability_escalated(session, in_period)
    referrals = [
        ReferralFact(
            at,
            reg,
            urgency,
            frozenset(filter(None, kinds.split(","))),
            referral_id in escalated,
        )
        for referral_id, at, reg, urgency, kinds in session.exec(
            select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
                Referral.id,
                Referral.submitted_at,
                Referral.ggd_region,
                Referral.urgency,
                Referral.task_kinds,
            ).where(*in_period)
        ).all()
    ]
    started = (
        select(Assignment.examination_id, func.min(Assignment.start_at).label("planned_at"))
        .where(col(Assignment.status).in_(STARTED))
        .group_by(col(Assignment.examination_id))
        .subquery()
    )
    examinations = [
        ExaminationFact(
            at,
            reg,
            _urgency(priority, urgency),
            deadline,
            _started(status, started_at, planned_at),
            status,
            planned_at,
        )
        for at, reg, priority, urgency, deadline, started_at, planned_at, status in session.exec(
            select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
                Referral.submitted_at,
                Examination.region,
                Examination.priority,
                Referral.urgency,
                Examination.deadline_at,
                Examination.started_at,
                started.c.planned_at,
                Examination.status,
            )
            .join(Referral, col(Referral.id) == col(Examination.referral_id))
            .outerjoin(started, started.c.examination_id == col(Examination.id))
            .where(*in_period)
        ).all()
    ]
    advices = [
        AdviceFact(
            at,
            reg,
            answered,
            released,
        )
        for at, reg, answered, released in session.exec(
            select(
                AdviceRequest.submitted_at,
                AdviceRequest.ggd_region,
                AdviceRequest.answered_at,
                AdviceRequest.released_at,
            ).where(col(AdviceRequest.submitted_at) >= start, col(AdviceRequest.submitted_at) < end)
        ).all()
    ]
    doctors = _doctors(session)
    return Facts(
        referrals,
        examinations,
        advices,
        _positions(session, period, region, doctors),
        [fact for fact, _row in doctors.values()],
        _weeks(session),
        children_0_17(),
        utcnow(),
    )


def _started(
    status: str, started_at: datetime | None, planned_at: datetime | None
) -> datetime | None:
    """The real start; for an examination started before it was recorded, its planned start."""
    if started_at is not None:
        return started_at
    if status in STARTED_EXAMINATIONS and planned_at is not None:
        return planned_at
    return None


def _availability_escalated(session: Session, in_period: tuple[Any, ...]) -> set[str]:
    """Referrals of the period with a decision carrying the rule AVAILABILITY (only later
    decisions can: the first is triage's), whether or not an examination row exists."""
    rows = session.exec(
        select(RoutingDecision.referral_id, RoutingDecision.rules)
        .join(Referral, col(Referral.id) == col(RoutingDecision.referral_id))
        .where(*in_period, col(RoutingDecision.version) > 1)
    ).all()
    return {rid for rid, rules in rows if any(r.get("id") == ESCALATION_RULE for r in rules)}


def _urgency(priority: int, referral_urgency: str) -> str:
    """The urgency of the examination task (its priority), else the referral's."""
    by_priority = {p: u for u, p in get_settings().priority_by_urgency.items()}
    return by_priority.get(priority, referral_urgency)


@dataclass(frozen=True)
class _Validity:
    """What a doctor may do on a day: qualifications with their last valid day (None: no
    end) and the BIG registration's last day (as ``fmek.doctors.service.valid_qualifications``)."""

    until: dict[str, date | None]
    big_until: date | None

    @cached_property
    def first_end(self) -> date | None:
        """The earliest last valid day of any qualification or the BIG registration."""
        ends = [d for d in (*self.until.values(), self.big_until) if d is not None]
        return min(ends, default=None)

    def holds(self, required: Iterable[str], day: date) -> bool:
        if self.big_until is not None and self.big_until < day:
            return False
        for qualification in required:
            if qualification not in self.until:
                return False
            last = self.until[qualification]
            if last is not None and last < day:
                return False
        return True


def _doctors(session: Session) -> dict[int, tuple[DoctorFact, _Validity]]:
    """Active doctors as facts, with what they may do by day (read as plain columns: the
    figures read every doctor, and ORM objects cost more than the figures)."""
    out: dict[int, tuple[DoctorFact, _Validity]] = {}
    rows = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
            Doctor.id,
            Doctor.region,
            Doctor.contract_hours,
            Doctor.qualifications,
            Doctor.qualification_records,
            Doctor.big_valid_until,
        ).where(col(Doctor.active))
    ).all()
    for doctor_id, region, hours, qualifications, records, big_until in rows:
        ends = {
            str(r["qualification"]): date.fromisoformat(str(r["valid_until"]))
            for r in records
            if r.get("valid_until")
        }
        until: dict[str, date | None] = {q: ends.get(q) for q in qualifications}
        expiries = [(q, last) for q, last in until.items() if last is not None]
        if big_until is not None:
            expiries.append(("big", big_until))
        out[doctor_id] = (
            DoctorFact(region, hours, tuple(expiries)),
            _Validity(until, big_until),
        )
    return out


def _weeks(session: Session) -> list[WeekFact]:
    return [
        WeekFact(reg, monday, planned_at)
        for reg, monday, planned_at in session.exec(
            select(col(RosterWeek.region), col(RosterWeek.monday), col(RosterWeek.planned_at))
        ).all()
    ]


def _positions(
    session: Session,
    period: Period,
    region: str | None,
    doctors: dict[int, tuple[DoctorFact, _Validity]],
) -> list[PositionFact]:
    pools = {
        code: frozenset(regions)
        for code, regions in session.exec(
            select(CoveragePoolRow.code, CoveragePoolRow.regions)
        ).all()
    }
    if region is not None:
        wanted = [region, *(code for code, regions in pools.items() if region in regions)]
        own: tuple[Any, ...] = (col(RosterEntry.pool).in_(wanted),)
    else:
        own = ()
    every = {
        doctor_id: (reg, employment)
        for doctor_id, reg, employment in session.exec(
            select(Doctor.id, Doctor.region, Doctor.employment)
        ).all()
    }
    query = select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
        RosterEntry.pool,
        # as stored: SQLite's text is parsed by fromisoformat, much faster for many rows
        type_coerce(RosterEntry.start_at, String),
        type_coerce(RosterEntry.end_at, String),
        RosterEntry.doctor_id,
        RosterEntry.role,
        RosterEntry.template,
        # as text (no JSON parsing per row): a few distinct lists, parsed once each
        cast(RosterEntry.required_qualifications, String),
    ).where(
        col(RosterEntry.start_at) < period.end_at,
        col(RosterEntry.end_at) > period.start_at,
        *own,
    )
    rows = session.connection().execute(query).all()  # plain rows: thousands of them
    qualified = _Qualified(doctors, period)
    positions = []
    for pool, start_at, end_at, doctor_id, role, template, required in rows:
        start = _instant(start_at)
        doctor_region, employment = every.get(doctor_id, (None, None))
        positions.append(
            PositionFact(
                pools.get(pool) or frozenset({pool}),
                start,
                _instant(end_at),
                doctor_id,
                doctor_region,
                employment,
                role,
                f"{pool}|{template}|{start_at}",
                doctor_id is not None and qualified(doctor_id, required, start),
            )
        )
    return positions


class _Qualified:
    """Whether a doctor held a position's qualifications on its day, cheaply for many rows:
    a doctor none of whose validities ends within the period is judged once per list."""

    def __init__(self, doctors: dict[int, tuple[DoctorFact, _Validity]], period: Period) -> None:
        self.doctors = doctors
        self.last_day = period.end
        self.lists: dict[str, tuple[str, ...]] = {}
        self.static: dict[tuple[int, str], bool] = {}

    def __call__(self, doctor_id: int, text: str, start: datetime) -> bool:
        if doctor_id not in self.doctors:
            return False
        if text not in self.lists:
            self.lists[text] = tuple(json.loads(text))
        validity = self.doctors[doctor_id][1]
        if validity.first_end is not None and validity.first_end < self.last_day:
            return validity.holds(self.lists[text], start.astimezone(AMSTERDAM).date())
        key = (doctor_id, text)
        if key not in self.static:
            self.static[key] = validity.holds(self.lists[text], self.last_day)
        return self.static[key]


def _instant(value: str | datetime) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite gives text, PostgreSQL a datetime)."""
    if isinstance(value, str):
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return as_utc(value)


def figures(
    session: Session,
    user: User,
    start: date,
    end: date,
    region: str | None,
    actor: Actor,
    *,
    trend: int = 0,
) -> dict[str, Any]:
    """The figures of a period for the user's scope, with ``trend`` half-years up to the one
    the period ends in; recorded as an export (no client data)."""
    scoped = scope_region(user, region)
    period = check_period(start, end)
    if scoped is not None and session.get(Region, scoped) is None:
        raise NotFound("unknown GGD region", type="unknown_region", loc=("query", "region"))
    loaded = period
    if trend:
        first = indicators.half_years_up_to(end, trend)[0]
        loaded = Period(min(start, first.start), max(end, indicators.half_year(end).end))
    facts = load_facts(session, loaded, scoped)
    result = indicators.figures(period, facts, scoped, trend=trend)
    record(session, actor, AuditAction.EXPORT, "figures", scoped, detail=f"{start}..{end}")
    session.commit()
    return result


TABLES = ("available", "in_time", "secured")


def figures_csv(result: dict[str, Any], table: str) -> str:
    """One group as CSV rows ``figure,value,suppressed,label,unit`` (flattened keys; the Dutch
    label and unit after the first three columns, which stay as they were)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["figure", "value", "suppressed", "label", "unit"])
    for key, cell in flatten(result[table]):
        value = "" if cell["value"] is None else cell["value"]
        writer.writerow(
            [key, value, cell["suppressed"], cell.get("label", ""), cell.get("unit", "")]
        )
    return out.getvalue()


flatten = indicators.cells
"""The figure cells of a group as (dotted key, cell) rows, in publication order."""
