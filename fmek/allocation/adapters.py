"""The one place where referral, doctor, roster and plan rows become allocation inputs.

A planning run for region R moves R's open examinations (pending, or proposed and not yet
accepted) over the doctors of R and its neighbours. Everything else those doctors already hold
stays where it is: accepted or started examinations of R, and any live assignment of another
region's examination, enter the instance as ``fixed`` requests (same doctor, same start), or —
when already under way — as time cut from the doctor's shift. A doctor who declined an
examination is one of its request's `excluded_doctors`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from fmek.allocation.models import (
    LIVE_VALUES,
    OPEN_EXAMINATION_VALUES,
    Assignment,
    AssignmentPublic,
    AssignmentStatus,
    Examination,
    ExaminationPublic,
    ExaminationStatus,
    PlanRun,
    PlanRunPublic,
    PlanRunStatus,
)
from fmek.clock import AMSTERDAM, as_utc
from fmek.doctors.models import Doctor as DoctorRow
from fmek.doctors.service import doctors_in, valid_qualifications
from fmek.reference.models import Region
from fmek.reference.service import neighbours_of, police_cluster_of
from fmek.referrals.models import Referral, RoutingDecision
from fmek.rosters.coverage import shifts_for
from fmek.settings import Settings
from routing.allocation import (
    Doctor,
    Fixed,
    Instance,
    Point,
    Request,
    Shift,
    Travel,
    travel_minutes,
)
from routing.vocabulary import TaskKind

HORIZON_AFTER_DEADLINE = timedelta(days=2)
MIN_HORIZON = timedelta(days=1)

Interval = tuple[datetime, datetime]


def request_id(examination_id: int) -> str:
    return f"e{examination_id}"


def doctor_key(doctor_id: int) -> str:
    return f"d{doctor_id}"


def doctor_of_key(key: str) -> int:
    return int(key.removeprefix("d"))


def pool_regions(region: str) -> list[str]:
    """The region, its neighbours and its police-unit cluster, the region first (from the
    shipped reference data): the doctors tried before an examination escalates to LECK."""
    nearby = set(neighbours_of(region)) | set(police_cluster_of(region))
    return [region, *sorted(nearby - {region})]


def region_point(session: Session, region: str) -> Point:
    row = session.get(Region, region)
    assert row is not None
    return Point(row.lat, row.lon)


# --- examinations from referrals --------------------------------------------------------


def examination_for(
    referral: Referral, decision: RoutingDecision, centroid: Point, settings: Settings
) -> Examination:
    """The examination the `ggd_examination` task of the newest routing decision asks for:
    its rules choose duration and qualifications, its urgency the priority, its deadline the
    deadline (other tasks, e.g. a one-hour LECK advice, have clocks of their own)."""
    (task,) = [t for t in decision.tasks if t["kind"] == TaskKind.GGD_EXAMINATION.value]
    rule_ids = list(task["rules"])
    durations = [
        settings.examination_duration_by_rule[r]
        for r in rule_ids
        if r in settings.examination_duration_by_rule
    ]
    qualifications = set(settings.examination_base_qualifications)
    for rule in rule_ids:
        qualifications.update(settings.examination_qualifications_by_rule.get(rule, []))
    has_location = referral.location_lat is not None and referral.location_lon is not None
    return Examination(
        referral_id=referral.id,
        region=referral.ggd_region,
        location_lat=referral.location_lat if has_location else centroid.lat,  # type: ignore[arg-type]  # both set: has_location
        location_lon=referral.location_lon if has_location else centroid.lon,  # type: ignore[arg-type]  # both set: has_location
        duration_min=max(durations, default=settings.examination_duration_min),
        required_qualifications=sorted(qualifications),
        priority=settings.priority_by_urgency.get(task["urgency"], 1),
        release_at=referral.submitted_at,
        deadline_at=as_utc(datetime.fromisoformat(task["deadline"])),
    )


# --- the instance -----------------------------------------------------------------------


@dataclass
class Snapshot:
    """What a planning run read: the instance plus what it needs to write the plan back."""

    region: str
    pool: list[str]
    now: datetime
    instance: Instance
    movable: dict[str, Examination]  # request id -> examination
    proposals: dict[int, Assignment]  # examination id -> its current proposal (movable only)
    versions: dict[int, int]  # every examination read -> version (optimistic check)
    live_ids: set[int]  # live assignments of the pool's doctors
    doctor_ids: list[int]
    names: dict[str, str] = field(default_factory=dict)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _cut(intervals: Sequence[Interval], busy_until: datetime) -> list[Interval]:
    return [(max(s, busy_until), e) for s, e in intervals if e > busy_until]


def _point(exam: Examination) -> Point:
    return Point(exam.location_lat, exam.location_lon)


def _request(
    exam: Examination, *, fixed: Fixed | None, excluded: frozenset[str] = frozenset()
) -> Request:
    assert exam.id is not None
    release = exam.release_at
    if fixed is not None:
        release = min(release, fixed.start)
    return Request(
        id=request_id(exam.id),
        region=exam.region,
        location=_point(exam),
        release=release,
        deadline=exam.deadline_at,
        duration_min=exam.duration_min,
        required_qualifications=frozenset(exam.required_qualifications)
        if fixed is None
        else frozenset(),
        priority=exam.priority,
        fixed=fixed,
        excluded_doctors=excluded,
    )


def read_snapshot(session: Session, region: str, now: datetime, settings: Settings) -> Snapshot:
    """Read the pool's doctors, shifts and plan; no writes."""
    pool = pool_regions(region)
    travel = Travel(settings.travel_speed_kmh, settings.travel_road_factor)
    doctors: list[DoctorRow] = doctors_in(session, pool)
    doctor_ids = [d.id for d in doctors if d.id is not None]
    movable_rows = list(
        session.exec(
            select(Examination)
            .where(
                Examination.region == region,
                col(Examination.status).in_(OPEN_EXAMINATION_VALUES),
            )
            .order_by(col(Examination.id))
        )
    )
    live = list(
        session.exec(
            select(Assignment, Examination)
            .join(Examination, col(Examination.id) == Assignment.examination_id)
            .where(
                col(Assignment.doctor_id).in_(doctor_ids or [-1]),
                col(Assignment.status).in_(LIVE_VALUES),
            )
            .order_by(col(Assignment.start_at))
        )
    )
    movable_ids = {e.id for e in movable_rows}
    proposals: dict[int, Assignment] = {}
    pinned: list[tuple[Assignment, Examination]] = []
    for a, e in live:
        if e.id in movable_ids and a.status == AssignmentStatus.PROPOSED.value:
            proposals[a.examination_id] = a
        else:
            pinned.append((a, e))
    deadlines = [e.deadline_at for e in movable_rows]
    horizon = max([now + MIN_HORIZON, *(d + HORIZON_AFTER_DEADLINE for d in deadlines)])
    shifts = shifts_for(session, pool, now, horizon)
    centroids = {code: region_point(session, code) for code in pool}

    bases = {
        d.id: Point(d.base_lat, d.base_lon)
        if d.base_lat is not None and d.base_lon is not None
        else centroids[d.region]
        for d in doctors
    }
    intervals: dict[int, list[Interval]] = {
        d: _cut([(as_utc(s), as_utc(e)) for s, e in shifts.get(d, [])], now) for d in doctor_ids
    }
    fixed_requests: list[Request] = []
    for a, e in pinned:
        start, end = a.start_at, a.end_at
        if end <= now:
            continue  # over (or overdue); it no longer takes the doctor's time
        if start < now:  # under way: the doctor is busy until it ends
            intervals[a.doctor_id] = _cut(intervals[a.doctor_id], end)
            continue
        reach = timedelta(minutes=travel_minutes(bases[a.doctor_id], _point(e), travel))
        intervals[a.doctor_id] = _merge([*intervals[a.doctor_id], (start - reach, end)])
        fixed_requests.append(_request(e, fixed=Fixed(doctor_key(a.doctor_id), start)))

    requests = [
        _request(e, fixed=None, excluded=frozenset(doctor_key(d) for d in e.declined_by or ()))
        for e in movable_rows
        if e.id is not None
    ]
    model_doctors = []
    for d in doctors:
        assert d.id is not None
        # Kwaliteitseisen: only what is still valid on the last day the doctor could work here.
        last_day = max([now, *(end for _, end in intervals[d.id])]).astimezone(AMSTERDAM).date()
        model_doctors.append(
            Doctor(
                id=doctor_key(d.id),
                region=d.region,
                base=bases[d.id],
                qualifications=frozenset(valid_qualifications(d, last_day)),
                shifts=tuple(Shift(s, e) for s, e in _merge(intervals[d.id]) if e > s),
            )
        )
    instance = Instance(
        now=now,
        travel=travel,
        doctors=tuple(model_doctors),
        requests=(*requests, *fixed_requests),
    )
    versions = {e.id: e.version for e in movable_rows if e.id is not None}
    versions.update({e.id: e.version for _, e in pinned if e.id is not None})
    return Snapshot(
        region=region,
        pool=pool,
        now=now,
        instance=instance,
        movable={request_id(e.id): e for e in movable_rows if e.id is not None},
        proposals=proposals,
        versions=versions,
        live_ids={a.id for a, _ in live if a.id is not None},
        doctor_ids=doctor_ids,
        names={doctor_key(d.id): d.name for d in doctors if d.id is not None},
    )


def plan_run_public(run: PlanRun) -> PlanRunPublic:
    assert run.id is not None
    return PlanRunPublic(
        id=run.id,
        region=run.region,
        pool=run.pool.split(","),
        trigger=run.trigger,
        status=PlanRunStatus(run.status),
        started_at=run.started_at,
        finished_at=run.finished_at,
        examinations=run.examinations,
        assigned=run.assigned,
        moved=run.moved,
        escalated=run.escalated,
    )


def examination_public(exam: Examination) -> ExaminationPublic:
    assert exam.id is not None
    return ExaminationPublic(
        id=exam.id,
        referral_id=exam.referral_id,
        region=exam.region,
        location_lat=exam.location_lat,
        location_lon=exam.location_lon,
        duration_min=exam.duration_min,
        required_qualifications=exam.required_qualifications,
        priority=exam.priority,
        release_at=exam.release_at,
        deadline_at=exam.deadline_at,
        status=ExaminationStatus(exam.status),
        explanation=exam.explanation,
        started_at=exam.started_at,
    )


def assignment_public(a: Assignment, exam: Examination) -> AssignmentPublic:
    assert a.id is not None
    return AssignmentPublic(
        id=a.id,
        examination=examination_public(exam),
        doctor_id=a.doctor_id,
        start_at=a.start_at,
        end_at=a.end_at,
        travel_min=a.travel_min,
        status=AssignmentStatus(a.status),
        plan_version=a.plan_version,
        changed_at=a.changed_at,
        previous_start_at=a.previous_start_at,
        explanation=a.explanation,
    )
