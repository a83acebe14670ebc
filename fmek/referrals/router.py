"""HTTP endpoints for referrals and what-if triage: thin, they call the service."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.auth.deps import CurrentUserDep, VertrouwensartsDep
from fmek.db import SessionDep
from fmek.referrals import service
from fmek.referrals.deps import IdempotencyKeyDep, IfMatchDep, ReferralDep, etag
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import (
    BsnSearch,
    ReferralCreate,
    ReferralPage,
    ReferralPublic,
    RoutingPublic,
    StatusChange,
    StatusChangePublic,
    TriageRequest,
)
from routing.vocabulary import Destination, TaskKind, Urgency

router = APIRouter(tags=["referrals"])


@router.post(
    "/referrals",
    status_code=201,
    response_model=ReferralPublic,
    responses=error_responses(401, 403, 422),
)
def submit_referral(
    referral_in: ReferralCreate,
    session: SessionDep,
    _user: VertrouwensartsDep,
    actor: ActorDep,
    idempotency_key: IdempotencyKeyDep,
    response: Response,
) -> ReferralPublic:
    """A VT vertrouwensarts asks for forensic-medical expertise for a child; routed at once."""
    submitted = service.submit_referral(
        session, referral_in, actor=actor, idempotency_key=idempotency_key
    )
    response.headers["ETag"] = etag(submitted.referral.version)
    response.headers["Location"] = f"/api/v1/referrals/{submitted.referral.id}"
    if submitted.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return submitted.referral


@router.get("/referrals", response_model=ReferralPage, responses=error_responses(401, 403, 422))
def list_referrals(
    session: SessionDep,
    actor: ActorDep,
    status: ReferralStatus | None = None,
    destination: Destination | None = None,
    urgency: Urgency | None = None,
    task: TaskKind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> ReferralPage:
    """Referrals in the caller's scope, newest first; `task` keeps those whose current
    decision holds a task of that kind (LECK's advice queue: `task=leck_advice`)."""
    filters = service.ReferralFilter(
        status=status,
        destination=destination.value if destination else None,
        urgency=urgency.value if urgency else None,
        task=task,
    )
    return service.list_referrals(session, actor, filters, limit=limit, offset=offset)


@router.post(
    "/referrals/search", response_model=ReferralPage, responses=error_responses(401, 403, 422)
)
def search_referrals(
    search: BsnSearch,
    session: SessionDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> ReferralPage:
    """Referrals in the caller's scope for a child's BSN (sent in the body, never in the URL);
    audited as a search with every referral it found."""
    filters = service.ReferralFilter(bsn=search.bsn)
    return service.list_referrals(session, actor, filters, limit=limit, offset=offset)


@router.get(
    "/referrals/{referral_id}",
    response_model=ReferralPublic,
    responses=error_responses(401, 403, 404),
)
def get_referral(
    referral: ReferralDep, session: SessionDep, actor: ActorDep, response: Response
) -> ReferralPublic:
    response.headers["ETag"] = etag(referral.version)
    return service.read_referral(session, referral, actor)


@router.get(
    "/referrals/{referral_id}/routing-decisions",
    response_model=list[RoutingPublic],
    responses=error_responses(401, 403, 404),
)
def get_routing_history(
    referral: ReferralDep, session: SessionDep, actor: ActorDep
) -> list[RoutingPublic]:
    """Every routing decision of the referral, oldest first; later versions never rewrite older."""
    return service.decision_history(session, referral, actor)


@router.post(
    "/referrals/{referral_id}/transitions",
    response_model=ReferralPublic,
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
def change_status(
    change: StatusChange,
    referral: ReferralDep,
    session: SessionDep,
    actor: ActorDep,
    expected_version: IfMatchDep,
    response: Response,
) -> ReferralPublic:
    """Move the referral along its lifecycle; send If-Match with the ETag you read."""
    updated = service.change_status(
        session, referral, change, actor=actor, expected_version=expected_version
    )
    response.headers["ETag"] = etag(updated.version)
    return updated


@router.get(
    "/referrals/{referral_id}/status-history",
    response_model=list[StatusChangePublic],
    responses=error_responses(401, 403, 404),
)
def get_status_history(
    referral: ReferralDep, session: SessionDep, actor: ActorDep
) -> list[StatusChangePublic]:
    """Every status change of the referral with the reason given, oldest first."""
    return service.status_history(session, referral, actor)


@router.post("/triage", response_model=RoutingPublic, responses=error_responses(401, 422))
def what_if_triage(case: TriageRequest, _user: CurrentUserDep) -> RoutingPublic:
    """What would happen to this case (given by age in months, no identity); stores nothing."""
    return service.what_if(case)
