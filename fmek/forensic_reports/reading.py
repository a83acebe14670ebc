"""Reading a report: list its versions, render one (screen, PDF, print), verify a printed code
or a file hash, and the reviewer's queue. Every read of client data is audited.

A final version is its stored HTML and signed PDF; a draft is rendered now and marked CONCEPT.
"""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.errors import NotFound, PermissionDenied
from fmek.forensic_reports.access import RECORD, not_found, read_scope
from fmek.forensic_reports.adapters import content_of, report_data, version_public
from fmek.forensic_reports.models import (
    ForensicReport,
    ReportVersionList,
    ReviewQueue,
    ReviewQueueItem,
    VerifiedReport,
)
from fmek.forensic_reports.signing import linked_doctor
from fmek.forensic_reports.versions import draft_context, versions_of, visible_versions
from fmek.numbers import small_int
from fmek.reference.models import Organisation
from fmek.referrals.models import Referral
from reports import render_forensic_report
from reports.data import ReportKind, ReportStatus


@dataclass(frozen=True, slots=True)
class RenderedReport:
    html: str
    report_number: str
    version: int
    final: bool
    sha256: str | None
    signed_pdf: bytes | None = None


def list_versions(session: Session, referral_id: str, *, actor: Actor) -> ReportVersionList:
    scope = read_scope(session, referral_id, actor)
    rows = visible_versions(session, scope)
    if not rows:
        raise not_found(session, actor, referral_id)
    record(session, actor, AuditAction.LIST, RECORD, rows[-1].id, detail="report versions")
    session.commit()
    return ReportVersionList(items=[version_public(r) for r in rows])


def render(
    session: Session,
    referral_id: str,
    *,
    actor: Actor,
    version: int | None,
    action: AuditAction,
    medium: str,
) -> RenderedReport:
    """The HTML of one version (latest visible by default), audited as `action`."""
    scope = read_scope(session, referral_id, actor)
    rows = visible_versions(session, scope)
    if version is not None:
        rows = [r for r in rows if r.version == version]
    if not rows:
        raise not_found(session, actor, referral_id)
    row = rows[-1]
    rendered = render_row(session, row, scope.referral)
    record(session, actor, action, RECORD, row.id, detail=f"{medium} v{row.version}")
    session.commit()
    return rendered


def render_row(session: Session, row: ForensicReport, referral: Referral) -> RenderedReport:
    """A final version is its stored HTML; a draft is rendered now, marked CONCEPT."""
    if row.is_final:
        assert row.final_html is not None
        html = row.final_html
    else:
        html = render_forensic_report(
            report_data(row, content_of(row), draft_context(session, row, referral))
        )
    return RenderedReport(
        html, row.report_number, row.version, row.is_final, row.sha256, row.signed_pdf
    )


def render_for_print(
    session: Session, ident: str, *, version: int | None, actor: Actor
) -> RenderedReport:
    """For the operator's CLI: a report by referral id, report number or row id; audited as a
    print by `actor` (the system). The latest version unless `version` is given."""
    rows = versions_of(session, _referral_id_of(session, ident.strip()))
    if version is not None:
        rows = [r for r in rows if r.version == version]
    if not rows:
        raise NotFound("no report with this id (or no such version)", loc=("argument", "id"))
    row = rows[-1]
    referral = session.get(Referral, row.referral_id)
    assert referral is not None
    rendered = render_row(session, row, referral)
    record(session, actor, AuditAction.PRINT, RECORD, row.id, detail=f"cli v{row.version}")
    session.commit()
    return rendered


def _referral_id_of(session: Session, ident: str) -> str:
    row_id = small_int(ident)
    by_row = session.get(ForensicReport, row_id) if row_id is not None else None
    if by_row is not None:
        return by_row.referral_id
    by_number = session.exec(
        select(ForensicReport).where(ForensicReport.report_number == ident.upper())
    ).first()
    return by_number.referral_id if by_number else ident


def review_queue(session: Session, *, actor: Actor) -> ReviewQueue:
    """The reports waiting for this user's review, oldest first."""
    user = actor.require_user()
    if user.role_enum is Role.BELEID:
        raise PermissionDenied("the policy officer sees figures, never a report")
    rows = session.exec(
        select(ForensicReport)
        .where(
            ForensicReport.status == ReportStatus.IN_REVIEW.value,
            ForensicReport.reviewer_user_id == user.id,
        )
        .order_by(col(ForensicReport.review_requested_at))
    ).all()
    items = []
    for row in rows:
        author = session.get(User, row.author_id)
        doctor = linked_doctor(session, author) if author else None
        items.append(
            ReviewQueueItem(
                referral_id=row.referral_id,
                report_number=row.report_number,
                version=row.version,
                kind=ReportKind(row.kind),
                author_name=doctor.name if doctor else (author.name if author else ""),
                review_requested_at=row.review_requested_at or row.updated_at,
            )
        )
    return ReviewQueue(items=items)


def verify(session: Session, sha256: str) -> VerifiedReport:
    """Which signed report has this code (printed) or this file hash (signed PDF); else 404."""
    code = sha256.strip().lower()
    row = session.exec(
        select(ForensicReport).where(
            ForensicReport.status == ReportStatus.FINAL.value,
            (ForensicReport.sha256 == code) | (ForensicReport.pdf_sha256 == code),
        )
    ).first()
    if row is None or row.sha256 is None or row.finalised_at is None:
        raise NotFound(
            "no signed report has this SHA-256; the document is not one FMEK issued, or it was "
            "changed",
            type="unknown_report",
            loc=("path", "sha256"),
        )
    later = session.exec(
        select(ForensicReport.version).where(
            ForensicReport.referral_id == row.referral_id,
            ForensicReport.status == ReportStatus.FINAL.value,
            ForensicReport.version > row.version,
        )
    ).first()
    return VerifiedReport(
        report_number=row.report_number,
        version=row.version,
        kind=ReportKind(row.kind),
        issuer=_issuer_display(session, row.issuer_code),
        signed_by=row.signed_name or "",
        signed_big_number=row.signed_big_number or "",
        reviewed_by=row.reviewer_name or "",
        signed_at=row.finalised_at,
        sha256=row.sha256,
        pdf_sha256=row.pdf_sha256,
        matched="report" if row.sha256 == code else "pdf",
        superseded_by_version=later,
    )


def _issuer_display(session: Session, code: str | None) -> str:
    org = session.get(Organisation, code) if code else None
    return org.name if org else (code or "")
