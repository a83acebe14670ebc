"""A report's versions as rows, and the context every rendering of a version needs.

Shared by writing (`service.py`) and reading (`reading.py`): which versions exist, which of them
a reader may see, the report number, and who the report names outside its content.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from fmek.auth.models import User, role_nl
from fmek.clock import AMSTERDAM
from fmek.forensic_reports.access import ReadScope
from fmek.forensic_reports.adapters import ReportContext
from fmek.forensic_reports.models import ForensicReport
from fmek.forensic_reports.signing import Signer, draft_signer, issuer_of
from fmek.reference.models import Organisation
from fmek.referrals.models import Referral
from reports.data import ReportStatus


def versions_of(session: Session, referral_id: str) -> list[ForensicReport]:
    return list(
        session.exec(
            select(ForensicReport)
            .where(ForensicReport.referral_id == referral_id)
            .order_by(col(ForensicReport.version))
        ).all()
    )


def latest_version(session: Session, referral_id: str) -> ForensicReport | None:
    return session.exec(
        select(ForensicReport)
        .where(ForensicReport.referral_id == referral_id)
        .order_by(col(ForensicReport.version).desc())
    ).first()


def visible_versions(session: Session, scope: ReadScope) -> list[ForensicReport]:
    return [
        row
        for row in versions_of(session, scope.referral.id)
        if (
            scope.author_id is None
            or row.author_id == scope.author_id
            or (row.reviewer_user_id == scope.author_id and row.status != ReportStatus.DRAFT)
        )
        and (row.is_final or not scope.finals_only)
    ]


def report_number(referral: Referral) -> str:
    """Stable across versions: 'FMEK-R-2026-1A2B3C4D' (year of the referral, id prefix)."""
    year = referral.submitted_at.astimezone(AMSTERDAM).year
    return f"FMEK-R-{year}-{referral.id[:8].upper()}"


def report_context(
    session: Session,
    referral: Referral,
    signer: Signer | None,
    *,
    author: User,
    reviewer_name: str | None = None,
    signed_at: datetime | None = None,
    place: str = "",
    content_sha256: str = "",
) -> ReportContext:
    """Everything the report shows from outside its content; the signer from their record."""
    requester = session.get(User, referral.submitted_by)
    organisation = session.get(Organisation, referral.organisation_code)
    region = signer.region if signer else referral.ggd_region
    return ReportContext(
        referral=referral,
        requester_name=requester.name if requester else "",
        requester_role=role_nl(requester.role) if requester else "",
        requester_organisation=organisation.name if organisation else referral.organisation_code,
        author_name=signer.name if signer else author.name,
        big_number=signer.big_number if signer else "",
        qualification=signer.qualification if signer else "",
        reviewer_name=reviewer_name,
        signed_at=signed_at,
        place=place,
        issuer=issuer_of(session, region).name,
        content_sha256=content_sha256,
    )


def draft_context(session: Session, row: ForensicReport, referral: Referral) -> ReportContext:
    """A draft shows its author as the doctor record has them; it is not signed yet."""
    author = session.get(User, row.author_id)
    assert author is not None, "author_id is a foreign key"
    return report_context(session, referral, draft_signer(session, author), author=author)
