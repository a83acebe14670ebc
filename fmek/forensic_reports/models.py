"""The report table (one row per version) and the API's data models around it.

A report is identified by its referral and a version number. Version 1 starts as a draft; a
finalised version is never changed again: it keeps its rendered HTML (the exact document that
was signed), the SHA-256 of that HTML and the template version it was rendered with. A
correction is a new version that names the version it supersedes and why.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError
from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime
from fmek.keys.types import EncryptedBytes, EncryptedJSON, EncryptedText
from fmek.text import clean_name
from reports.data import ReportKind, ReportStatus

BIG_LENGTH = 11


class ForensicReport(SQLModel, table=True):
    """One version of the forensic-medical report on a referral."""

    __tablename__ = "forensic_report"
    __table_args__ = (UniqueConstraint("referral_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, index=True)
    version: int
    report_number: str = Field(max_length=40, index=True)
    kind: str = Field(max_length=20)
    status: str = Field(default=ReportStatus.DRAFT.value, max_length=10)
    # the report names the child: content, signed HTML and PDF are encrypted at rest (fmek.keys)
    content: dict[str, Any] = Field(
        sa_column=Column(EncryptedJSON("forensic_report.content"), nullable=False)
    )
    author_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)

    # signature, set once when finalising
    reviewer_name: str | None = Field(default=None, max_length=200)
    reviewer_user_id: int | None = Field(default=None, foreign_key="user.id")
    signed_name: str | None = Field(default=None, max_length=200)
    signed_big_number: str | None = Field(default=None, max_length=BIG_LENGTH)
    signed_qualification: str | None = Field(default=None, max_length=300)
    signed_place: str | None = Field(default=None, max_length=120)
    finalised_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    # the document as signed: exact HTML, its SHA-256 and the template version
    template_version: str = Field(max_length=60)
    final_html: str | None = Field(
        default=None,
        sa_column=Column(EncryptedText("forensic_report.final_html"), nullable=True),
    )
    sha256: str | None = Field(default=None, max_length=64, index=True)

    # corrections
    correction_reason: str | None = Field(default=None, max_length=2000)
    supersedes_version: int | None = None

    # review: the author submits, the named reviewer approves (final) or returns with a remark
    review_requested_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    review_remark: str | None = Field(default=None, sa_column=Column(Text, nullable=True))

    # the issuing organisation (GGD) whose certificate signs, the signed PDF (PAdES) as
    # issued, and the SHA-256 of its bytes
    issuer_code: str | None = Field(default=None, max_length=40)
    signed_pdf: bytes | None = Field(
        default=None,
        sa_column=Column(EncryptedBytes("forensic_report.signed_pdf"), nullable=True),
    )
    pdf_sha256: str | None = Field(default=None, max_length=64, index=True)

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL.value


# --- request models ---------------------------------------------------------------------


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


def _strip(value: str | None) -> str | None:
    """Trimmed, without control/format characters (these are names and places)."""
    if value is None:
        return None
    return clean_name(value) or None


def _reason(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank_reason", "state the reason")
    return value


def _from_record(_value: object) -> None:
    raise PydanticCustomError(
        "signature_from_record",
        "the signature's name, BIG number and qualification come from your doctor record and the "
        "reviewer signs for themselves in the system; leave this field out",
    )


FromRecord = Annotated[None, BeforeValidator(_from_record)]


class FinaliseRequest(_Strict):
    """Submit the draft for review by a second forensisch arts of the same GGD, named here.
    The version becomes final (signed) when that reviewer approves it with their own account.

    Fields naming the signer are refused (422 naming the field): the author's name, BIG number
    and qualification come from their verified doctor record, the reviewer's from theirs."""

    reviewer_user_id: int = Field(ge=1, le=2**31 - 1)
    place: Annotated[str | None, Field(default=None, max_length=120), AfterValidator(_strip)] = None
    author_name: FromRecord = None
    big_number: FromRecord = None
    qualification: FromRecord = None
    reviewer_name: FromRecord = None


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"


class ReviewRequest(_Strict):
    """The reviewer's decision: approve (the version is signed and final) or return it to the
    author with a remark."""

    decision: ReviewDecision
    remark: Annotated[str | None, Field(default=None, max_length=4000), AfterValidator(_strip)] = (
        None
    )


class AuthorChange(_Strict):
    """A planner hands an unfinished report to another forensisch arts of the region."""

    user_id: int = Field(ge=1, le=2**31 - 1)
    reason: Annotated[str, Field(max_length=2000), AfterValidator(_reason)]


class CorrectionRequest(_Strict):
    reason: Annotated[str, Field(max_length=2000), AfterValidator(_reason)]


# --- response models --------------------------------------------------------------------


class ReportVersionPublic(SQLModel):
    report_number: str
    referral_id: str
    version: int
    kind: ReportKind
    status: ReportStatus
    created_at: datetime
    updated_at: datetime
    finalised_at: datetime | None
    signed_name: str | None
    signed_big_number: str | None
    signed_qualification: str | None
    reviewer_name: str | None
    reviewer_user_id: int | None
    author_user_id: int
    review_requested_at: datetime | None
    review_remark: str | None
    template_version: str
    sha256: str | None
    pdf_sha256: str | None
    correction_reason: str | None
    supersedes_version: int | None


class ReportVersionList(SQLModel):
    items: list[ReportVersionPublic]


class VerifiedReport(SQLModel):
    """What `GET /verify/{sha256}` confirms about a signed report: nothing about the child."""

    report_number: str
    version: int
    kind: ReportKind
    issuer: str
    signed_by: str
    signed_big_number: str
    reviewed_by: str
    signed_at: datetime
    sha256: str
    pdf_sha256: str | None
    matched: str  # "report" (the printed code) or "pdf" (the signed file's own SHA-256)
    superseded_by_version: int | None


class ReviewQueueItem(SQLModel):
    referral_id: str
    report_number: str
    version: int
    kind: ReportKind
    author_name: str
    review_requested_at: datetime


class ReviewQueue(SQLModel):
    items: list[ReviewQueueItem]


class DraftSaved(SQLModel):
    """The saved draft, and the sections still missing before it can be finalised
    (the signature aside, which finalising adds)."""

    report: ReportVersionPublic
    missing_sections: list[str]


class DraftRead(DraftSaved):
    """The newest version for its writer with its findings (as saved); the response's ETag is
    the If-Match of the next save."""

    content: dict[str, Any]


# --- second opinions --------------------------------------------------------------------


class SecondOpinionGrant(SQLModel, table=True):
    """LECK may read the final report of this (GGD) referral: a second opinion, asked for by the
    referring vertrouwensarts with a recorded reason. Without a grant LECK reads only the
    reports of referrals with destination LECK (need to know)."""

    __tablename__ = "report_second_opinion"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: str = Field(foreign_key="referral.id", max_length=36, index=True)
    reason: str = Field(
        sa_column=Column(EncryptedText("report_second_opinion.reason"), nullable=False)
    )
    granted_by: int = Field(foreign_key="user.id")
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class SecondOpinionRequest(_Strict):
    reason: Annotated[str, Field(max_length=2000), AfterValidator(_reason)]


class SecondOpinionPublic(SQLModel):
    referral_id: str
    reason: str
    granted_by: int
    granted_at: datetime
