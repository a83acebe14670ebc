"""Referral table, its routing decisions, and the request/response data models."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime, enum_text
from fmek.keys.keyring import keyring
from fmek.keys.types import EncryptedDate, EncryptedText
from fmek.referrals.lifecycle import ReferralStatus
from fmek.text import clean_name
from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    Sex,
    Side,
    TaskKind,
    Urgency,
)

from .bsn import is_valid_bsn

UNKNOWN: Literal["unknown"] = "unknown"
"""The explicit answer "not known" for the time of the last contact."""

# --- tables -----------------------------------------------------------------------------


class Referral(SQLModel, table=True):
    """A referral; the child's identity lives only here and is never logged."""

    __table_args__ = (UniqueConstraint("submitted_by", "idempotency_key"),)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), primary_key=True, max_length=36)
    status: ReferralStatus = Field(
        default=ReferralStatus.SUBMITTED, sa_type=enum_text(ReferralStatus, 20), index=True
    )
    version: int = Field(default=1)
    organisation_code: str = Field(foreign_key="organisation.code", max_length=40, index=True)
    submitted_by: int = Field(foreign_key="user.id")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    idempotency_key: str | None = Field(default=None, max_length=200)
    request_hash: str = Field(max_length=64)

    # identifying data: encrypted at rest (fmek.keys); BSN found by its keyed hash only
    child_name: str = Field(sa_column=Column(EncryptedText("referral.child_name"), nullable=False))
    child_birth_date: date = Field(
        sa_column=Column(EncryptedDate("referral.child_birth_date"), nullable=False)
    )
    child_sex: Sex = Field(sa_type=enum_text(Sex, 10))
    child_bsn: str | None = Field(
        default=None, sa_column=Column(EncryptedText("referral.child_bsn"), nullable=True)
    )
    child_bsn_index: str | None = Field(default=None, max_length=64, index=True)
    child_mobility: Mobility | None = Field(default=None, sa_type=enum_text(Mobility, 20))
    age_months: int

    ggd_region: str = Field(foreign_key="region.code", max_length=6, index=True)
    location_lat: float | None = None
    location_lon: float | None = None
    concerns: list[str] = Field(sa_column=Column(JSON, nullable=False))
    injuries: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    last_incident_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # the requester stated "unknown" (None above alone: not given, as before handelingskader v2)
    last_incident_unknown: bool = Field(default=False)
    questions: list[str] = Field(sa_column=Column(JSON, nullable=False))
    # free text that may name the child or others: encrypted at rest too
    vraagstelling: str = Field(
        sa_column=Column(EncryptedText("referral.vraagstelling"), nullable=False)
    )

    # the current routing decision, denormalised for filters
    destination: str = Field(max_length=10, index=True)
    urgency: str = Field(max_length=10, index=True)
    deadline_at: datetime = Field(sa_type=UtcDateTime)
    decision_version: int = Field(default=1)
    # the task kinds of the current decision, comma-separated in TaskKind order: who has work
    task_kinds: str = Field(default="", max_length=100)


class RoutingDecision(SQLModel, table=True):
    """Every decision ever made for a referral; a new one never rewrites an old one."""

    __tablename__ = "routing_decision"
    __table_args__ = (UniqueConstraint("referral_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, index=True)
    version: int
    destination: str = Field(max_length=10)
    urgency: str = Field(max_length=10)
    deadline_at: datetime = Field(sa_type=UtcDateTime)
    rules: list[dict[str, str]] = Field(sa_column=Column(JSON, nullable=False))
    # [{"kind", "urgency", "deadline" (ISO 8601, UTC), "rules": [rule ids]}]
    tasks: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    ruleset_version: str = Field(max_length=40)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    reason: str | None = None


# --- request models ---------------------------------------------------------------------


def _plausible_year(value: datetime) -> datetime:
    """Reject timestamps outside 1900-2999: typing errors, and values that overflow on conversion."""
    if not 1900 <= value.year <= 2999:
        raise PydanticCustomError(
            "implausible_timestamp",
            "this time is not plausible (year {year})",
            {"year": value.year},
        )
    return value


Timestamp = Annotated[AwareDatetime, AfterValidator(_plausible_year)]
"""An ISO 8601 timestamp that must carry a UTC offset (a time without one is ambiguous)."""

_TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(Timestamp)


def _timestamp_or_unknown(value: object, _handler: ValidatorFunctionWrapHandler) -> object:
    """One clear error instead of one per union member ("not a datetime", "not 'unknown'")."""
    if value is None or value == UNKNOWN:
        return value
    try:
        return _TIMESTAMP.validate_python(value)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        raise PydanticCustomError(first["type"], first["msg"]) from None


TimestampOrUnknown = Annotated[
    Timestamp | Literal["unknown"] | None, WrapValidator(_timestamp_or_unknown)
]
"""A timestamp with offset, or the explicit "unknown"."""


# A list of choices from a vocabulary: duplicates are folded, so more entries than this is noise.
MAX_CHOICES = 40


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


class ChildIn(_Strict):
    name: str = Field(min_length=1, max_length=200)
    birth_date: date
    sex: Sex
    bsn: str | None = Field(default=None, max_length=20)
    mobility: Mobility | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        value = clean_name(value)
        if not value:
            raise PydanticCustomError("blank_name", "the child's name is empty")
        return value

    @field_validator("bsn")
    @classmethod
    def _bsn_valid(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not (len(value) == 9 and value.isascii() and value.isdigit()):
            raise PydanticCustomError("invalid_bsn", "a BSN has exactly 9 digits")
        if value == "000000000":
            raise PydanticCustomError("invalid_bsn", "000000000 is not a BSN")
        if not is_valid_bsn(value):
            raise PydanticCustomError(
                "invalid_bsn", "this BSN fails the elfproef (check digit); please check the number"
            )
        return value


class LocationIn(_Strict):
    lat: float = Field(ge=50.6, le=53.7)
    lon: float = Field(ge=3.2, le=7.3)


class InjuryIn(_Strict):
    kind: InjuryKind
    body_region: BodyRegion
    side: Side | None = None
    observed_at: Timestamp | None = None
    patterned: bool = False


class CaseFacts(_Strict):
    """What triage needs besides the child's age: shared by referrals and what-if triage."""

    concerns: list[Concern] = Field(min_length=1, max_length=MAX_CHOICES)
    injuries: list[InjuryIn] = Field(default_factory=list, max_length=100)
    last_incident_at: TimestampOrUnknown = None
    questions: list[Question] = Field(default_factory=list, max_length=MAX_CHOICES)

    @field_validator("concerns", "questions")
    @classmethod
    def _unique(cls, values: list[Any]) -> list[Any]:
        return list(dict.fromkeys(values))


class ReferralCreate(CaseFacts):
    child: ChildIn
    ggd_region: str = Field(min_length=1, max_length=20)
    location: LocationIn | None = None
    vraagstelling: str = Field(min_length=1, max_length=10_000)

    @field_validator("vraagstelling")
    @classmethod
    def _vraagstelling_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError(
                "blank_vraagstelling",
                "the vraagstelling (question to the forensic doctor) is empty",
            )
        return value


class TriageRequest(CaseFacts):
    age_months: int = Field(ge=0, le=215)
    mobility: Mobility | None = None


class StatusChange(_Strict):
    to: ReferralStatus
    reason: str | None = Field(default=None, max_length=2000)


# --- response models --------------------------------------------------------------------


class RuleHitPublic(SQLModel):
    id: str
    description: str


class TaskPublic(SQLModel):
    """One task of a decision; `description` and `instruction` say it in Dutch (what happens,
    and for acute_zeden what the vertrouwensarts must do now)."""

    kind: TaskKind
    urgency: Urgency
    deadline: datetime
    rules: list[str]
    description: str
    instruction: str


class RoutingPublic(SQLModel):
    """`tasks` is the decision; `destination` is the lead organisation (the GGD when a GGD
    forensic doctor examines, else LECK), `urgency` the most urgent task, `deadline` the
    earliest task deadline."""

    destination: Destination
    urgency: Urgency
    deadline: datetime
    rules: list[RuleHitPublic]
    tasks: list[TaskPublic]
    ruleset_version: str
    version: int | None = None
    decided_at: datetime | None = None
    reason: str | None = None


class ChildPublic(SQLModel):
    """Name, birth date and BSN are null with ``identity_withheld`` for readers who plan but do
    not examine: planners, and forensisch artsen without an assignment for this child."""

    name: str | None
    birth_date: date | None
    sex: Sex
    bsn: str | None
    mobility: Mobility | None
    age_months: int
    identity_withheld: bool = False


class LocationPublic(SQLModel):
    lat: float
    lon: float


class InjuryPublic(SQLModel):
    kind: InjuryKind
    body_region: BodyRegion
    side: Side | None = None
    observed_at: datetime | None = None
    patterned: bool = False


class ReferralPublic(SQLModel):
    id: str
    status: ReferralStatus
    version: int
    organisation: str
    submitted_at: datetime
    updated_at: datetime
    child: ChildPublic
    ggd_region: str
    location: LocationPublic | None
    concerns: list[Concern]
    injuries: list[InjuryPublic]
    last_incident_at: datetime | Literal["unknown"] | None
    questions: list[Question]
    vraagstelling: str | None = Field(
        description="the referrer's own words; withheld (null) with the child's identity"
    )
    routing: RoutingPublic
    planning: Literal["pending", "planned", "escalated"] | None = Field(
        default=None,
        description="GGD examination planning: pending until a worker planned it (seconds), "
        "then planned, or escalated when no doctor can be there in time; null when not planned "
        "by FMEK.",
    )


class ReferralPage(SQLModel):
    items: list[ReferralPublic]
    total: int
    limit: int
    offset: int


@event.listens_for(Referral, "before_insert")
@event.listens_for(Referral, "before_update")
def _index_bsn(_mapper: object, _connection: object, target: Referral) -> None:
    """Keep the keyed hash of the BSN with the row: search compares hashes, never plaintext."""
    target.child_bsn_index = keyring().blind_index(target.child_bsn) if target.child_bsn else None


class BsnSearch(_Strict):
    """A BSN travels in a body, never in a URL (URLs end up in logs and browser history)."""

    bsn: str = Field(min_length=1, max_length=20)

    @field_validator("bsn")
    @classmethod
    def _bsn_valid(cls, value: str) -> str:
        valid = ChildIn._bsn_valid(value)
        assert valid is not None
        return valid


class ReferralStatusChange(SQLModel, table=True):
    """One step of a referral's lifecycle, with the reason the user gave (kept, never logged)."""

    __tablename__ = "referral_status_change"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, index=True)
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    reason: str | None = Field(
        default=None,
        sa_column=Column(EncryptedText("referral_status_change.reason"), nullable=True),
    )
    user_id: int | None = Field(default=None, foreign_key="user.id")
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class StatusChangePublic(SQLModel):
    from_status: ReferralStatus
    to_status: ReferralStatus
    reason: str | None = Field(description="withheld (null) with the child's identity")
    user_id: int | None
    changed_at: datetime
