"""Examinations to plan, doctors' assignments, plan runs and the notices a doctor sees.

An examination is the GGD side of a referral (one per referral). Its assignments are the plan's
proposals and the doctor's answers; a replaced proposal is kept as ``withdrawn`` so that the
doctor's timeline stays readable. ``version`` on the examination is bumped by every change, so
a planning run can see at write time that what it read is still current.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime, enum_text


class ExaminationStatus(StrEnum):
    PENDING = "pending"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    STARTED = "started"
    COMPLETED = "completed"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"


class AssignmentStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    STARTED = "started"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"  # replaced by a newer plan; kept for the doctor's timeline


LIVE = frozenset({AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED, AssignmentStatus.STARTED})
LIVE_VALUES = sorted(s.value for s in LIVE)
PINNED_VALUES = sorted((AssignmentStatus.ACCEPTED.value, AssignmentStatus.STARTED.value))
OPEN_EXAMINATION_VALUES = sorted(
    (ExaminationStatus.PENDING.value, ExaminationStatus.ASSIGNED.value)
)


class NoticeKind(StrEnum):
    ASSIGNED = "assigned"
    MOVED = "moved"
    REMOVED = "removed"


class PlanRunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"


# --- tables -----------------------------------------------------------------------------


class Examination(SQLModel, table=True):
    """What a forensic doctor has to do for one referral routed to the GGD."""

    id: int | None = Field(default=None, primary_key=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, unique=True)
    region: str = Field(foreign_key="region.code", max_length=6, index=True)
    location_lat: float
    location_lon: float
    duration_min: int
    required_qualifications: list[str] = Field(sa_column=Column(JSON, nullable=False))
    priority: int
    release_at: datetime = Field(sa_type=UtcDateTime)
    deadline_at: datetime = Field(sa_type=UtcDateTime)
    status: ExaminationStatus = Field(
        default=ExaminationStatus.PENDING, sa_type=enum_text(ExaminationStatus, 12), index=True
    )
    version: int = 1
    # doctors who declined it: the planner does not propose it to them again
    declined_by: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # why nothing (or only a late start) could be planned, from the newest plan run
    explanation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    last_plan_run: int | None = None
    # when the doctor said "started" (the figures' "on time" is measured to here)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Assignment(SQLModel, table=True):
    """One doctor at one time for one examination: a proposal and what the doctor did with it."""

    id: int | None = Field(default=None, primary_key=True)
    examination_id: int = Field(foreign_key="examination.id", index=True)
    doctor_id: int = Field(foreign_key="doctor.id", index=True)
    start_at: datetime = Field(sa_type=UtcDateTime, index=True)
    end_at: datetime = Field(sa_type=UtcDateTime)
    travel_min: int = 0
    status: AssignmentStatus = Field(
        default=AssignmentStatus.PROPOSED, sa_type=enum_text(AssignmentStatus, 12), index=True
    )
    explanation: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    plan_version: int
    previous_start_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    decline_reason: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AssignmentNotice(SQLModel, table=True):
    """A change to a doctor's plan, for that doctor to read (no client content)."""

    __tablename__ = "assignment_notice"

    id: int | None = Field(default=None, primary_key=True)
    doctor_id: int = Field(foreign_key="doctor.id", index=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    kind: NoticeKind = Field(sa_type=enum_text(NoticeKind, 10))
    start_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    previous_start_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    plan_version: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PlanRun(SQLModel, table=True):
    """One read-solve-write cycle for a region over its pool of doctors; its id is the plan version."""

    __tablename__ = "plan_run"

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(max_length=6, index=True)
    pool: str = Field(max_length=200)  # the regions whose doctors were planned, comma-separated
    trigger: str = Field(max_length=20)
    status: str = Field(default=PlanRunStatus.RUNNING.value, max_length=10)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = 0
    examinations: int = 0
    assigned: int = 0
    moved: int = 0
    escalated: int = 0
    solver_status: str | None = Field(default=None, max_length=40)
    error: str | None = Field(default=None, max_length=200)


# --- request models ---------------------------------------------------------------------


class Decline(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict

    reason: str = Field(min_length=1, max_length=2000)


# --- response models --------------------------------------------------------------------


class ExaminationPublic(SQLModel):
    id: int
    referral_id: str
    region: str
    location_lat: float
    location_lon: float
    duration_min: int
    required_qualifications: list[str]
    priority: int
    release_at: datetime
    deadline_at: datetime
    status: ExaminationStatus
    explanation: dict[str, Any] | None = None
    started_at: datetime | None = None


class AssignmentPublic(SQLModel):
    id: int
    examination: ExaminationPublic
    doctor_id: int
    start_at: datetime
    end_at: datetime
    travel_min: int
    status: AssignmentStatus
    plan_version: int
    changed_at: datetime
    previous_start_at: datetime | None
    explanation: dict[str, Any]


class NoticePublic(SQLModel):
    id: int
    assignment_id: int
    kind: NoticeKind
    start_at: datetime | None
    previous_start_at: datetime | None
    plan_version: int | None
    created_at: datetime


class PlanRunPublic(SQLModel):
    id: int
    region: str
    pool: list[str]
    trigger: str
    status: PlanRunStatus
    started_at: datetime
    finished_at: datetime | None
    examinations: int
    assigned: int
    moved: int
    escalated: int


class WaitingReferral(SQLModel):
    """A routed GGD referral whose examination a planning job has not made yet (seconds)."""

    referral_id: str
    urgency: str
    submitted_at: datetime


class RegionPlan(SQLModel):
    """The plan of a region for its planners: live assignments and what could not be planned."""

    region: str
    plan_version: int | None
    assignments: list[AssignmentPublic]
    unplanned: list[ExaminationPublic]
    waiting: list[WaitingReferral] = Field(
        default_factory=list,
        description="Routed GGD referrals not yet taken up by a planning run (pending).",
    )
