"""Writing a report: save a draft, submit it for review, review (approve = sign, or return),
reassign authorship and start a correction. Reading lives in `reading.py`.

Each use case is one unit of work that commits before it returns. Rendering a draft's PDF is
slow (about a second), so the services hand back HTML after committing and the caller turns it
into a PDF outside any transaction; a final version's PDF is the signed file stored at approval.

Integrity: a final version keeps the exact HTML that was signed (`final_html`), the signed PDF
(PAdES, the issuing GGD's certificate) and two SHA-256 values: `sha256`, the report's own code,
printed in its footer (computed over the final HTML as rendered before the code was printed into
it), and `pdf_sha256`, of the signed file's bytes. `GET /verify/{sha256}` accepts either.

Long because the writing use cases share their guards (final, author, in review) and the signing
steps; reading is reading.py.
"""

import dataclasses
import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.clock import utcnow
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
    not_found,
    referral_for_writing,
)
from fmek.forensic_reports.adapters import (
    TEMPLATE_VERSION,
    content_of,
    report_data,
    version_public,
)
from fmek.forensic_reports.certificates import identity_for
from fmek.forensic_reports.consistency import referral_problems
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import (
    AuthorChange,
    CorrectionRequest,
    FinaliseRequest,
    ForensicReport,
    ReportVersionPublic,
    ReviewDecision,
    ReviewRequest,
)
from fmek.forensic_reports.signing import (
    issuer_of,
    linked_doctor,
    reviewer_problem,
    signing_problem,
    verified_signer,
)
from fmek.forensic_reports.versions import (
    draft_context,
    latest_version,
    report_context,
    report_number,
)
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from fmek.referrals.service import apply_status
from reports import html_to_pdf, render_forensic_report
from reports.completeness import SECTIONS, Gap, gaps
from reports.data import ReportStatus
from reports.pades import sign_pdf


@dataclass(frozen=True, slots=True)
class SavedDraft:
    report: ReportVersionPublic
    created: bool
    missing_sections: list[str]


def _refuse_final(row: ForensicReport) -> None:
    if row.is_final:
        raise InvalidState(
            f"version {row.version} is final and cannot be changed; start a correction "
            "(POST .../report/corrections) to write a new version",
            type="report_final",
        )


def _require_author(session: Session, actor: Actor, row: ForensicReport) -> None:
    """Only its author continues a report; to a colleague it does not exist (the same 404 as
    a referral without a report in her scope: a refusal says nothing about the report)."""
    if row.author_id != actor.require_user().id:
        raise not_found(session, actor, row.referral_id)


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
    user = actor.require_user()
    referral = referral_for_writing(session, referral_id, actor)
    if referral.status == ReferralStatus.WITHDRAWN.value:
        raise InvalidState("the referral was withdrawn; no report is written", type="withdrawn")
    now = utcnow()
    if problems := [*data.problems(), *referral_problems(data, referral, now)]:
        raise ValidationFailed(problems=problems)
    row = latest_version(session, referral.id)
    created = row is None
    if row is None:
        row = ForensicReport(
            referral_id=referral.id,
            version=1,
            report_number=report_number(referral),
            kind=data.kind.value,
            content={},
            author_id=user.id or 0,
            created_at=now,
            template_version=TEMPLATE_VERSION,
        )
    else:
        _require_author(session, actor, row)
        _refuse_final(row)
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
    found = gaps(report_data(row, data, draft_context(session, row, referral)))
    return list(dict.fromkeys(g.section for g in found if g.section != "ondertekening"))


def finalise(
    session: Session, referral_id: str, request: FinaliseRequest, *, actor: Actor
) -> ReportVersionPublic:
    """Submit the complete draft to a second forensisch arts of the same GGD for review.

    403 when the author has no verified doctor record; 422 for a reviewer who cannot review
    (the author, another region, no verified record) and per incomplete section."""
    user = actor.require_user()
    referral = referral_for_writing(session, referral_id, actor)
    row = latest_version(session, referral.id)
    if row is None:
        raise NotFound("there is no draft report on this referral yet", type="no_draft")
    _require_author(session, actor, row)
    _refuse_final(row)
    _refuse_in_review(row)
    signer = verified_signer(session, user)
    problems = []
    if (problem := reviewer_problem(session, signer, request.reviewer_user_id)) is not None:
        problems.append(problem)
    reviewer = session.get(User, request.reviewer_user_id)
    ctx = report_context(
        session,
        referral,
        signer,
        author=user,
        reviewer_name=reviewer.name if reviewer else "?",
        signed_at=utcnow(),
    )
    content = content_of(row)
    problems.extend(referral_problems(content, referral, utcnow()))
    problems.extend(_section_problems(gaps(report_data(row, content, ctx))))
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
    user = actor.require_user()
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
    ctx = report_context(
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


def change_author(
    session: Session, referral_id: str, request: AuthorChange, *, actor: Actor
) -> ReportVersionPublic:
    """A planner of the referral's region (or an admin) hands the unfinished report to another
    forensisch arts of that region; a version under review goes back to draft. Audited."""
    user = actor.require_user()
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
    user = actor.require_user()
    referral = referral_for_writing(session, referral_id, actor)
    final = latest_version(session, referral.id)
    if final is None:
        raise NotFound("there is no report on this referral yet", type="no_report")
    _require_author(session, actor, final)
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
