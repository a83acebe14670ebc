"""/cijfers: the half-yearly figures as a Dutch page, for the roles beleid and ggd_planner.

Same scope as GET /api/v1/figures (beleid: national or any region; a planner: the own region),
over the chosen half-year and the three before it: tables per group with every figure's
definition, the change since the previous half-year, and SVG charts. The charts are ``<img>``
data URIs without script, so the page keeps its CSP without 'unsafe-inline' and needs no
JavaScript. No client data shows, so the browser may keep the page.
"""

import base64
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import select

from fmek.api.errors import status_for
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.errors import DomainError
from fmek.figures import halfyear, service
from fmek.reference.models import Region
from fmek.web.render import actor_of, forbidden, page
from fmek.web.session import WebUserDep
from reports.figures_charts import Chart, share_charts
from reports.figures_view import SUPPRESSED_NOTE, HalfYear, definitions, tables

router = APIRouter(include_in_schema=False)
CHOICES = 6  # half-years to pick from, the current one first


def half_years(today_half: HalfYear, count: int = CHOICES) -> list[HalfYear]:
    """The current half-year and the ones before it, newest first."""
    return today_half.last(count)[::-1]


def chart_uri(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


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
    choices = half_years(HalfYear.of(utcnow().astimezone(AMSTERDAM).date()))
    chosen = HalfYear.parse(halfjaar) if halfjaar else choices[0]
    try:
        region, series = halfyear.series(
            session, user, chosen, regio or None, actor_of(request, user)
        )
    except DomainError as refused:
        text = "Deze regio of periode kunt u niet opvragen; een planner ziet alleen de eigen regio."
        return forbidden(request, user, text, status_code=status_for(refused))
    regions = session.exec(select(Region).order_by(Region.code)).all()
    names = {r.code: r.name for r in regions}
    charts = {chart.group: (chart, chart_uri(chart)) for chart in share_charts(series)}
    return page(
        request,
        "cijfers/cijfers.html",
        {
            "user": user,
            "choices": [str(h) for h in choices],
            "chosen": chosen,
            "regions": regions if user.region_code is None else [],
            "region": region,
            "region_name": names.get(region or "", ""),
            "tables": tables(series),
            "charts": charts,
            "definitions": definitions(series[-1][1]),
            "suppressed_note": SUPPRESSED_NOTE,
        },
        client_data=False,
    )
