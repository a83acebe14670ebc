"""GET /figures (JSON) and one CSV per table, for the roles beleid and ggd_planner."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.auth.deps import require_roles
from fmek.auth.models import User
from fmek.db import SessionDep
from fmek.figures import service

router = APIRouter(tags=["figures"])
FiguresReaderDep = Annotated[User, Depends(require_roles(*service.READERS))]
From = Annotated[date, Query(alias="from", description="First day, Europe/Amsterdam")]
To = Annotated[date, Query(description="Last day, inclusive")]
RegionQuery = Annotated[
    str | None,
    Query(max_length=6, pattern=r"^GG\d{4}$", description="A GGD region; none: national"),
]
TrendQuery = Annotated[
    int,
    Query(
        ge=0,
        le=8,
        description="Also the same figures for this many half-years up to the one 'to' lies "
        "in, as `trend` (oldest first); 0: none",
    ),
]


@router.get("/figures", responses=error_responses(401, 403, 404, 422))
def get_figures(
    session: SessionDep,
    user: FiguresReaderDep,
    actor: ActorDep,
    from_: From,
    to: To,
    region: RegionQuery = None,
    trend: TrendQuery = 0,
) -> dict[str, Any]:
    """Available, in time, secured: counts 1-4 are null with ``suppressed: true``."""
    return service.figures(session, user, from_, to, region, actor, trend=trend)


@router.get(
    "/figures/{table}.csv",
    responses={200: {"content": {"text/csv": {}}}, **error_responses(401, 403, 404, 422)},
)
def get_figures_csv(
    table: Literal["available", "in_time", "secured"],
    session: SessionDep,
    user: FiguresReaderDep,
    actor: ActorDep,
    from_: From,
    to: To,
    region: RegionQuery = None,
) -> Response:
    result = service.figures(session, user, from_, to, region, actor)
    return Response(
        service.figures_csv(result, table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="figures-{table}.csv"'},
    )
