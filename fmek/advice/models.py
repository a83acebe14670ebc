"""Anonymous LECK advice requests: tables and the request/response data models.

An advice request is anonymous by construction: there is no field for the child's name, birth
date, BSN or address, unknown fields are refused, and every free-text field passes the identifier
screen (``fmek.advice.identifiers``) before anything is stored. The only handle on a case is its
random case number. The child's identity appears only in the identified consult (a referral),
linked to the anonymous case solely through ``AdviceConsult``, which also holds the consent.

Long because the anonymous-advice contract is one piece: the tables and every request and response
model, whose fields and refusals are read together.
"""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, ConfigDict, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, Date, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from fmek.advice.lifecycle import AdviceStatus, Conclusion, ReviewDecision
from fmek.clock import utcnow
from fmek.column_types import UtcDateTime, enum_text
from fmek.referrals.models import (
    MAX_CHOICES,
    ChildIn,
    InjuryIn,
    InjuryPublic,
    LocationIn,
    RoutingPublic,
    TimestampOrUnknown,
)
from reports.consent import ConsentAuthority
from reports.data import AlternativeExplanation, InflictedLikelihood
from routing.vocabulary import Concern, Question, Sex

MAX_TEXT = 10_000

# --- tables -----------------------------------------------------------------------------


class AdviceRequest(SQLModel, table=True):
    """One anonymous advice case. ``requester_id`` is kept only so the requester can read their
    own case; LECK is shown the requester's name only when contact is not withheld (the name is
    then not even stored here), the organisation always."""

    __tablename__ = "advice_request"
    __table_args__ = (UniqueConstraint("requester_id", "idempotency_key"),)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), primary_key=True, max_length=36)
    case_number: str = Field(max_length=19, unique=True)
    status: AdviceStatus = Field(
        default=AdviceStatus.SUBMITTED, sa_type=enum_text(AdviceStatus, 20), index=True
    )
    version: int = Field(default=1)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)

    requester_id: int = Field(foreign_key="user.id", index=True)
    requester_organisation: str = Field(max_length=40)
    requester_name: str | None = Field(default=None, max_length=160)
    requester_contact_withheld: bool = Field(default=False)
    idempotency_key: str | None = Field(default=None, max_length=200)
    request_hash: str = Field(max_length=64)

    age_months: int
    sex: str = Field(max_length=10)
    ggd_region: str = Field(foreign_key="region.code", max_length=6)
    concerns: list[str] = Field(sa_column=Column(JSON, nullable=False))
    injuries: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    question: str
    clinical_summary: str

    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    advice: str | None = None
    conclusion: str | None = Field(default=None, max_length=40)
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")
    released_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    converted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    # the reasoned answer (letter): beoordeling, differential diagnosis, who looked, what at
    assessment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    differential_diagnosis: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    disciplines: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    material_received: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # the outcome on two axes (likelihood of inflicted injury; alternative explanation)
    inflicted: str | None = Field(default=None, max_length=30)
    alternative: str | None = Field(default=None, max_length=30)
    # the weekly team meeting is its own event, after the first (oral) advice
    team_discussed_on: date | None = Field(default=None, sa_type=Date)
    # 1 at the first release; +1 only when a released advice is revised
    letter_version: int | None = None
    # why the released advice was reopened (printed on the next letter), and when
    revision_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    revised_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class LeckConsultant(SQLModel, table=True):
    """A LECK consultant's professional identity, printed on every letter they sign."""

    __tablename__ = "leck_consultant"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    function: str = Field(max_length=40)  # LECK-kinderarts, forensisch arts, kinderradioloog
    big_number: str = Field(max_length=11, unique=True)
    big_verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    member_hospital: str = Field(max_length=160)  # the LECK member issuing the letter


class AdviceReview(SQLModel, table=True):
    """Every team review of a draft advice: released, or returned with a remark."""

    __tablename__ = "advice_review"

    id: int | None = Field(default=None, primary_key=True)
    advice_id: str = Field(foreign_key="advice_request.id", max_length=36, index=True)
    reviewer_id: int = Field(foreign_key="user.id")
    decision: str = Field(max_length=10)
    remark: str | None = None
    reviewed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AdvicePhoto(SQLModel, table=True):
    """A photo as stored: re-encoded from pixels only; the uploaded bytes are never kept."""

    __tablename__ = "advice_photo"

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), primary_key=True, max_length=36)
    advice_id: str = Field(foreign_key="advice_request.id", max_length=36, index=True)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    media_type: str = Field(max_length=20)
    width: int
    height: int
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AdviceConsult(SQLModel, table=True):
    """The only link between an anonymous case and an identified referral, with its consent."""

    __tablename__ = "advice_consult"

    id: int | None = Field(default=None, primary_key=True)
    advice_id: str = Field(foreign_key="advice_request.id", max_length=36, unique=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, unique=True)
    consent_given_by: str = Field(max_length=30)
    consent_given_by_name: str = Field(max_length=200)
    consent_given_at: datetime = Field(sa_type=UtcDateTime)
    consent_scope: str
    recorded_by: int = Field(foreign_key="user.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


# --- request models ---------------------------------------------------------------------


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


def _not_blank(value: str, field: str) -> str:
    if not value.strip():
        raise PydanticCustomError(f"blank_{field}", f"the {field.replace('_', ' ')} is empty")
    return value


class AdviceCreate(_Strict):
    """What a doctor may tell LECK about an anonymous case: no field can hold identity."""

    age_months: int = Field(ge=0, le=215)
    sex: Sex
    ggd_region: str = Field(min_length=1, max_length=20)
    concerns: list[Concern] = Field(min_length=1, max_length=MAX_CHOICES)
    injuries: list[InjuryIn] = Field(default_factory=list, max_length=100)
    question: str = Field(min_length=1, max_length=MAX_TEXT)
    clinical_summary: str = Field(min_length=1, max_length=MAX_TEXT)
    requester_contact_withheld: bool = False

    @field_validator("concerns")
    @classmethod
    def _unique(cls, values: list[Concern]) -> list[Concern]:
        return list(dict.fromkeys(values))

    @field_validator("question", "clinical_summary")
    @classmethod
    def _text_not_blank(cls, value: str, info: Any) -> str:
        return _not_blank(value, info.field_name)


MAX_LIST = 20
ListLine = Annotated[str, Field(min_length=1, max_length=200)]


class AnswerIn(_Strict):
    """A reasoned advice: the beoordeling (required) behind a two-axis outcome, the differential
    diagnosis, who looked at it and at what, and the advice itself (what to do next)."""

    advice: str = Field(min_length=1, max_length=MAX_TEXT)
    assessment: str = Field(min_length=1, max_length=MAX_TEXT, description="beoordeling")
    differential_diagnosis: str = Field(default="", max_length=MAX_TEXT)
    disciplines: list[ListLine] = Field(default_factory=list, max_length=MAX_LIST)
    material_received: list[ListLine] = Field(min_length=1, max_length=MAX_LIST)
    inflicted: InflictedLikelihood
    alternative: AlternativeExplanation

    @field_validator("advice", "assessment")
    @classmethod
    def _text_not_blank(cls, value: str, info: Any) -> str:
        return _not_blank(value, info.field_name).strip()

    @field_validator("disciplines", "material_received")
    @classmethod
    def _lines(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v.strip()]

    @property
    def conclusion(self) -> Conclusion:
        """The first axis as the single category kept for the yearly figures."""
        return _CONCLUSION_OF[self.inflicted]


_CONCLUSION_OF = {
    InflictedLikelihood.VRIJWEL_ZEKER: Conclusion.VRIJWEL_ZEKER,
    InflictedLikelihood.WAARSCHIJNLIJK: Conclusion.WAARSCHIJNLIJK,
    InflictedLikelihood.ONBESLIST: Conclusion.ONBESLIST,
    InflictedLikelihood.ONWAARSCHIJNLIJK: Conclusion.ONWAARSCHIJNLIJK,
    InflictedLikelihood.VRIJWEL_ZEKER_NIET: Conclusion.VRIJWEL_ZEKER_GEEN,
}


class TeamMeetingIn(_Strict):
    """The weekly LECK team meeting discussed this case on this day (after the first advice)."""

    discussed_on: date


class RevisionIn(_Strict):
    """Reopen a released advice to revise it: the reason is printed on the next letter."""

    reason: str = Field(min_length=1, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        return _not_blank(value, "reason").strip()


class ReviewIn(_Strict):
    decision: ReviewDecision
    remark: str | None = Field(default=None, max_length=MAX_TEXT)


class ConsentGiver(StrEnum):
    """Who consented; checked against the child's WGBO age band (`reports.consent`)."""

    PARENT = "parent"
    GUARDIAN = "guardian"
    CHILD = "child"  # the young person alone: from 16
    CHILD_AND_PARENTS = "child_and_parents"  # 12 to 15: the young person and a parent together
    LEGAL_REPRESENTATIVE = "legal_representative"

    @property
    def authority(self) -> ConsentAuthority:
        return {
            "parent": ConsentAuthority.PARENT_WITH_AUTHORITY,
            "guardian": ConsentAuthority.GUARDIAN,
            "child": ConsentAuthority.YOUNG_PERSON,
            "child_and_parents": ConsentAuthority.YOUNG_PERSON_WITH_PARENTS,
            "legal_representative": ConsentAuthority.GUARDIAN,
        }[self.value]


class ConsentIn(_Strict):
    """Who consented, when, and for what: without it no identified consult is made."""

    given_by: ConsentGiver
    given_by_name: str = Field(min_length=1, max_length=200)
    given_at: AwareDatetime
    scope: str = Field(min_length=1, max_length=2000)

    @field_validator("given_by_name", "scope")
    @classmethod
    def _text_not_blank(cls, value: str, info: Any) -> str:
        return _not_blank(value, info.field_name).strip()


class ConsultCreate(_Strict):
    """The identified consult: the child's identity and consent; case facts come from the advice."""

    child: ChildIn
    consent: ConsentIn
    vraagstelling: str = Field(min_length=1, max_length=MAX_TEXT)
    questions: list[Question] = Field(default_factory=list, max_length=MAX_CHOICES)
    location: LocationIn | None = None
    last_incident_at: TimestampOrUnknown = None

    @field_validator("vraagstelling")
    @classmethod
    def _vraagstelling_not_blank(cls, value: str) -> str:
        return _not_blank(value, "vraagstelling")


# --- response models --------------------------------------------------------------------


class AdviceSubmitted(SQLModel):
    case_number: str
    status: AdviceStatus


class PersonRef(SQLModel):
    id: int
    name: str


class RequesterPublic(SQLModel):
    """The requester as LECK sees them: the name only if they did not withhold contact."""

    organisation: str
    name: str | None
    contact_withheld: bool


class AdviceAnswerPublic(SQLModel):
    text: str
    conclusion: Conclusion
    conclusion_wording: str
    answered_at: datetime
    released_at: datetime | None
    assessment: str | None = None
    differential_diagnosis: str | None = None
    disciplines: list[str] = Field(default_factory=list)
    material_received: list[str] = Field(default_factory=list)
    inflicted: InflictedLikelihood | None = None
    alternative: AlternativeExplanation | None = None
    team_discussed_on: date | None = None
    letter_version: int | None = None
    revision_reason: str | None = None


class ReviewPublic(SQLModel):
    reviewer: PersonRef
    decision: ReviewDecision
    remark: str | None
    reviewed_at: datetime


class AdvicePublic(SQLModel):
    """One case. ``requester``, ``claimed_by``, ``answered_by`` and ``reviews`` are for LECK
    only (null for the requester); the requester sees ``advice`` only once it is released."""

    case_number: str
    status: AdviceStatus
    version: int
    submitted_at: datetime
    updated_at: datetime
    age_months: int
    sex: Sex
    ggd_region: str
    concerns: list[Concern]
    injuries: list[InjuryPublic]
    question: str
    clinical_summary: str
    requester_contact_withheld: bool
    advice: AdviceAnswerPublic | None
    photo_count: int
    consult_referral_id: str | None
    requester: RequesterPublic | None = None
    claimed_by: PersonRef | None = None
    answered_by: PersonRef | None = None
    reviews: list[ReviewPublic] | None = None


class AdviceSummary(SQLModel):
    """A queue line: no free text."""

    case_number: str
    status: AdviceStatus
    submitted_at: datetime
    age_months: int
    sex: Sex
    ggd_region: str
    concerns: list[Concern]
    injury_count: int
    photo_count: int
    requester: RequesterPublic | None = None
    claimed_by: PersonRef | None = None


class AdvicePage(SQLModel):
    items: list[AdviceSummary]
    total: int
    limit: int
    offset: int


class PhotoPublic(SQLModel):
    id: str
    media_type: str
    width: int
    height: int
    size_bytes: int
    sha256: str
    uploaded_at: datetime


class ConsultCreated(SQLModel):
    case_number: str
    status: AdviceStatus
    referral_id: str
    routing: RoutingPublic


class StatsCell(SQLModel):
    """A count, or null with ``suppressed: true`` when it is small enough to point to a child."""

    key: str
    count: int | None
    suppressed: bool


class AdviceStats(SQLModel):
    year: int
    threshold: int
    total: StatsCell
    by_month: list[StatsCell]
    by_concern: list[StatsCell]
    by_age_band: list[StatsCell]
    by_conclusion: list[StatsCell]
