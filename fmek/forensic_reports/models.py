"""The report table (one row per version) and the API's data models around it.

A report is identified by its referral and a version number. Version 1 starts as a draft; a
finalised version is never changed again: it keeps its rendered HTML (the exact document that
was signed), the SHA-256 of that HTML and the template version it was rendered with. A
correction is a new version that names the version it supersedes and why.
"""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
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
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    author_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))

    # signature, set once when finalising
    reviewer_name: str | None = Field(default=None, max_length=200)
    reviewer_user_id: int | None = Field(default=None, foreign_key="user.id")
    signed_name: str | None = Field(default=None, max_length=200)
    signed_big_number: str | None = Field(default=None, max_length=BIG_LENGTH)
    signed_qualification: str | None = Field(default=None, max_length=300)
    signed_place: str | None = Field(default=None, max_length=120)
    finalised_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))

    # the document as signed: exact HTML, its SHA-256 and the template version
    template_version: str = Field(max_length=60)
    final_html: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sha256: str | None = Field(default=None, max_length=64)

    # corrections
    correction_reason: str | None = Field(default=None, max_length=2000)
    supersedes_version: int | None = None

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL.value


# --- request models ---------------------------------------------------------------------


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


def _strip(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _reason(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank_reason", "a correction states its reason")
    return value


def _big(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not (len(value) == BIG_LENGTH and value.isascii() and value.isdigit()):
        raise PydanticCustomError("invalid_big_number", "a BIG number has exactly 11 digits")
    return value


OptionalName = Annotated[str | None, Field(default=None, max_length=200), AfterValidator(_strip)]


class FinaliseRequest(_Strict):
    """Sign the current draft. The author's name, BIG number and qualification come from their
    doctor record when one is linked to their account; the fields here are used otherwise."""

    reviewer_name: OptionalName = None
    reviewer_user_id: int | None = None
    author_name: OptionalName = None
    big_number: Annotated[str | None, AfterValidator(_big)] = None
    qualification: Annotated[
        str | None, Field(default=None, max_length=300), AfterValidator(_strip)
    ] = None
    place: Annotated[str | None, Field(default=None, max_length=120), AfterValidator(_strip)] = None


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
    template_version: str
    sha256: str | None
    correction_reason: str | None
    supersedes_version: int | None


class ReportVersionList(SQLModel):
    items: list[ReportVersionPublic]


class DraftSaved(SQLModel):
    """The saved draft, and the sections still missing before it can be finalised
    (the signature aside, which finalising adds)."""

    report: ReportVersionPublic
    missing_sections: list[str]
