"""HTTP endpoints for examination planning: doctors' assignments and planners' region plans."""

from fastapi import APIRouter

from fmek.allocation import service
from fmek.allocation.deps import AssignmentId, ForensischArtsDep
from fmek.allocation.models import (
    AssignmentPublic,
    Decline,
    NoticePublic,
    PlanRunPublic,
    RegionPlan,
)
from fmek.api.deps import RegionCode, SettingsDep
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.auth.deps import CurrentUserDep
from fmek.db import SessionDep

router = APIRouter(tags=["allocation"])


@router.get(
    "/doctors/me/assignments",
    response_model=list[AssignmentPublic],
    responses=error_responses(401, 403, 404),
)
def my_assignments(
    session: SessionDep, _user: ForensischArtsDep, actor: ActorDep
) -> list[AssignmentPublic]:
    """Your examinations: live ones and those of the past week; `changed_at` and
    `previous_start_at` show what a new plan changed."""
    return service.my_assignments(session, actor)


@router.get(
    "/doctors/me/notifications",
    response_model=list[NoticePublic],
    responses=error_responses(401, 403, 404),
)
def my_notifications(
    session: SessionDep, _user: ForensischArtsDep, actor: ActorDep
) -> list[NoticePublic]:
    """Changes to your plan, newest first: assigned, moved (with the previous start), removed."""
    return service.my_notices(session, actor)


@router.post(
    "/assignments/{assignment_id}/decline",
    response_model=AssignmentPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def decline(
    assignment_id: AssignmentId,
    body: Decline,
    session: SessionDep,
    _user: ForensischArtsDep,
    actor: ActorDep,
) -> AssignmentPublic:
    """Decline with a reason; the examination is re-planned at once, without you."""
    return service.decline(session, assignment_id, body.reason, actor)


@router.post(
    "/assignments/{assignment_id}/{action}",
    response_model=AssignmentPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def act(
    assignment_id: AssignmentId,
    action: service.Action,
    session: SessionDep,
    _user: ForensischArtsDep,
    actor: ActorDep,
) -> AssignmentPublic:
    """`accept` a proposal (pinned from then on: re-planning keeps it), `start` it, or
    `complete` it (the referral moves to `examined`)."""
    return service.act(session, assignment_id, action, actor)


@router.post(
    "/regions/{code}/replan",
    response_model=PlanRunPublic,
    responses=error_responses(401, 403, 404, 422),
)
def replan(
    code: RegionCode,
    session: SessionDep,
    user: CurrentUserDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> PlanRunPublic:
    """Plan the region's open examinations again over the doctors of the region and its
    neighbours; accepted and started examinations stay; who cannot be served in time is
    escalated to LECK."""
    return service.replan_as_planner(session, code, user, settings=settings, actor=actor)


@router.get(
    "/regions/{code}/assignments",
    response_model=RegionPlan,
    responses=error_responses(401, 403, 404, 422),
)
def region_plan(code: RegionCode, session: SessionDep, actor: ActorDep) -> RegionPlan:
    """The region's plan with an explanation per assignment and per unplanned examination."""
    return service.region_plan(session, code, actor)
