"""HTTP endpoints for the forensic-medical report of a referral: thin, they call the service."""

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response
from fastapi.responses import HTMLResponse

from fmek.advice.deps import AdviceDep
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.audit.models import AuditAction
from fmek.db import SessionDep
from fmek.forensic_reports import service
from fmek.forensic_reports.advice_letter import advice_letter_html
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import (
    CorrectionRequest,
    DraftSaved,
    FinaliseRequest,
    ReportVersionList,
    ReportVersionPublic,
)
from reports import html_to_pdf

router = APIRouter(tags=["reports"])

ReferralId = Annotated[str, Path(max_length=64)]
Version = Annotated[int | None, Query(ge=1, le=10_000, description="default: latest")]

# A report is medical data: never cached, never sniffed, and even if escaping ever failed the
# browser would run no script and load nothing from elsewhere.
_DOCUMENT_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
}


def _headers(rendered: service.RenderedReport) -> dict[str, str]:
    headers = dict(_DOCUMENT_HEADERS)
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
) -> DraftSaved:
    """The examining forensisch arts writes the findings; replaces the current draft."""
    saved = service.save_draft(session, referral_id, draft, actor=actor)
    response.status_code = 201 if saved.created else 200
    return DraftSaved(report=saved.report, missing_sections=saved.missing_sections)


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
    """Sign the draft (422 lists every missing section); a final version never changes."""
    return service.finalise(session, referral_id, request, actor=actor)


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
    return service.list_versions(session, referral_id, actor=actor)


@router.get(
    "/referrals/{referral_id}/report",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **error_responses(401, 404, 422)},
)
def get_report_html(
    referral_id: ReferralId, session: SessionDep, actor: ActorDep, version: Version = None
) -> HTMLResponse:
    """The report as HTML; a final version is exactly the document that was signed."""
    rendered = service.render(
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
    """The report as archival PDF (PDF/A-2u, fonts embedded), as a download."""
    rendered = service.render(
        session, referral_id, actor=actor, version=version, action=AuditAction.EXPORT, medium="pdf"
    )
    session.close()  # the PDF takes about a second; hold no transaction meanwhile
    pdf = html_to_pdf(rendered.html)
    filename = f"{rendered.report_number}-v{rendered.version}.pdf"
    headers = _headers(rendered)
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get(
    "/advice-requests/{case_number}/letter",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **error_responses(401, 403, 404, 409)},
)
def get_advice_letter(advice: AdviceDep, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """The LECK advice letter (case number only) once the advice is released."""
    html = advice_letter_html(session, advice, actor=actor, action=AuditAction.READ, medium="html")
    return HTMLResponse(html, headers=_DOCUMENT_HEADERS)


@router.get(
    "/advice-requests/{case_number}/letter.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(401, 403, 404, 409)},
)
def get_advice_letter_pdf(advice: AdviceDep, session: SessionDep, actor: ActorDep) -> Response:
    """The LECK advice letter as archival PDF, as a download."""
    case_number = advice.case_number
    html = advice_letter_html(session, advice, actor=actor, action=AuditAction.EXPORT, medium="pdf")
    session.close()
    headers = dict(_DOCUMENT_HEADERS)
    headers["Content-Disposition"] = f'attachment; filename="LECK-advies-{case_number}.pdf"'
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)
