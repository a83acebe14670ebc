"""/cijfers: the half-yearly figures as a Dutch page, for the roles beleid and ggd_planner.

Same scope as GET /api/v1/figures (beleid: national or any region; a planner: the own region),
over the chosen half-year and the three before it: tables per group with every figure's
definition, the change since the previous half-year, and SVG charts. The charts are ``<img>``
data URIs without script, so the page keeps its CSP without 'unsafe-inline' and needs no
JavaScript. No client data shows, so the browser may keep the page.
"""

import base64
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import select

from fmek.api.errors import status_for
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.errors import DomainError, NotFound
from fmek.figures import halfyear, service, whatif
from fmek.reference.models import Region
from fmek.web.referral_labels import DESTINATION, TASK, URGENCY
from fmek.web.render import actor_of, forbidden, page
from fmek.web.session import WebUserDep
from reports.figures import THRESHOLD, suppressed_cells
from reports.figures_charts import Chart, share_charts
from reports.figures_view import SUPPRESSED_NOTE, HalfYear, definitions, tables
from routing.triage import RuleSetError, shipped_versions
from routing.triage.compare import Comparison, outcome_parts

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
    # The half-yearly report is about a finished half-year; the running one can still be picked.
    chosen = HalfYear.parse(halfjaar) if halfjaar else choices[1]
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


# --- /cijfers/wat-als: the policy what-if ------------------------------------------------

WHATIF_ROLES = frozenset({Role.BELEID, Role.GGD_PLANNER, Role.ADMIN})
EXTRA_KINDS = ("ggd_examination", "leck_advice", "leck_consult", "acute_zeden")
EXTRA_LABELS = {
    "ggd_examination": "GGD-onderzoeken",
    "leck_advice": "LECK-adviezen",
    "leck_consult": "LECK-consulten",
    "acute_zeden": "overdrachten acute zeden",
}
SMALL = "< 5"


@dataclass(frozen=True)
class Outcome:
    destination: str
    urgency: str
    tasks: str


@dataclass(frozen=True)
class Transition:
    before: Outcome
    after: Outcome
    count: str
    changes: str  # what differs: bestemming, urgentie, taken


@dataclass(frozen=True)
class WhatIf:
    cases: str
    changed: str
    transitions: list[Transition]
    by_part: list[tuple[str, str]]  # (what changes, how many decisions)
    months: list[tuple[str, list[str]]]  # (month, extra per kind)
    totals: list[str]
    per_month: list[str]


def _outcome(text: str) -> Outcome:
    destination, urgency, kinds = outcome_parts(text)
    return Outcome(
        DESTINATION.get(destination, destination),
        URGENCY.get(urgency, urgency),
        ", ".join(TASK.get(k, k) for k in kinds) or "geen",
    )


def _count(value: int) -> str:
    """A count of referrals: 1-4 could point to a child."""
    return SMALL if 1 <= value < THRESHOLD else str(value)


def _signed(value: int, hidden: bool) -> str:
    if hidden:
        return f"{'+' if value > 0 else '−'} {SMALL}"
    return "0" if value == 0 else f"{value:+d}".replace("-", "−")


def _per_month(value: float) -> str:
    """'+21,2', '−2,8' (a real minus sign, as in the other cells)."""
    return f"{value:+.1f}".replace(".", ",").replace("-", "−")


def whatif_view(result: Comparison, start: date, end: date) -> WhatIf:
    """The comparison in Dutch, every count of 1-4 referrals hidden; a month's extra tasks are
    hidden too when the period's total and the other months would give them away. The average
    is over the calendar months the period touches, with or without referrals."""
    transitions = []
    parts = {"bestemming": 0, "urgentie": 0, "taken": 0}
    for (old, new), count in sorted(result.transitions.items(), key=lambda item: -item[1]):
        before, after = outcome_parts(old), outcome_parts(new)
        differs = [
            name
            for name, a, b in zip(parts, before, after, strict=True)
            if a != b  # destination, urgency, task set in that order
        ]
        for name in differs:
            parts[name] += count
        transitions.append(
            Transition(_outcome(old), _outcome(new), _count(count), ", ".join(differs))
        )
    months = sorted(result.extra_per_month)
    cells = {
        f"{month}|{kind}": abs(result.extra_per_month[month][kind])
        for month in months
        for kind in EXTRA_KINDS
    }
    totals = {kind: sum(result.extra_per_month[m][kind] for m in months) for kind in EXTRA_KINDS}
    cells.update({f"total|{kind}": abs(totals[kind]) for kind in EXTRA_KINDS})
    hidden = suppressed_cells(
        cells, [(f"total|{k}", *(f"{m}|{k}" for m in months)) for k in EXTRA_KINDS]
    )
    rows = [
        (
            month,
            [
                _signed(result.extra_per_month[month][k], f"{month}|{k}" in hidden)
                for k in EXTRA_KINDS
            ],
        )
        for month in months
    ]
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return WhatIf(
        cases=_count(result.cases),
        changed=_count(result.changed),
        transitions=transitions,
        by_part=[(name, _count(n)) for name, n in parts.items()],
        months=rows,
        totals=[_signed(totals[k], f"total|{k}" in hidden) for k in EXTRA_KINDS],
        per_month=[
            "—" if f"total|{k}" in hidden else _per_month(totals[k] / count) for k in EXTRA_KINDS
        ],
    )


@router.get("/cijfers/wat-als", response_class=HTMLResponse)
def whatif_page(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    van: Annotated[date | None, Query()] = None,
    tot: Annotated[date | None, Query()] = None,
    voor: Annotated[str | None, Query(max_length=4, pattern=r"^v?\d{1,3}$")] = None,
    na: Annotated[str | None, Query(max_length=4, pattern=r"^v?\d{1,3}$")] = None,
    regio: Annotated[str | None, Query(max_length=6)] = None,
) -> HTMLResponse:
    """Every referral of the period re-decided under two rule set versions: a dry run."""
    if user.role_enum not in WHATIF_ROLES:
        return forbidden(request, user, "Wat als is voor beleid, GGD-planners en beheer.")
    versions = [f"v{v}" for v in shipped_versions()]
    today = utcnow().astimezone(AMSTERDAM).date()
    start, end = van or HalfYear.of(today).start, tot or today
    before, after = voor or versions[0], na or versions[-1]
    if user.role_enum is Role.GGD_PLANNER:
        if regio and regio != user.region_code:
            return forbidden(request, user, "Een planner ziet alleen de eigen regio.")
        regio = user.region_code
    regions = session.exec(select(Region).order_by(Region.code)).all()
    try:
        service.check_period(start, end)
        if regio and session.get(Region, regio) is None:
            raise NotFound("unknown GGD region", type="unknown_region", loc=("query", "regio"))
        result = whatif.compare_versions(session, before, after, start, end, regio or None)
    except (DomainError, RuleSetError) as refused:
        text = (
            "Deze periode, regio of versie kan niet: 'tot' ligt na 'van', een periode is "
            f"hoogstens {service.MAX_DAYS} dagen, versies: {', '.join(versions)}."
        )
        status = status_for(refused) if isinstance(refused, DomainError) else 422
        return forbidden(request, user, text, status_code=status)
    return page(
        request,
        "cijfers/wat-als.html",
        {
            "user": user,
            "start": start,
            "end": end,
            "before": f"v{result.before}",
            "after": f"v{result.after}",
            "versions": versions,
            "regions": regions if user.role_enum is not Role.GGD_PLANNER else [],
            "region": regio or None,
            "view": whatif_view(result, start, end),
            "kinds": [EXTRA_LABELS[k] for k in EXTRA_KINDS],
        },
        client_data=False,
    )
