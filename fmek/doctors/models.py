"""Forensic doctors of a GGD region, their leave and unavailability, and the API data models."""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, ConfigDict, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime
from fmek.text import clean_name
from routing.vocabulary import Qualification

BIG_LENGTH = 11
MIN_CONTRACT_HOURS = 1.0
MAX_CONTRACT_HOURS = 60.0
# A typo such as 0202 or 20255 is refused rather than planned around (and overflowing dates).
LEAVE_FIRST_YEAR = 2000
LEAVE_LAST_YEAR = 2099
MAX_LEAVE = timedelta(days=400)


class UnavailabilityKind(StrEnum):
    LEAVE = "leave"
    UNAVAILABLE = "unavailable"


class Employment(StrEnum):
    """Employed by the GGD (the Atw binds) or hired in (inhuur, ZZP; via an agency)."""

    EMPLOYED = "employed"
    HIRED = "hired"


class EvidenceKind(StrEnum):
    COURSE = "course"
    REGISTRATION = "registration"
    OTHER = "other"


# --- tables -----------------------------------------------------------------------------


class Doctor(SQLModel, table=True):
    """A forensic doctor (forensisch arts) who can be rostered in one GGD region."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=160)
    big_number: str = Field(max_length=BIG_LENGTH, unique=True)
    region: str = Field(foreign_key="region.code", max_length=6, index=True)
    qualifications: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    contract_hours: float
    no_nights: bool = False
    preferred_weekdays: list[int] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    employment: str = Field(default=Employment.EMPLOYED.value, max_length=10)
    agency: str | None = Field(default=None, max_length=120)
    # Kwaliteitseisen: last day the BIG registration is valid (re-registration due after it).
    big_valid_until: date | None = None
    # Per qualification: {"qualification", "valid_until" (ISO date or null), "evidence_kind",
    # "evidence"}; a qualification without a record has no known end.
    qualification_records: list[dict[str, str | None]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    # When a planner or admin checked the BIG number against the BIG register; cleared when the
    # number changes. Only a doctor with a verified number signs reports (forensic_reports).
    big_verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    active: bool = True
    # Where the doctor sets out from; None means the region's centroid.
    base_lat: float | None = None
    base_lon: float | None = None
    # SHA-256 of the calendar-feed token (calendar apps cannot send a bearer header).
    feed_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Unavailability(SQLModel, table=True):
    """Leave or another period in which the doctor cannot be rostered."""

    id: int | None = Field(default=None, primary_key=True)
    doctor_id: int = Field(foreign_key="doctor.id", index=True)
    start_at: datetime = Field(sa_type=UtcDateTime)
    end_at: datetime = Field(sa_type=UtcDateTime)
    kind: str = Field(default=UnavailabilityKind.LEAVE.value, max_length=20)


# --- request models ---------------------------------------------------------------------


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


def _check_big(value: str) -> str:
    value = value.strip()
    if not (len(value) == BIG_LENGTH and value.isascii() and value.isdigit()):
        raise PydanticCustomError("invalid_big_number", "a BIG number has exactly 11 digits")
    return value


def _check_weekdays(value: list[int]) -> list[int]:
    if any(day < 0 or day > 6 for day in value):
        raise PydanticCustomError(
            "invalid_weekday", "weekdays are numbers 0 (Monday) to 6 (Sunday)"
        )
    return sorted(set(value))


def _check_name(value: str) -> str:
    value = clean_name(value)
    if not value:
        raise PydanticCustomError("blank_name", "the doctor's name is empty")
    return value


Name = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_check_name)]
Agency = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_check_name)]


class QualificationRecord(_Strict):
    """One qualification's validity and the evidence for it (a course, a registration)."""

    qualification: Qualification
    valid_until: date | None = None
    evidence_kind: EvidenceKind
    evidence: str = Field(min_length=1, max_length=200)


def check_employment(employment: Employment, agency: str | None) -> None:
    """Hired doctors come through an agency; employed doctors have none."""
    if employment == Employment.HIRED and agency is None:
        raise PydanticCustomError("agency_required", "a hired doctor needs the agency's name")
    if employment == Employment.EMPLOYED and agency is not None:
        raise PydanticCustomError("agency_not_hired", "only a hired doctor has an agency")


def check_records(qualifications: list[Qualification], records: list[QualificationRecord]) -> None:
    held = {Qualification(q) for q in qualifications}
    named = [r.qualification for r in records]
    if len(set(named)) != len(named):
        raise PydanticCustomError("duplicate_record", "one record per qualification")
    if not set(named) <= held:
        raise PydanticCustomError(
            "record_without_qualification", "a record names a qualification the doctor lacks"
        )


BigNumber = Annotated[str, Field(max_length=20), AfterValidator(_check_big)]
Weekdays = Annotated[list[int], Field(max_length=7), AfterValidator(_check_weekdays)]
Qualifications = Annotated[list[Qualification], Field(max_length=40)]
ContractHours = Annotated[float, Field(ge=MIN_CONTRACT_HOURS, le=MAX_CONTRACT_HOURS)]


class DoctorCreate(_Strict):
    name: Name
    big_number: BigNumber
    qualifications: Qualifications = Field(default_factory=list)
    contract_hours: ContractHours
    no_nights: bool = False
    preferred_weekdays: Weekdays = Field(default_factory=list)
    user_id: int | None = None
    base_lat: float | None = Field(default=None, ge=-90, le=90)
    base_lon: float | None = Field(default=None, ge=-180, le=180)
    employment: Employment = Employment.EMPLOYED
    agency: Agency | None = None
    big_valid_until: date | None = None
    qualification_records: list[QualificationRecord] = Field(default_factory=list, max_length=40)

    @model_validator(mode="after")
    def _consistent(self) -> "DoctorCreate":
        check_employment(self.employment, self.agency)
        check_records(self.qualifications, self.qualification_records)
        return self


class DoctorUpdate(_Strict):
    """Only the fields sent change (PATCH)."""

    name: Name | None = None
    big_number: BigNumber | None = None
    qualifications: Qualifications | None = None
    contract_hours: ContractHours | None = None
    no_nights: bool | None = None
    preferred_weekdays: Weekdays | None = None
    user_id: int | None = None
    active: bool | None = None
    base_lat: float | None = Field(default=None, ge=-90, le=90)
    base_lon: float | None = Field(default=None, ge=-180, le=180)
    employment: Employment | None = None
    agency: Agency | None = None
    big_valid_until: date | None = None
    qualification_records: list[QualificationRecord] | None = Field(default=None, max_length=40)


class UnavailabilityCreate(_Strict):
    start_at: AwareDatetime
    end_at: AwareDatetime
    kind: UnavailabilityKind = UnavailabilityKind.LEAVE

    @model_validator(mode="after")
    def _end_after_start(self) -> "UnavailabilityCreate":
        if self.end_at <= self.start_at:
            raise PydanticCustomError("end_before_start", "the end must be after the start")
        if not (self.start_at.year >= LEAVE_FIRST_YEAR and self.end_at.year <= LEAVE_LAST_YEAR):
            raise PydanticCustomError(
                "implausible_year",
                f"leave lies between {LEAVE_FIRST_YEAR} and {LEAVE_LAST_YEAR}",
            )
        if self.end_at - self.start_at > MAX_LEAVE:
            raise PydanticCustomError("too_long", "one period of leave is at most 400 days")
        return self


# --- response models --------------------------------------------------------------------


class UnavailabilityPublic(SQLModel):
    id: int
    start_at: datetime
    end_at: datetime
    kind: UnavailabilityKind


class DoctorPublic(SQLModel):
    id: int
    name: str
    big_number: str
    region: str
    qualifications: list[Qualification]
    contract_hours: float
    no_nights: bool
    preferred_weekdays: list[int]
    user_id: int | None
    big_verified_at: datetime | None = None
    active: bool
    base_lat: float | None
    base_lon: float | None
    employment: Employment
    agency: str | None
    big_valid_until: date | None
    qualification_records: list[QualificationRecord]
    unavailability: list[UnavailabilityPublic] = Field(default_factory=list)


class ExpiryOut(SQLModel):
    """A BIG registration or qualification that lapses (or lapsed) within the notice period."""

    doctor: int
    name: str
    item: str  # "big" or a qualification code
    valid_until: date
    days_left: int  # negative: lapsed that many days ago


class DoctorQualificationsOut(SQLModel):
    id: int
    name: str
    employment: Employment
    agency: str | None
    big_number: str
    big_valid_until: date | None
    qualifications: list[Qualification]
    qualification_records: list[QualificationRecord]


class RegionQualificationsOut(SQLModel):
    region: str
    as_of: date
    notice_days: int
    expiring: list[ExpiryOut]
    doctors: list[DoctorQualificationsOut]


class FeedLink(SQLModel):
    """A subscribable calendar URL; the token in it is shown only this once."""

    url: str
    token: str
