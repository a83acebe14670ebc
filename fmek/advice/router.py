"""HTTP endpoints for anonymous LECK advice: thin, they call the services.

Declared role dependencies come before the case lookup, so a role that may never do something
gets 403 whether or not the case exists, and the lookup (404) cannot be used to probe numbers.
"""

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile
from fastapi.responses import HTMLResponse

from fmek.advice import attachments, consult, consultants, service, stats
from fmek.advice.consultants import (
    ConsultantProfileIn,
    ConsultantProfileList,
    ConsultantProfilePublic,
)
from fmek.advice.deps import AdviceDep, LeckDep, RequesterDep
from fmek.advice.letter import advice_letter_html
from fmek.advice.lifecycle import AdviceStatus
from fmek.advice.models import (
    AdviceCreate,
    AdvicePage,
    AdvicePublic,
    AdviceStats,
    AdviceSubmitted,
    AnswerIn,
    ConsultCreate,
    ConsultCreated,
    PhotoPublic,
    ReviewIn,
    RevisionIn,
    TeamMeetingIn,
)
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.audit.models import AuditAction
from fmek.auth.deps import AdminDep
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.referrals.deps import IdempotencyKeyDep
from fmek.security.headers import DOCUMENT_HEADERS
from reports import html_to_pdf

router = APIRouter(prefix="/advice-requests", tags=["advice"])


@router.post(
    "", status_code=201, response_model=AdviceSubmitted, responses=error_responses(401, 403, 422)
)
def submit_advice(
    _user: RequesterDep,
    advice_in: AdviceCreate,
    session: SessionDep,
    actor: ActorDep,
    idempotency_key: IdempotencyKeyDep,
    response: Response,
) -> AdviceSubmitted:
    """A doctor asks LECK for anonymous advice; the answer is only the case number."""
    submitted = service.submit_advice(
        session, advice_in, actor=actor, idempotency_key=idempotency_key
    )
    response.headers["Location"] = f"/api/v1/advice-requests/{submitted.advice.case_number}"
    if submitted.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return submitted.advice


@router.get("", response_model=AdvicePage, responses=error_responses(401, 403, 422))
def list_advice(
    session: SessionDep,
    actor: ActorDep,
    status: AdviceStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AdvicePage:
    """LECK: the work queue, oldest first (open cases unless ``status`` is given).
    A requesting doctor: their own requests."""
    return service.list_advice(session, actor, status, limit=limit, offset=offset)


@router.get("/stats", response_model=AdviceStats, responses=error_responses(401, 403, 422))
def advice_figures(
    _user: LeckDep,
    session: SessionDep,
    actor: ActorDep,
    year: Annotated[int | None, Query(ge=2014, le=2100)] = None,
) -> AdviceStats:
    """Counts per month, concern, age band and conclusion; cells under 5 suppressed."""
    the_year = year or utcnow().astimezone(AMSTERDAM).year
    return stats.advice_stats(session, the_year, actor=actor)


@router.get("/{case_number}", response_model=AdvicePublic, responses=error_responses(401, 403, 404))
def get_advice(advice: AdviceDep, session: SessionDep, actor: ActorDep) -> AdvicePublic:
    """The requester: status and, once released, the advice. LECK: the whole case."""
    return service.read_advice(session, advice, actor)


@router.post(
    "/{case_number}/claim",
    response_model=AdvicePublic,
    responses=error_responses(401, 403, 404, 409),
)
def claim_advice(
    _user: LeckDep, advice: AdviceDep, session: SessionDep, actor: ActorDep
) -> AdvicePublic:
    """Take a case from the queue; if a colleague was first, 409."""
    return service.claim_advice(session, advice, actor)


@router.post(
    "/{case_number}/answer",
    response_model=AdvicePublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def answer_advice(
    _user: LeckDep, advice: AdviceDep, answer: AnswerIn, session: SessionDep, actor: ActorDep
) -> AdvicePublic:
    """The consultant who claimed the case writes the reasoned advice (a draft): beoordeling,
    differential diagnosis, disciplines, material received and the two-axis outcome."""
    return service.answer_advice(session, advice, answer, actor)


@router.post(
    "/{case_number}/team-meeting",
    response_model=AdvicePublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def record_team_meeting(
    _user: LeckDep,
    advice: AdviceDep,
    meeting: TeamMeetingIn,
    session: SessionDep,
    actor: ActorDep,
) -> AdvicePublic:
    """Record the day the weekly team meeting discussed the case (its own event)."""
    return service.record_team_meeting(session, advice, meeting, actor)


@router.post(
    "/{case_number}/review",
    response_model=AdvicePublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def review_advice(
    _user: LeckDep, advice: AdviceDep, review: ReviewIn, session: SessionDep, actor: ActorDep
) -> AdvicePublic:
    """A second consultant releases the advice to the requester or returns it with a remark."""
    return service.review_advice(session, advice, review, actor)


@router.post(
    "/{case_number}/revision",
    response_model=AdvicePublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def revise_advice(
    _user: LeckDep, advice: AdviceDep, revision: RevisionIn, session: SessionDep, actor: ActorDep
) -> AdvicePublic:
    """Reopen a released advice with a reason; its next release is the next letter version."""
    return service.revise_advice(session, advice, revision, actor)


@router.post(
    "/{case_number}/photos",
    status_code=201,
    response_model=PhotoPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def add_photo(
    _user: RequesterDep,
    advice: AdviceDep,
    file: Annotated[UploadFile, File(description="a JPEG or PNG photo, at most 10 MB")],
    session: SessionDep,
    actor: ActorDep,
) -> PhotoPublic:
    """Attach a photo: it is re-encoded without metadata; the uploaded bytes are not kept."""
    data = file.file.read(attachments.MAX_PHOTO_BYTES + 1)
    return attachments.add_photo(session, advice, data, actor=actor)


@router.get(
    "/{case_number}/photos",
    response_model=list[PhotoPublic],
    responses=error_responses(401, 403, 404),
)
def list_photos(
    _user: LeckDep, advice: AdviceDep, session: SessionDep, actor: ActorDep
) -> list[PhotoPublic]:
    return attachments.list_photos(session, advice, actor=actor)


@router.get(
    "/{case_number}/photos/{photo_id}",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}}},
        **error_responses(401, 403, 404),
    },
)
def get_photo(
    _user: LeckDep,
    advice: AdviceDep,
    photo_id: Annotated[str, Path(max_length=36)],
    session: SessionDep,
    actor: ActorDep,
) -> Response:
    """The scrubbed photo; not cached by browsers or proxies."""
    photo = attachments.read_photo(session, advice, photo_id, actor=actor)
    return Response(
        content=photo.content,
        media_type=photo.media_type,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post(
    "/{case_number}/consult",
    status_code=201,
    response_model=ConsultCreated,
    responses=error_responses(401, 403, 404, 409, 422),
)
def request_consult(
    _user: RequesterDep,
    advice: AdviceDep,
    consult_in: ConsultCreate,
    session: SessionDep,
    actor: ActorDep,
    response: Response,
) -> ConsultCreated:
    """Turn a released advice into an identified LECK consult, with the child's identity and
    recorded consent; the link between the two exists only with that consent."""
    created = consult.convert_to_consult(session, advice, consult_in, actor=actor)
    response.headers["Location"] = f"/api/v1/referrals/{created.referral_id}"
    return created


@router.get(
    "/{case_number}/letter",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **error_responses(401, 403, 404, 409)},
)
def get_advice_letter(advice: AdviceDep, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    """The LECK advice letter (case number only) once the advice is released."""
    html = advice_letter_html(session, advice, actor=actor, action=AuditAction.READ, medium="html")
    return HTMLResponse(html, headers=DOCUMENT_HEADERS)


@router.get(
    "/{case_number}/letter.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(401, 403, 404, 409)},
)
def get_advice_letter_pdf(advice: AdviceDep, session: SessionDep, actor: ActorDep) -> Response:
    """The LECK advice letter as archival PDF, as a download."""
    case_number = advice.case_number
    html = advice_letter_html(session, advice, actor=actor, action=AuditAction.EXPORT, medium="pdf")
    session.close()
    headers = dict(DOCUMENT_HEADERS)
    headers["Content-Disposition"] = f'attachment; filename="LECK-advies-{case_number}.pdf"'
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


consultants_router = APIRouter(prefix="/leck-consultants", tags=["advice"])
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@consultants_router.put(
    "/{user_id}",
    response_model=ConsultantProfilePublic,
    responses={201: {"model": ConsultantProfilePublic}, **error_responses(401, 403, 404, 409, 422)},
)
def register_consultant(
    _admin: AdminDep,
    user_id: UserId,
    profile: ConsultantProfileIn,
    session: SessionDep,
    actor: ActorDep,
    response: Response,
) -> ConsultantProfilePublic:
    """Register (201) or replace (200) a LECK consultant's function, BIG number (and whether it
    was checked in the BIG register) and member hospital, as printed on their letters."""
    public, created = consultants.register(session, user_id, profile, actor=actor)
    response.status_code = 201 if created else 200
    return public


@consultants_router.get(
    "", response_model=ConsultantProfileList, responses=error_responses(401, 403)
)
def list_consultants(
    _admin: AdminDep, session: SessionDep, actor: ActorDep
) -> ConsultantProfileList:
    """Every registered LECK consultant profile, by name."""
    return consultants.profiles(session, actor=actor)
