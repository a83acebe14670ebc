"""Report use cases: save a draft, submit it for review, review (approve = sign, or return),
reassign authorship, correct, list, render and verify versions.

Each use case is one unit of work that commits before it returns. Rendering a draft's PDF is
slow (about a second), so the services hand back HTML after committing and the caller turns it
into a PDF outside any transaction; a final version's PDF is the signed file stored at approval.

Integrity: a final version keeps the exact HTML that was signed (`final_html`), the signed PDF
(PAdES, the issuing GGD's certificate) and two SHA-256 values: `sha256`, the report's own code,
printed in its footer (computed over the final HTML as rendered before the code was printed into
it), and `pdf_sha256`, of the signed file's bytes. `GET /verify/{sha256}` accepts either.
"""

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationFailed,
)
from fmek.forensic_reports.access import (
    RECORD,
    ReadScope,
    not_found,
    read_scope,
    referral_for_writing,
    require_user,
)
from fmek.forensic_reports.adapters import (
    TEMPLATE_VERSION,
    ReportContext,
    content_of,
    report_data,
)
from fmek.forensic_reports.certificates import identity_for
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import (
    AuthorChange,
    CorrectionRequest,
    FinaliseRequest,
    ForensicReport,
    ReportVersionList,
    ReportVersionPublic,
    ReviewDecision,
    ReviewQueue,
    ReviewQueueItem,
    ReviewRequest,
    VerifiedReport,
)
from fmek.forensic_reports.signing import (
    Signer,
    draft_signer,
    issuer_of,
    linked_doctor,
    reviewer_problem,
    signing_problem,
    verified_signer,
)
from fmek.numbers import small_int
from fmek.reference.models import Organisation
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from fmek.referrals.service import apply_status
from reports import html_to_pdf, render_forensic_report
from reports.completeness import SECTIONS, Gap, gaps
from reports.data import ReportKind, ReportStatus
from reports.pades import sign_pdf


@dataclass(frozen=True, slots=True)
class SavedDraft:
    report: ReportVersionPublic
    created: bool
    missing_sections: list[str]


@dataclass(frozen=True, slots=True)
class RenderedReport:
    html: str
    report_number: str
    version: int
    final: bool
    sha256: str | None
    signed_pdf: bytes | None = None


# --- reading rows -------------------------------------------------------------------------


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


def _visible_versions(session: Session, scope: ReadScope) -> list[ForensicReport]:
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


def version_public(row: ForensicReport) -> ReportVersionPublic:
    return ReportVersionPublic(
        report_number=row.report_number,
        referral_id=row.referral_id,
        version=row.version,
        kind=ReportKind(row.kind),
        status=ReportStatus(row.status),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        finalised_at=as_utc(row.finalised_at) if row.finalised_at else None,
        signed_name=row.signed_name,
        signed_big_number=row.signed_big_number,
        signed_qualification=row.signed_qualification,
        reviewer_name=row.reviewer_name,
        reviewer_user_id=row.reviewer_user_id,
        author_user_id=row.author_id,
        review_requested_at=as_utc(row.review_requested_at) if row.review_requested_at else None,
        review_remark=row.review_remark,
        template_version=row.template_version,
        sha256=row.sha256,
        pdf_sha256=row.pdf_sha256,
        correction_reason=row.correction_reason,
        supersedes_version=row.supersedes_version,
    )


def _report_number(referral: Referral) -> str:
    """Stable across versions: 'FMEK-R-2026-1A2B3C4D' (year of the referral, id prefix)."""
    year = as_utc(referral.submitted_at).astimezone(AMSTERDAM).year
    return f"FMEK-R-{year}-{referral.id[:8].upper()}"


_ROLE_NL = {
    Role.VERTROUWENSARTS.value: "vertrouwensarts",
    Role.FORENSISCH_ARTS.value: "forensisch arts",
    Role.LECK_CONSULTANT.value: "LECK-consulent",
}


def _context(
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
        requester_role=_ROLE_NL.get(requester.role, requester.role.replace("_", " "))
        if requester
        else "",
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


def _draft_context(session: Session, row: ForensicReport, referral: Referral) -> ReportContext:
    """A draft shows its author as the doctor record has them; it is not signed yet."""
    author = session.get(User, row.author_id)
    assert author is not None, "author_id is a foreign key"
    return _context(session, referral, draft_signer(session, author), author=author)


# --- writing ------------------------------------------------------------------------------


def _refuse_final(row: ForensicReport) -> None:
    if row.is_final:
        raise InvalidState(
            f"version {row.version} is final and cannot be changed; start a correction "
            "(POST .../report/corrections) to write a new version",
            type="report_final",
        )


def _require_author(row: ForensicReport, user: User) -> None:
    if row.author_id != user.id:
        raise Conflict(
            "this report is written by another forensisch arts; only its author continues it",
            type="other_author",
        )


def _commit_change(
    session: Session, row: ForensicReport, actor: Actor, detail: str
) -> ReportVersionPublic:
    """Store a state change of the version, audited as an update, in one commit."""
    row.updated_at = utcnow()
    session.add(row)
    record(session, actor, AuditAction.UPDATE, RECORD, row.id, detail=detail)
    session.commit()
    return version_public(row)


def _refuse_in_review(row: ForensicReport) -> None:
    if row.status == ReportStatus.IN_REVIEW.value:
        raise InvalidState(
            f"version {row.version} is with the reviewer; it can change again once they return it",
            type="report_in_review",
        )


def save_draft(
    session: Session, referral_id: str, data: ReportDraftIn, *, actor: Actor
) -> SavedDraft:
    """Create version 1 as a draft, or replace the content of the current draft."""
    user = require_user(actor)
    referral = referral_for_writing(session, referral_id, actor)
    if referral.status == ReferralStatus.WITHDRAWN.value:
        raise InvalidState("the referral was withdrawn; no report is written", type="withdrawn")
    if problems := data.problems():
        raise ValidationFailed(problems=problems)
    now = utcnow()
    row = latest_version(session, referral.id)
    created = row is None
    if row is None:
        row = ForensicReport(
            referral_id=referral.id,
            version=1,
            report_number=_report_number(referral),
            kind=data.kind.value,
            content={},
            author_id=user.id or 0,
            created_at=now,
            template_version=TEMPLATE_VERSION,
        )
    else:
        _refuse_final(row)
        _require_author(row, user)
        _refuse_in_review(row)
    row.kind = data.kind.value
    row.content = data.model_dump(mode="json")
    row.updated_at = now
    session.add(row)
    _commit_version(session)
    record(
        session,
        actor,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        RECORD,
        row.id,
        detail=f"draft v{row.version} of referral {referral.id}",
    )
    missing = _missing(session, row, referral, data)
    session.commit()
    return SavedDraft(version_public(row), created, missing)


def _commit_version(session: Session) -> None:
    """Flush, turning a lost race for the same (referral, version) into a 409."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "another version of this report was saved at the same moment; reload and retry",
            type="version_conflict",
        ) from None


def _missing(
    session: Session, row: ForensicReport, referral: Referral, data: ReportDraftIn
) -> list[str]:
    """Sections still incomplete apart from the signature (which finalising supplies)."""
    found = gaps(report_data(row, data, _draft_context(session, row, referral)))
    return list(dict.fromkeys(g.section for g in found if g.section != "ondertekening"))


def finalise(
    session: Session, referral_id: str, request: FinaliseRequest, *, actor: Actor
) -> ReportVersionPublic:
    """Submit the complete draft to a second forensisch arts of the same GGD for review.

    403 when the author has no verified doctor record; 422 for a reviewer who cannot review
    (the author, another region, no verified record) and per incomplete section."""
    user = require_user(actor)
    referral = referral_for_writing(session, referral_id, actor)
    row = latest_version(session, referral.id)
    if row is None:
        raise NotFound("there is no draft report on this referral yet", type="no_draft")
    _refuse_final(row)
    _require_author(row, user)
    _refuse_in_review(row)
    signer = verified_signer(session, user)
    problems = []
    if (problem := reviewer_problem(session, signer, request.reviewer_user_id)) is not None:
        problems.append(problem)
    reviewer = session.get(User, request.reviewer_user_id)
    ctx = _context(
        session,
        referral,
        signer,
        author=user,
        reviewer_name=reviewer.name if reviewer else "?",
        signed_at=utcnow(),
    )
    problems.extend(_section_problems(gaps(report_data(row, content_of(row), ctx))))
    if problems:
        raise ValidationFailed(problems=problems)
    row.status = ReportStatus.IN_REVIEW.value
    row.reviewer_user_id = request.reviewer_user_id
    row.review_requested_at = utcnow()
    row.review_remark = None
    row.signed_place = request.place
    return _commit_change(
        session,
        row,
        actor,
        f"v{row.version} submitted for review to user {request.reviewer_user_id}",
    )


def review(
    session: Session, referral_id: str, request: ReviewRequest, *, actor: Actor
) -> ReportVersionPublic:
    """The named reviewer approves (the version is signed and becomes final) or returns it.

    Only the reviewer the author named, acting with their own account and verified doctor
    record; for anyone else the report under review does not exist (404)."""
    user = require_user(actor)
    row = session.exec(
        select(ForensicReport).where(
            ForensicReport.referral_id == referral_id,
            ForensicReport.status == ReportStatus.IN_REVIEW.value,
            ForensicReport.reviewer_user_id == user.id,
        )
    ).first()
    referral = session.get(Referral, referral_id) if row is not None else None
    if row is None or referral is None:
        raise not_found(session, actor, referral_id)
    if (problem := signing_problem(session, user)) is not None:
        raise PermissionDenied(problems=[problem])
    if request.decision is ReviewDecision.RETURN:
        return _return_to_author(session, row, request, actor)
    return _approve(session, row, referral, user, actor)


def _return_to_author(
    session: Session, row: ForensicReport, request: ReviewRequest, actor: Actor
) -> ReportVersionPublic:
    if not request.remark:
        raise ValidationFailed(
            "say what the author should change", type="remark_required", loc=("body", "remark")
        )
    row.status = ReportStatus.DRAFT.value
    row.review_remark = request.remark
    row.reviewer_user_id = None
    row.review_requested_at = None
    row.updated_at = utcnow()
    session.add(row)
    record(session, actor, AuditAction.UPDATE, RECORD, row.id, detail=f"v{row.version} returned")
    session.commit()
    return version_public(row)


def _approve(
    session: Session, row: ForensicReport, referral: Referral, reviewer: User, actor: Actor
) -> ReportVersionPublic:
    author = session.get(User, row.author_id)
    assert author is not None
    if (problem := signing_problem(session, author)) is not None:
        raise InvalidState(
            f"the author cannot sign at the moment: {problem.msg}", type="author_cannot_sign"
        )
    signer = verified_signer(session, author)
    reviewer_signer = verified_signer(session, reviewer)
    now = utcnow()
    ctx = _context(
        session,
        referral,
        signer,
        author=author,
        reviewer_name=f"{reviewer_signer.name}, {reviewer_signer.qualification} "
        f"(BIG {reviewer_signer.big_number})",
        signed_at=now,
        place=row.signed_place or "",
    )
    data = report_data(row, content_of(row), ctx)
    if found := gaps(data):
        raise ValidationFailed(problems=_section_problems(found))
    code = hashlib.sha256(render_forensic_report(data).encode("utf-8")).hexdigest()
    html = render_forensic_report(dataclasses.replace(data, content_sha256=code))
    issuer_code = issuer_of(session, signer.region).code
    signed = sign_pdf(
        html_to_pdf(html),
        identity_for(issuer_code, data.issuer),
        reason=f"{data.kind.value} {row.report_number} versie {row.version}",
        location=row.signed_place or "",
    )
    if referral.status == ReferralStatus.EXAMINED.value:
        apply_status(
            session,
            referral,
            ReferralStatus.REPORTED,
            actor=actor,
            note=f"examined -> reported (report v{row.version} finalised)",
        )
    row.status = ReportStatus.FINAL.value
    row.signed_name = signer.name
    row.signed_big_number = signer.big_number
    row.signed_qualification = signer.qualification
    row.reviewer_name = ctx.reviewer_name
    row.finalised_at = now
    row.template_version = data.template_version
    row.final_html = html
    row.sha256 = code
    row.issuer_code = issuer_code
    row.signed_pdf = signed
    row.pdf_sha256 = hashlib.sha256(signed).hexdigest()
    return _commit_change(
        session, row, actor, f"v{row.version} approved and signed, sha256 {code[:16]}"
    )


def review_queue(session: Session, *, actor: Actor) -> ReviewQueue:
    """The reports waiting for this user's review, oldest first."""
    user = require_user(actor)
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
                review_requested_at=as_utc(row.review_requested_at or row.updated_at),
            )
        )
    return ReviewQueue(items=items)


def change_author(
    session: Session, referral_id: str, request: AuthorChange, *, actor: Actor
) -> ReportVersionPublic:
    """A planner of the referral's region (or an admin) hands the unfinished report to another
    forensisch arts of that region; a version under review goes back to draft. Audited."""
    user = require_user(actor)
    referral = session.get(Referral, referral_id)
    allowed = user.role_enum is Role.ADMIN or (
        user.role_enum is Role.GGD_PLANNER
        and referral is not None
        and user.region_code == referral.ggd_region
    )
    if referral is None or not allowed:
        raise not_found(session, actor, referral_id)
    row = latest_version(session, referral.id)
    if row is None:
        raise NotFound("there is no report on this referral yet", type="no_report")
    _refuse_final(row)
    new_author = session.get(User, request.user_id)
    doctor = linked_doctor(session, new_author) if new_author else None
    if (
        new_author is None
        or new_author.role_enum is not Role.FORENSISCH_ARTS
        or doctor is None
        or not doctor.active
        or doctor.region != referral.ggd_region
    ):
        raise ValidationFailed(
            "the new author is a forensisch arts with an active doctor record in the referral's "
            "GGD region",
            type="invalid_author",
            loc=("body", "user_id"),
        )
    previous = row.author_id
    row.author_id = request.user_id
    row.status = ReportStatus.DRAFT.value
    row.reviewer_user_id = None
    row.review_requested_at = None
    return _commit_change(
        session,
        row,
        actor,
        f"v{row.version} author {previous} -> {request.user_id}: {request.reason[:200]}",
    )


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
        signed_at=as_utc(row.finalised_at),
        sha256=row.sha256,
        pdf_sha256=row.pdf_sha256,
        matched="report" if row.sha256 == code else "pdf",
        superseded_by_version=later,
    )


def _issuer_display(session: Session, code: str | None) -> str:
    org = session.get(Organisation, code) if code else None
    return org.name if org else (code or "")


def _section_problems(found: list[Gap]) -> list[Problem]:
    by_section: dict[str, list[str]] = {}
    for gap in found:
        by_section.setdefault(gap.section, []).append(gap.detail)
    return [
        Problem(
            f"{SECTIONS[section][0]} ({SECTIONS[section][1]}): " + "; ".join(details),
            "incomplete_section",
            ("body", section),
        )
        for section, details in by_section.items()
    ]


def start_correction(
    session: Session, referral_id: str, request: CorrectionRequest, *, actor: Actor
) -> ReportVersionPublic:
    """A new draft version that copies the final one; the final stays as it was."""
    user = require_user(actor)
    referral = referral_for_writing(session, referral_id, actor)
    final = latest_version(session, referral.id)
    if final is None:
        raise NotFound("there is no report on this referral yet", type="no_report")
    _require_author(final, user)
    if not final.is_final:
        raise InvalidState(
            f"version {final.version} is still a draft; change it with PUT .../report/draft",
            type="report_draft",
        )
    now = utcnow()
    row = ForensicReport(
        referral_id=referral.id,
        version=final.version + 1,
        report_number=final.report_number,
        kind=final.kind,
        content=dict(final.content),
        author_id=user.id or 0,
        created_at=now,
        updated_at=now,
        template_version=TEMPLATE_VERSION,
        correction_reason=request.reason,
        supersedes_version=final.version,
    )
    session.add(row)
    _commit_version(session)
    record(
        session,
        actor,
        AuditAction.CREATE,
        RECORD,
        row.id,
        detail=f"correction v{row.version} supersedes v{final.version}",
    )
    session.commit()
    return version_public(row)


# --- reading ------------------------------------------------------------------------------


def list_versions(session: Session, referral_id: str, *, actor: Actor) -> ReportVersionList:
    scope = read_scope(session, referral_id, actor)
    rows = _visible_versions(session, scope)
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
    rows = _visible_versions(session, scope)
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
            report_data(row, content_of(row), _draft_context(session, row, referral))
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
