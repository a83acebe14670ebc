"""HTTP endpoints for rosters: read, generate (background job), pin/change, fairness, exports,
national coverage and shift templates. Planners of the region (or admins) write; planners and
forensic doctors of the region read."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fmek.api.deps import RegionCode
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.deps import AdminDep, current_user, require_roles
from fmek.auth.models import Role, User
from fmek.db import SessionDep
from fmek.doctors.access import manages_region
from fmek.doctors.service import doctor_by_feed_token, load_doctor
from fmek.errors import NotFound
from fmek.reference.service import get_region
from fmek.rosters import coverage, exports, fairness, jobs, pools, rolling, service
from fmek.rosters import templates as shift_templates
from fmek.rosters.adapters import job_public
from fmek.rosters.deps import DateRangeDep, RosterPlannerDep, RosterReaderDep
from fmek.rosters.models import (
    AssignmentChange,
    AssignmentResult,
    CoverageOut,
    FairnessOut,
    JobCreate,
    JobPublic,
    PoolIn,
    PoolPublic,
    RosterOut,
    RosterWeekOut,
    TemplateIn,
    TemplatePublic,
    Unpin,
)

router = APIRouter(tags=["rosters"])
_feed_bearer = HTTPBearer(auto_error=False)
CoverageReaderDep = Annotated[
    User, Depends(require_roles(Role.GGD_PLANNER, Role.FORENSISCH_ARTS, Role.ADMIN))
]


@router.get(
    "/regions/{code}/roster",
    response_model=RosterOut,
    responses=error_responses(401, 403, 404, 422),
)
def get_roster(
    code: RegionCode, session: SessionDep, _user: RosterReaderDep, dates: DateRangeDep
) -> RosterOut:
    """Positions starting on from..to with their doctor (null = gap), the doctors, and every
    rule the roster breaks (hard, soft, and `coverage` gaps)."""
    return service.roster_view(session, code, *dates)


@router.post(
    "/regions/{code}/roster/jobs",
    status_code=202,
    response_model=JobPublic,
    responses=error_responses(401, 403, 404, 422, 429),
)
def start_generation(
    code: RegionCode,
    job_in: JobCreate,
    session: SessionDep,
    user: RosterPlannerDep,
    request: Request,
    response: Response,
) -> JobPublic:
    """Generate the roster of from..to in the background; pinned entries are kept. Regions that
    share a coverage pool are generated together. Poll the job for progress and the result."""
    get_region(session, code)
    job = jobs.create_job(
        session,
        code,
        job_in.from_,
        job_in.to,
        job_in.time_limit_s,
        user,
        settings=request.app.state.settings,
    )
    response.headers["Location"] = f"/api/v1/roster-jobs/{job.id}"
    return job_public(job)


@router.get("/roster-jobs/{job_id}", response_model=JobPublic, responses=error_responses(401, 404))
def get_generation(
    job_id: Annotated[str, Path(max_length=64)],
    session: SessionDep,
    user: Annotated[User, Depends(current_user)],
) -> JobPublic:
    """Status (queued, running, done, failed), progress 0-1 and, when done, the summary with
    every unfilled position and its reason."""
    job = jobs.get_job(session, job_id)
    if not manages_region(user, job.region):
        raise NotFound("no roster job with this id", type="unknown_job", loc=("path", "job_id"))
    return job_public(job)


@router.put(
    "/regions/{code}/roster/assignments",
    response_model=AssignmentResult,
    responses=error_responses(401, 403, 404, 409, 422),
)
def change_assignment(
    code: RegionCode,
    change: AssignmentChange,
    session: SessionDep,
    _user: RosterPlannerDep,
    actor: ActorDep,
) -> AssignmentResult:
    """Put a doctor (or null: nobody) in one position, pinned by default. A hard rule broken by
    the change refuses it with 409 (`type` is the rule name); soft ones come back as warnings."""
    return service.change_assignment(session, code, change, actor)


@router.post(
    "/regions/{code}/roster/unpin",
    response_model=AssignmentResult,
    responses=error_responses(401, 403, 404, 422),
)
def unpin(
    code: RegionCode, body: Unpin, session: SessionDep, _user: RosterPlannerDep, actor: ActorDep
) -> AssignmentResult:
    """Release a pin; the next generation may give the position to someone else."""
    return service.unpin(session, code, body.position_id, actor)


@router.get(
    "/regions/{code}/roster/fairness",
    response_model=FairnessOut,
    responses=error_responses(401, 403, 404, 422),
)
def get_fairness(
    code: RegionCode, session: SessionDep, _user: RosterReaderDep, dates: DateRangeDep
) -> FairnessOut:
    """Nights, weekends, on-call days and hours per doctor against a fair share."""
    return fairness.fairness(session, code, *dates)


@router.get(
    "/regions/{code}/roster.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **error_responses(401, 403, 404, 422)},
)
def export_csv(
    code: RegionCode,
    session: SessionDep,
    _user: RosterReaderDep,
    actor: ActorDep,
    dates: DateRangeDep,
) -> Response:
    get_region(session, code)
    text = exports.roster_csv(session, code, *dates, actor)
    name = f"rooster-{code}-{dates[0]}-{dates[1]}.csv"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/doctors/{doctor_id}/roster.ics",
    name="doctor_roster_ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses(401, 404, 422)},
)
def doctor_calendar(
    doctor_id: int,
    request: Request,
    session: SessionDep,
    dates: DateRangeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_feed_bearer)],
    token: Annotated[
        str | None,
        Query(max_length=200, description="Feed token from POST /doctors/{id}/feed-token"),
    ] = None,
) -> Response:
    """The doctor's positions as iCalendar. Calendar apps cannot send headers, so a per-doctor
    feed token in the query string also works (`?token=`); otherwise a bearer token of the
    doctor, a planner of the region or an admin. Default range: today and the next 6 days —
    subscribers should pass `from`/`to` (e.g. 8 weeks)."""
    if token is not None:
        doctor = doctor_by_feed_token(session, doctor_id, token)
        if doctor is None:
            raise NotFound(
                "unknown calendar link; ask for a new one",
                type="unknown_feed",
                loc=("query", "token"),
            )
        actor = Actor(
            user=None,
            client_address=request.client.host if request.client else None,
            acting_as=f"doctor:{doctor.id}",
        )
    else:
        user = current_user(request, session, credentials)
        doctor = load_doctor(session, doctor_id, user)
        actor = Actor(user=user, client_address=request.client.host if request.client else None)
    text = exports.doctor_ics(session, doctor, *dates)
    record(session, actor, AuditAction.EXPORT, "doctor_roster", doctor.id, detail="ics")
    session.commit()
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="rooster-{doctor.id}.ics"'},
    )


@router.get(
    "/regions/{code}/roster/weeks",
    response_model=list[RosterWeekOut],
    responses=error_responses(401, 403, 404, 422),
)
def roster_weeks(
    code: RegionCode, session: SessionDep, _user: RosterReaderDep, dates: DateRangeDep
) -> list[RosterWeekOut]:
    """The planned weeks from..to: draft or published, and the gaps left when planned."""
    return rolling.list_weeks(session, code, *dates)


@router.post(
    "/regions/{code}/roster/weeks/{monday}/publish",
    response_model=RosterWeekOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
def publish_roster_week(
    code: RegionCode,
    monday: date,
    session: SessionDep,
    _user: RosterPlannerDep,
    actor: ActorDep,
) -> RosterWeekOut:
    """Publish a planned week; the rolling extension never changes a planned week, and a
    published one changes only by a planner."""
    return rolling.publish_week(session, code, monday, actor)


@router.get("/coverage", response_model=CoverageOut, responses=error_responses(401, 403, 422))
def national_coverage(
    session: SessionDep, _user: CoverageReaderDep, dates: DateRangeDep
) -> CoverageOut:
    """Per GGD region: the share of rostered hours from..to whose shift has a qualified primary
    and back-up (default: the coming 7 days)."""
    return coverage.coverage(session, *dates)


@router.get(
    "/regions/{code}/shift-templates",
    response_model=list[TemplatePublic],
    responses=error_responses(401, 403, 404),
)
def get_templates(
    code: RegionCode, session: SessionDep, _user: RosterReaderDep
) -> list[TemplatePublic]:
    """The region's shift templates (the defaults until a planner stores others)."""
    return shift_templates.list_templates(session, code)


@router.put(
    "/regions/{code}/shift-templates",
    response_model=list[TemplatePublic],
    responses=error_responses(401, 403, 404, 422),
)
def put_templates(
    code: RegionCode,
    templates: Annotated[list[TemplateIn], Body(max_length=50)],
    session: SessionDep,
    _user: RosterPlannerDep,
    actor: ActorDep,
) -> list[TemplatePublic]:
    """Replace the region's shift templates; the next generation uses them."""
    return shift_templates.replace_templates(session, code, templates, actor)


@router.get("/coverage-pools", response_model=list[PoolPublic], responses=error_responses(401, 403))
def get_pools(session: SessionDep, _user: CoverageReaderDep) -> list[PoolPublic]:
    """Regions that share one line (e.g. the consignatie) and the templates they share."""
    return pools.list_pools(session)


@router.put(
    "/coverage-pools/{code}",
    response_model=PoolPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def put_pool(
    code: Annotated[str, Path(pattern=r"^[A-Z0-9-]{2,20}$")],
    pool_in: PoolIn,
    session: SessionDep,
    _admin: AdminDep,
    actor: ActorDep,
) -> PoolPublic:
    """Create or replace a coverage pool (admin); its regions' rosters are then generated together."""
    return pools.put_pool(session, code, pool_in, actor)


@router.delete("/coverage-pools/{code}", status_code=204, responses=error_responses(401, 403, 404))
def delete_pool(
    code: Annotated[str, Path(max_length=20)],
    session: SessionDep,
    _admin: AdminDep,
    actor: ActorDep,
) -> Response:
    pools.delete_pool(session, code, actor)
    return Response(status_code=204)
