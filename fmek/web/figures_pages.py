"""/cijfers: the half-yearly figures as a Dutch page, for the roles beleid and ggd_planner.

Same service and scope as GET /api/v1/figures; the page shows tables only (no client data, so
the browser may keep it). Suppressed cells read "minder dan 5 (niet getoond)".
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import select

from fmek.api.errors import status_for
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.errors import DomainError
from fmek.figures import service
from fmek.reference.models import Region
from fmek.web.render import actor_of, forbidden, page
from fmek.web.session import WebUserDep

router = APIRouter(include_in_schema=False)

GROUPS = {
    "available": "Voldoende beschikbaar",
    "in_time": "Tijdig ingezet",
    "secured": "Structureel geborgd",
}


def half_years(today: date, count: int = 4) -> list[str]:
    """The current half-year and the ones before it, newest first (e.g. 2026-H2, 2026-H1)."""
    half = 1 if today.month <= 6 else 2
    year, out = today.year, []
    for _ in range(count):
        out.append(f"{year}-H{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out


def half_year_period(label: str) -> tuple[date, date]:
    year, half = int(label[:4]), label[-1]
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


@router.get("/cijfers", response_class=HTMLResponse)
def figures_page(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    halfjaar: Annotated[str | None, Query(max_length=7, pattern=r"^\d{4}-H[12]$")] = None,
    regio: Annotated[str | None, Query(max_length=6)] = None,
) -> HTMLResponse:
    if user.role_enum not in service.READERS:
        return forbidden(request, user, "De cijfers zijn voor beleid en GGD-planners.")
    choices = half_years(utcnow().astimezone(AMSTERDAM).date())
    chosen = halfjaar or choices[0]
    start, end = half_year_period(chosen)
    region = regio or None
    try:
        result = service.figures(session, user, start, end, region, actor_of(request, user))
    except DomainError as refused:
        text = "Deze regio of periode kunt u niet opvragen; een planner ziet alleen de eigen regio."
        return forbidden(request, user, text, status_code=status_for(refused))
    regions = session.exec(select(Region).order_by(Region.code)).all()
    tables = [(GROUPS[key], service.flatten(result[key])) for key in GROUPS]
    return page(
        request,
        "cijfers/cijfers.html",
        {
            "user": user,
            "choices": choices,
            "chosen": chosen,
            "regions": regions if user.region_code is None else [],
            "region": result["period"]["region"],
            "period": result["period"],
            "tables": tables,
            "definitions": result["definitions"],
        },
        client_data=False,
    )
