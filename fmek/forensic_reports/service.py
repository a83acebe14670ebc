"""Report use cases: save a draft, finalise (sign), correct, list and render versions.

Each use case is one unit of work that commits before it returns. Rendering a PDF is slow
(about a second), so the services hand back HTML after committing and the caller turns it into
a PDF outside any transaction.

Integrity: a final version keeps the exact HTML that was signed (`final_html`) and its SHA-256;
every later read or PDF of that version is made from the stored HTML, so a template change never
alters a signed document. Hashing the HTML (not the PDF) is deliberate: the same HTML gives the
same document, while PDF bytes carry creation timestamps and differ on every render.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import DOCTOR_ROLES, User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.errors import Conflict, InvalidState, NotFound, Problem, ValidationFailed
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
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import (
    CorrectionRequest,
    FinaliseRequest,
    ForensicReport,
    ReportVersionList,
    ReportVersionPublic,
)
from fmek.forensic_reports.signing import draft_signer, final_signer
from fmek.reference.models import Organisation
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from fmek.referrals.service import apply_status
from reports import render_forensic_report
from reports.completeness import SECTIONS, Gap, gaps
from reports.data import ReportKind, ReportStatus


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
        if (scope.author_id is None or row.author_id == scope.author_id)
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
        template_version=row.template_version,
        sha256=row.sha256,
        correction_reason=row.correction_reason,
        supersedes_version=row.supersedes_version,
    )


def _report_number(referral: Referral) -> str:
    """Stable across versions: 'FMEK-R-2026-1A2B3C4D' (year of the referral, id prefix)."""
    year = as_utc(referral.submitted_at).astimezone(AMSTERDAM).year
    return f"FMEK-R-{year}-{referral.id[:8].upper()}"


def _context(
    session: Session,
    referral: Referral,
    *,
    author_name: str,
    big_number: str,
    qualification: str,
    reviewer_name: str | None = None,
    signed_at: datetime | None = None,
    place: str = "",
) -> ReportContext:
    requester = session.get(User, referral.submitted_by)
    organisation = session.get(Organisation, referral.organisation_code)
    return ReportContext(
        referral=referral,
        requester_name=f"{requester.name}, vertrouwensarts" if requester else "",
        requester_organisation=organisation.name if organisation else referral.organisation_code,
        author_name=author_name,
        big_number=big_number,
        qualification=qualification,
        reviewer_name=reviewer_name,
        signed_at=signed_at,
        place=place,
    )


def _draft_context(session: Session, row: ForensicReport, referral: Referral) -> ReportContext:
    """A draft shows its author as the doctor record has them; it is not signed yet."""
    author = session.get(User, row.author_id)
    assert author is not None, "author_id is a foreign key"
    signer = draft_signer(session, author)
    return _context(
        session,
        referral,
        author_name=signer.name,
        big_number=signer.big_number,
        qualification=signer.qualification,
    )


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
    """Sign the current draft: complete or 422 per missing section; then immutable."""
    user = require_user(actor)
    referral = referral_for_writing(session, referral_id, actor)
    row = latest_version(session, referral.id)
    if row is None:
        raise NotFound("there is no draft report on this referral yet", type="no_draft")
    _refuse_final(row)
    _require_author(row, user)
    signer, problems = final_signer(session, user, request)
    reviewer_name = _reviewer_name(session, request, user, problems)
    if problems:
        raise ValidationFailed(problems=problems)
    now = utcnow()
    place = request.place or ""
    ctx = _context(
        session,
        referral,
        author_name=signer.name,
        big_number=signer.big_number,
        qualification=signer.qualification,
        reviewer_name=reviewer_name,
        signed_at=now,
        place=place,
    )
    data = report_data(row, content_of(row), ctx)
    if found := gaps(data):
        raise ValidationFailed(problems=_section_problems(found))
    html = render_forensic_report(data)
    row.status = ReportStatus.FINAL.value
    row.signed_name = signer.name
    row.signed_big_number = signer.big_number
    row.signed_qualification = signer.qualification
    row.signed_place = place or None
    row.reviewer_name = reviewer_name
    row.reviewer_user_id = request.reviewer_user_id
    row.finalised_at = now
    row.updated_at = now
    row.template_version = data.template_version
    row.final_html = html
    row.sha256 = hashlib.sha256(html.encode("utf-8")).hexdigest()
    session.add(row)
    record(
        session,
        actor,
        AuditAction.UPDATE,
        RECORD,
        row.id,
        detail=f"finalised v{row.version} sha256 {row.sha256[:16]}",
    )
    if referral.status == ReferralStatus.EXAMINED.value:
        apply_status(
            session,
            referral,
            ReferralStatus.REPORTED,
            actor=actor,
            note=f"examined -> reported (report v{row.version} finalised)",
        )
    session.commit()
    return version_public(row)


def _reviewer_name(
    session: Session, request: FinaliseRequest, author: User, problems: list[Problem]
) -> str | None:
    """The reviewer by name, or by user id (a doctor who is not the author)."""
    if request.reviewer_user_id is None:
        name = request.reviewer_name
    else:
        reviewer = session.get(User, request.reviewer_user_id)
        if reviewer is None or reviewer.role_enum not in DOCTOR_ROLES:
            problems.append(
                Problem(
                    "the reviewer must be a doctor with an account",
                    "unknown_reviewer",
                    ("body", "reviewer_user_id"),
                )
            )
            return None
        if reviewer.id == author.id:
            problems.append(
                Problem(
                    "the author cannot review their own report",
                    "reviewer_is_author",
                    ("body", "reviewer_user_id"),
                )
            )
        name = request.reviewer_name or reviewer.name
    if name and name.casefold() == author.name.casefold():
        problems.append(
            Problem(
                "the author cannot review their own report",
                "reviewer_is_author",
                ("body", "reviewer_name"),
            )
        )
    return name


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
    return RenderedReport(html, row.report_number, row.version, row.is_final, row.sha256)


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
    by_row = session.get(ForensicReport, int(ident)) if ident.isdigit() else None
    if by_row is not None:
        return by_row.referral_id
    by_number = session.exec(
        select(ForensicReport).where(ForensicReport.report_number == ident.upper())
    ).first()
    return by_number.referral_id if by_number else ident
