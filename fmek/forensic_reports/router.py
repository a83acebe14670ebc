"""HTTP endpoints for the forensic-medical report of a referral: thin, they call the service."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Response
from fastapi.responses import HTMLResponse

from fmek.api.deps import ReferralId
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.audit.models import AuditAction
from fmek.db import SessionDep
from fmek.forensic_reports import editor, reading, second_opinion, service
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import (
    AuthorChange,
    CorrectionRequest,
    DraftRead,
    DraftSaved,
    FinaliseRequest,
    ReportVersionList,
    ReportVersionPublic,
    ReviewQueue,
    ReviewRequest,
    SecondOpinionPublic,
    SecondOpinionRequest,
    VerifiedReport,
)
from fmek.security.headers import DOCUMENT_HEADERS
from fmek.security.rate_limit import verify_rate_limit
from reports import html_to_pdf

router = APIRouter(tags=["reports"])

Version = Annotated[int | None, Query(ge=1, le=10_000, description="default: latest")]
DraftIfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=200, description="ETag of the draft you read")
]


def _headers(rendered: reading.RenderedReport) -> dict[str, str]:
    headers = dict(DOCUMENT_HEADERS)
    headers["X-Report-Version"] = str(rendered.version)
    if rendered.sha256:
        headers["X-Report-SHA256"] = rendered.sha256
    return headers


@router.put(
    "/referrals/{referral_id}/report/draft",
    response_model=DraftSaved,
    responses={201: {"model": DraftSaved}, **error_responses(401, 404, 409, 422)},
)
def save_draft(
    referral_id: ReferralId,
    draft: ReportDraftIn,
    session: SessionDep,
    actor: ActorDep,
    response: Response,
    if_match: DraftIfMatch = None,
) -> DraftSaved:
    """The examining forensisch arts writes the findings; replaces the current draft.

    Send the ETag of the last save (or of `GET .../report/draft`) as If-Match: a draft saved
    elsewhere in between is then refused with 412 `stale_draft` instead of overwritten."""
    tag = None if if_match is None or if_match.strip() == "*" else _unquote(if_match)
    saved, new_tag = editor.save_draft_checked(
        session, referral_id, draft, actor=actor, if_match=tag
    )
    response.status_code = 201 if saved.created else 200
    response.headers["ETag"] = f'"{new_tag}"'
    return DraftSaved(report=saved.report, missing_sections=saved.missing_sections)


@router.get(
    "/referrals/{referral_id}/report/draft",
    response_model=DraftRead,
    responses=error_responses(401, 404),
)
def get_draft(
    referral_id: ReferralId, session: SessionDep, actor: ActorDep, response: Response
) -> DraftRead:
    """The newest version for its writer (the examining forensisch arts): its findings, what
    finalising still needs, and as ETag the If-Match for the next save."""
    draft, tag = editor.read_draft(session, referral_id, actor=actor)
    response.headers["ETag"] = f'"{tag}"'
    response.headers["Cache-Control"] = "no-store"
    return draft


def _unquote(tag: str) -> str:
    return tag.strip().removeprefix("W/").strip('"')


@router.post(
    "/referrals/{referral_id}/report/finalise",
    response_model=ReportVersionPublic,
    responses=error_responses(401, 404, 409, 422),
)
def finalise_report(
    referral_id: ReferralId,
    request: FinaliseRequest,
    session: SessionDep,
    actor: ActorDep,
) -> ReportVersionPublic:
    """Submit the complete draft to the named reviewer (status `in_review`); it becomes final
    when they approve. 403 without a verified doctor record; 422 per missing section and for a
    reviewer who cannot review; fields naming the signer are refused."""
    return service.finalise(session, referral_id, request, actor=actor)


@router.post(
    "/referrals/{referral_id}/report/review",
    response_model=ReportVersionPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def review_report(
    referral_id: ReferralId,
    request: ReviewRequest,
    session: SessionDep,
    actor: ActorDep,
) -> ReportVersionPublic:
    """The named reviewer approves (signed with PAdES, final) or returns it with a remark."""
    return service.review(session, referral_id, request, actor=actor)


@router.get("/report-reviews", response_model=ReviewQueue, responses=error_responses(401))
def review_queue(session: SessionDep, actor: ActorDep) -> ReviewQueue:
    """Reports waiting for the signed-in forensisch arts' review."""
    return reading.review_queue(session, actor=actor)


@router.put(
    "/referrals/{referral_id}/report/author",
    response_model=ReportVersionPublic,
    responses=error_responses(401, 404, 409, 422),
)
def change_author(
    referral_id: ReferralId,
    request: AuthorChange,
    session: SessionDep,
    actor: ActorDep,
) -> ReportVersionPublic:
    """A GGD planner of the region hands an unfinished report to another forensisch arts."""
    return service.change_author(session, referral_id, request, actor=actor)


Sha256 = Annotated[str, Path(pattern="^[0-9a-fA-F]{64}$", description="SHA-256, 64 hex digits")]


@router.get(
    "/verify/{sha256}",
    response_model=VerifiedReport,
    responses=error_responses(404, 422, 429),
    dependencies=[Depends(verify_rate_limit)],
)
def verify_report(sha256: Sha256, session: SessionDep) -> VerifiedReport:
    """Which report, version, signer and time belong to this code (printed in the report's
    footer) or to this signed PDF's SHA-256. No sign-in: a court or a lawyer checks it; so it is
    rate-limited per client address (429 with Retry-After)."""
    return reading.verify(session, sha256)


@router.post(
    "/referrals/{referral_id}/report/corrections",
    status_code=201,
    response_model=ReportVersionPublic,
    responses=error_responses(401, 404, 409, 422),
)
def start_correction(
    referral_id: ReferralId,
    session: SessionDep,
    actor: ActorDep,
    request: Annotated[CorrectionRequest, Body()],
) -> ReportVersionPublic:
    """A new draft version copying the final one, with the reason; older versions stay."""
    return service.start_correction(session, referral_id, request, actor=actor)


@router.get(
    "/referrals/{referral_id}/report/versions",
    response_model=ReportVersionList,
    responses=error_responses(401, 404),
)
def list_versions(
    referral_id: ReferralId, session: SessionDep, actor: ActorDep
) -> ReportVersionList:
    return reading.list_versions(session, referral_id, actor=actor)


@router.get(
    "/referrals/{referral_id}/report",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **error_responses(401, 404, 422)},
)
def get_report_html(
    referral_id: ReferralId, session: SessionDep, actor: ActorDep, version: Version = None
) -> HTMLResponse:
    """The report as HTML; a final version is exactly the document that was signed."""
    rendered = reading.render(
        session, referral_id, actor=actor, version=version, action=AuditAction.READ, medium="html"
    )
    return HTMLResponse(rendered.html, headers=_headers(rendered))


@router.get(
    "/referrals/{referral_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(401, 404, 422)},
)
def get_report_pdf(
    referral_id: ReferralId, session: SessionDep, actor: ActorDep, version: Version = None
) -> Response:
    """The report as archival PDF (PDF/A-2u, fonts embedded), as a download; a final version is
    the PDF signed at approval (PAdES), byte for byte."""
    rendered = reading.render(
        session, referral_id, actor=actor, version=version, action=AuditAction.EXPORT, medium="pdf"
    )
    session.close()  # a draft's PDF takes about a second; hold no transaction meanwhile
    pdf = rendered.signed_pdf if rendered.signed_pdf is not None else html_to_pdf(rendered.html)
    filename = f"{rendered.report_number}-v{rendered.version}.pdf"
    headers = _headers(rendered)
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.post(
    "/referrals/{referral_id}/report/second-opinion",
    status_code=201,
    response_model=SecondOpinionPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def grant_second_opinion(
    referral_id: ReferralId, body: SecondOpinionRequest, session: SessionDep, actor: ActorDep
) -> SecondOpinionPublic:
    """The referring vertrouwensarts lets LECK read this GGD referral's final report (a second
    opinion); the reason is stored and the grant audited."""
    return second_opinion.grant_second_opinion(session, referral_id, body, actor)
