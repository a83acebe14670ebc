"""The per-child access overview over HTTP (thin; the service decides who may read it)."""

from typing import Annotated

from fastapi import APIRouter, Query

from fmek.api.deps import ReferralId
from fmek.api.errors import error_responses
from fmek.audit.access_log import AccessLog, access_log
from fmek.audit.deps import ActorDep
from fmek.db import SessionDep

router = APIRouter(tags=["audit"])


@router.get(
    "/referrals/{referral_id}/access-log",
    response_model=AccessLog,
    responses=error_responses(401, 403, 404, 422),
)
def referral_access_log(
    referral_id: ReferralId,
    session: SessionDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> AccessLog:
    """Who read, changed, listed or was refused this child's referral: name, role,
    organisation, what, when and from where. For the referral's vertrouwensarts (own Veilig
    Thuis) and the privacy officer (role `privacy`)."""
    return access_log(session, referral_id, actor, limit=limit, offset=offset)
