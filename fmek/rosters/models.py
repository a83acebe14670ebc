"""Roster tables (shift templates, coverage pools, entries, generation jobs) and API models."""

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, Time, UniqueConstraint
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime
from routing.vocabulary import Qualification

Kind = Literal["day", "night", "on_call"]
Role = Literal["primary", "backup"]
AppliesOn = Literal["weekday", "weekend_holiday", "all"]


class EntrySource(StrEnum):
    GENERATED = "generated"
    MANUAL = "manual"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


# --- tables -----------------------------------------------------------------------------


class ShiftTemplateRow(SQLModel, table=True):
    """A region's recurring shift; none stored means the library's default templates."""

    __tablename__ = "shift_template"
    __table_args__ = (UniqueConstraint("region", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", max_length=6, index=True)
    name: str = Field(max_length=40)
    kind: str = Field(max_length=10)
    start_time: time = Field(sa_type=Time())
    end_time: time = Field(sa_type=Time())
    applies_on: str = Field(max_length=20)
    primary_qualifications: list[str] = Field(sa_column=Column(JSON, nullable=False))
    backup_qualifications: list[str] = Field(sa_column=Column(JSON, nullable=False))


class CoveragePoolRow(SQLModel, table=True):
    """Neighbouring regions sharing one line for the named templates (e.g. the consignatie)."""

    __tablename__ = "coverage_pool"

    code: str = Field(primary_key=True, max_length=20)
    name: str = Field(max_length=120)
    regions: list[str] = Field(sa_column=Column(JSON, nullable=False))
    shared_templates: list[str] = Field(sa_column=Column(JSON, nullable=False))


class RosterEntry(SQLModel, table=True):
    """One position of the roster (a role in one shift of a region or pool) and who fills it."""

    __tablename__ = "roster_entry"

    id: int | None = Field(default=None, primary_key=True)
    position_id: str = Field(max_length=80, unique=True)
    pool: str = Field(max_length=20, index=True)  # region code or coverage-pool code
    start_at: datetime = Field(sa_type=UtcDateTime, index=True)
    end_at: datetime = Field(sa_type=UtcDateTime)
    kind: str = Field(max_length=10)
    role: str = Field(max_length=10)
    template: str = Field(default="", max_length=40)
    required_qualifications: list[str] = Field(sa_column=Column(JSON, nullable=False))
    doctor_id: int | None = Field(default=None, foreign_key="doctor.id", index=True)
    pinned: bool = False
    source: str = Field(default=EntrySource.GENERATED.value, max_length=10)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class WeekStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class RosterWeek(SQLModel, table=True):
    """One ISO week of a region's roster: planned (draft) by the rolling extension or a
    planner, published by a planner. The extension never changes a week that has a row."""

    __tablename__ = "roster_week"
    __table_args__ = (UniqueConstraint("region", "monday"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", max_length=6, index=True)
    monday: date
    status: str = Field(default=WeekStatus.DRAFT.value, max_length=10)
    gaps: int = 0  # unfilled positions of the region when the week was planned
    planned_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    published_by: int | None = Field(default=None, foreign_key="user.id")


class RosterJob(SQLModel, table=True):
    """A background roster generation: status, progress and a summary of the result."""

    __tablename__ = "roster_job"

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    region: str = Field(max_length=6, index=True)  # as requested
    regions: list[str] = Field(sa_column=Column(JSON, nullable=False))  # solved together
    from_date: date
    to_date: date
    time_limit_s: float
    status: str = Field(default=JobStatus.QUEUED.value, max_length=10)
    progress: float = 0.0
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = Field(default=None, max_length=500)


# --- request models ---------------------------------------------------------------------


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


MAX_RANGE_DAYS = 62


class JobCreate(_Strict):
    from_: date = Field(alias="from")
    to: date
    time_limit_s: float = Field(default=30.0, gt=0, le=600)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _range(self) -> "JobCreate":
        check_range(self.from_, self.to)
        return self


def check_range(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError("end_before_start", "'to' must not be before 'from'")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise PydanticCustomError(
            "range_too_long", f"a roster range is at most {MAX_RANGE_DAYS} days"
        )


class AssignmentChange(_Strict):
    """Put a doctor (or nobody) in one position; pinned entries survive regeneration."""

    position_id: str = Field(min_length=1, max_length=80)
    doctor: int | None
    pinned: bool = True


class Unpin(_Strict):
    position_id: str = Field(min_length=1, max_length=80)


class TemplateIn(_Strict):
    name: str = Field(min_length=1, max_length=40)
    kind: Kind
    start: time
    end: time
    applies_on: AppliesOn
    primary_qualifications: list[Qualification] = Field(
        default_factory=lambda: [Qualification.CHILD_FORENSIC], max_length=40
    )
    backup_qualifications: list[Qualification] = Field(default_factory=list, max_length=40)


# --- response models --------------------------------------------------------------------


class PositionOut(SQLModel):
    id: str
    start: datetime
    end: datetime
    kind: Kind
    role: Role
    doctor: int | None
    pinned: bool
    qualified: bool
    pool: str
    template: str
    required_qualifications: list[str]


class RosterDoctorOut(SQLModel):
    id: int
    name: str
    qualifications: list[str]
    contract_hours: float
    region: str
    employment: Literal["employed", "hired"] = "employed"
    big_valid_until: date | None = None
    # last valid day per qualification that has one (kwaliteitseisen)
    qualifications_valid_until: dict[str, date] = Field(default_factory=dict)


class ViolationOut(SQLModel):
    rule: str
    severity: Literal["hard", "soft", "gap"]
    message: str
    position_id: str | None
    doctor: int | None


class RosterOut(SQLModel):
    region: str
    from_: date = Field(alias="from")
    to: date
    positions: list[PositionOut]
    doctors: list[RosterDoctorOut]
    violations: list[ViolationOut]

    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]  # SQLModel types it as its own dict


class AssignmentResult(SQLModel):
    position: PositionOut
    warnings: list[ViolationOut]


class JobPublic(SQLModel):
    id: str
    region: str
    regions: list[str]
    from_: date = Field(alias="from")
    to: date
    time_limit_s: float
    status: JobStatus
    progress: float
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: dict[str, Any] | None
    error: str | None

    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]  # SQLModel types it as its own dict


class DoctorFairness(SQLModel):
    id: int
    name: str
    employment: Literal["employed", "hired"] = "employed"
    contract_hours: float
    availability: float
    positions: int
    nights: int
    weekends: int
    on_call_days: int
    hours: float
    fair_hours: float


class FairnessOut(SQLModel):
    region: str
    from_: date = Field(alias="from")
    to: date
    doctors: list[DoctorFairness]
    night_spread: float
    weekend_spread: float
    on_call_spread: float
    night_deviation: float
    hours_deviation: float

    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]  # SQLModel types it as its own dict


class RegionCoverage(SQLModel):
    code: str
    name: str
    hours: float
    covered_hours: float
    share: float
    gaps: int
    # The rolling roster: planned through this date; gaps the extension left in weeks ahead.
    planned_until: date | None = None
    open_gaps: int = 0


class CoverageOut(SQLModel):
    from_: date = Field(alias="from")
    to: date
    regions: list[RegionCoverage]

    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]  # SQLModel types it as its own dict


class TemplatePublic(TemplateIn):
    model_config = ConfigDict(extra="ignore")  # type: ignore[assignment]  # SQLModel types it as its own dict


class PoolIn(_Strict):
    name: str = Field(min_length=1, max_length=120)
    regions: list[Annotated[str, Field(max_length=6)]] = Field(min_length=2, max_length=25)
    shared_templates: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=lambda: ["consignatie"], min_length=1, max_length=40
    )


class PoolPublic(SQLModel):
    code: str
    name: str
    regions: list[str]
    shared_templates: list[str]


class RosterWeekOut(SQLModel):
    region: str
    monday: date
    status: WeekStatus
    gaps: int
    planned_at: datetime
    published_at: datetime | None


class ExtensionOut(SQLModel):
    """What one rolling extension did for a group of regions solved together."""

    regions: list[str]
    weeks: list[date]  # Mondays newly planned
    positions: int
    filled: int
    gaps_by_region: dict[str, int]
    hard_violations: int
    status: str
