"""Planner pages (server-rendered, Dutch): sign-in, national overview, week grid, fairness.

Writes go through the same services as the API; every POST form carries the CSRF token.

Long because sign-in and all planner pages (overview, week, forms, jobs, fairness) share the small
page helpers at the top; the other areas have their own modules.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.auth.service import authenticate
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.doctors.access import manages_region, reads_region_roster
from fmek.doctors.service import expiring_in_region
from fmek.errors import DomainError, QuotaExceeded
from fmek.numbers import small_int
from fmek.reference.models import Region
from fmek.reference.service import get_region
from fmek.rosters import coverage, exports, fairness, jobs, rolling, service
from fmek.rosters.models import AssignmentChange, JobStatus
from fmek.rosters.rolling import week_banner
from fmek.web import labels
from fmek.web.grid import week_grid
from fmek.web.render import (
    PageForbidden,
    actor_of,
    flash,
    forbidden,
    home_of,
    page,
    set_page_headers,
    templates,
)
from fmek.web.session import (
    EXPIRED_REASON,
    WEB_ROLES,
    CsrfForm,
    WebUserDep,
    check_csrf,
    safe_next,
    sign_in,
    sign_out,
    signed_in_user,
)

router = APIRouter(include_in_schema=False)
GENERATE_TIME_LIMIT_S = 10.0
PLANNING_ROLES = frozenset({Role.GGD_PLANNER, Role.FORENSISCH_ARTS, Role.ADMIN})


def _page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    return page(request, name, context, status_code=status_code)


def _flash(request: Request, kind: str, text: str) -> None:
    flash(request, kind, text)


def _actor(request: Request, user: User) -> Actor:
    return actor_of(request, user)


def _today() -> date:
    return utcnow().astimezone(AMSTERDAM).date()


def _monday(week: str | None) -> date:
    """Monday of an ISO week `YYYY-Www`; the current week when absent or malformed."""
    if week:
        try:
            year, number = week.upper().split("-W")
            return date.fromisocalendar(int(year), int(number), 1)
        except ValueError:
            pass
    today = _today()
    return today - timedelta(days=today.weekday())


def _week_code(monday: date) -> str:
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _forbidden(request: Request, user: User, text: str) -> HTMLResponse:
    return forbidden(request, user, text)


@dataclass(frozen=True, slots=True)
class RegionReader:
    user: User
    region: Region


def region_roster_reader(session: SessionDep, user: WebUserDep, code: str) -> RegionReader:
    """The region (404 if unknown) for a user who may read its roster; the refusal page else."""
    region = get_region(session, code)
    if not reads_region_roster(user, code):
        raise PageForbidden(user, f"U heeft geen toegang tot het rooster van {region.name}.")
    return RegionReader(user, region)


def require_region_planner(
    request: Request, session: SessionDep, user: WebUserDep, code: str, csrf: CsrfForm
) -> User:
    """A form post that changes the region's roster: a valid CSRF token, a known region and a
    planner of that region (or an admin); the refusal page else."""
    check_csrf(request, csrf)
    get_region(session, code)
    if not manages_region(user, code):
        raise PageForbidden(user, "Alleen planners van deze regio wijzigen het rooster.")
    return user


RegionReaderDep = Annotated[RegionReader, Depends(region_roster_reader)]
RegionPlannerDep = Annotated[User, Depends(require_region_planner)]


# --- sign-in ------------------------------------------------------------------------------


@router.get("/", response_class=RedirectResponse)
def home(request: Request, session: SessionDep) -> RedirectResponse:
    """The role's start page when signed in; otherwise the sign-in page."""
    user = signed_in_user(request, session)
    return RedirectResponse(home_of(user) if user else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    next: Annotated[str | None, Query(max_length=2000)] = None,
    reden: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    return page(
        request,
        "login.html",
        {
            "user": None,
            "next": safe_next(next, default=""),
            "error": None,
            "expired": reden == EXPIRED_REASON,
        },
        client_data=False,
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    csrf: CsrfForm,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Sign in and go back where the user was, or to the start page of their role."""
    check_csrf(request, csrf)
    user = authenticate(session, token.strip())
    if user is None or user.role_enum not in WEB_ROLES:
        return page(
            request,
            "login.html",
            {
                "user": None,
                "next": safe_next(next, default=""),
                "error": "Onbekende, verlopen of ingetrokken token. Controleer de token en probeer het opnieuw.",
            },
            status_code=401,
            client_data=False,
        )
    sign_in(request, session, user)
    return RedirectResponse(safe_next(next, default=home_of(user)), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf: CsrfForm) -> RedirectResponse:
    check_csrf(request, csrf)
    sign_out(request, session)
    return RedirectResponse("/login", status_code=303)


# --- national overview --------------------------------------------------------------------


@router.get("/planning", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, user: WebUserDep) -> HTMLResponse:
    """Share of the coming 7 days covered by a qualified primary and back-up, per region."""
    if user.role_enum not in PLANNING_ROLES:
        return _forbidden(
            request, user, "Het landelijk overzicht is voor planners en artsen van de GGD."
        )
    start = _today()
    cover = coverage.coverage(session, start, start + timedelta(days=6))
    return _page(
        request,
        "overview.html",
        {
            "user": user,
            "cover": cover,
            "readable": {r.code for r in cover.regions if reads_region_roster(user, r.code)},
        },
    )


# --- week grid ----------------------------------------------------------------------------


@router.get("/planning/regions/{code}", response_class=HTMLResponse)
def week(
    request: Request,
    session: SessionDep,
    reader: RegionReaderDep,
    code: str,
    week: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    user, region = reader.user, reader.region
    monday = _monday(week)
    roster = service.roster_view(session, code, monday, monday + timedelta(days=6))
    return _page(
        request,
        "week.html",
        {
            "user": user,
            "region": region,
            "monday": monday,
            "week": _week_code(monday),
            "previous": _week_code(monday - timedelta(days=7)),
            "following": _week_code(monday + timedelta(days=7)),
            "grid": week_grid(roster, monday, utcnow()),
            "can_plan": manages_region(user, code),
            "expiring": expiring_in_region(session, code) if manages_region(user, code) else [],
            "rolling": week_banner(session, code, monday),
        },
    )


@router.get("/planning/regions/{code}/rooster.csv")
def week_csv(
    request: Request,
    session: SessionDep,
    reader: RegionReaderDep,
    code: str,
    week: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """The week as CSV for a signed-in page user (the API's export wants a bearer token)."""
    user = reader.user
    monday = _monday(week)
    sunday = monday + timedelta(days=6)
    text = exports.roster_csv(session, code, monday, sunday, _actor(request, user))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="rooster-{code}-{monday}-{sunday}.csv"'
        },
    )


def _back(code: str, week: str) -> RedirectResponse:
    return RedirectResponse(f"/planning/regions/{code}?week={_week_code(_monday(week))}", 303)


@router.post("/planning/regions/{code}/pin")
def pin(
    request: Request,
    session: SessionDep,
    user: RegionPlannerDep,
    code: str,
    position_id: Annotated[str, Form(max_length=80)],
    doctor: Annotated[str, Form(max_length=12)] = "",
    week: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    doctor_id = small_int(doctor)
    if doctor_id is None:
        _flash(request, "error", "Kies eerst een arts.")
        return _back(code, week)
    try:
        result = service.change_assignment(
            session,
            code,
            AssignmentChange(position_id=position_id, doctor=doctor_id, pinned=True),
            _actor(request, user),
        )
    except DomainError as exc:
        session.rollback()
        reasons = "; ".join(labels.rule_label(p.type) for p in exc.problems)
        _flash(request, "error", f"Niet opgeslagen: {reasons}.")
        return _back(code, week)
    text = "Arts vastgezet."
    if result.warnings:
        text += " Let op: " + "; ".join(labels.rule_label(w.rule) for w in result.warnings) + "."
    _flash(request, "ok", text)
    return _back(code, week)


@router.post("/planning/regions/{code}/unpin")
def unpin(
    request: Request,
    session: SessionDep,
    user: RegionPlannerDep,
    code: str,
    position_id: Annotated[str, Form(max_length=80)],
    week: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        service.unpin(session, code, position_id, _actor(request, user))
        _flash(request, "ok", "Vastzetting opgeheven.")
    except DomainError:
        session.rollback()
        _flash(request, "error", "Deze positie was niet vastgezet.")
    return _back(code, week)


@router.post("/planning/regions/{code}/generate")
def regenerate(
    request: Request,
    session: SessionDep,
    user: RegionPlannerDep,
    code: str,
    week: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Start a generation of the week (pins kept) and show its progress."""
    monday = _monday(week)
    limit = getattr(request.app.state, "roster_time_limit_s", GENERATE_TIME_LIMIT_S)
    try:
        job = jobs.create_job(
            session,
            code,
            monday,
            monday + timedelta(days=6),
            limit,
            user,
            settings=request.app.state.settings,
        )
    except QuotaExceeded:
        return forbidden(
            request,
            user,
            "Er loopt al een roosterberekening voor deze regio (of een regio die ermee "
            "samen wordt ingeroosterd). Wacht tot die klaar is en start dan opnieuw.",
            status_code=429,
        )
    return RedirectResponse(f"/planning/jobs/{job.id}", status_code=303)


@router.post("/planning/regions/{code}/publish")
def publish(
    request: Request,
    session: SessionDep,
    user: RegionPlannerDep,
    code: str,
    week: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Publish the planned week (the rolling extension never changes a planned week)."""
    try:
        rolling.publish_week(session, code, _monday(week), _actor(request, user))
        _flash(request, "ok", "De week is gepubliceerd.")
    except DomainError:
        _flash(request, "error", "Deze week heeft nog geen rooster; genereer het eerst.")
    return _back(code, week)


@router.get("/planning/jobs/{job_id}", response_class=HTMLResponse)
def job_page(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    job_id: str,
    stand: Annotated[bool, Query()] = False,
) -> Response:
    """Progress while the job runs; the week when it is done. ``stand``: only the progress,
    also when done (what the page's script asks for every second)."""
    try:
        job = jobs.get_job(session, job_id)
    except DomainError:
        return _forbidden(request, user, "Deze generatie bestaat niet.")
    if not manages_region(user, job.region):
        return _forbidden(request, user, "Deze generatie bestaat niet.")
    week_code = _week_code(job.from_date - timedelta(days=job.from_date.weekday()))
    done = job.status == JobStatus.DONE.value and job.result is not None
    if stand:  # a fragment, not a page: it leaves the messages for the next page
        fragment = templates.TemplateResponse(
            request,
            "job_stand.html",
            {"job": job, "status": labels.JOB_STATUS[job.status], "done": done},
        )
        set_page_headers(fragment, client_data=False)
        return fragment
    if done and job.result is not None:
        result = job.result
        _flash(
            request,
            "ok",
            f"Rooster opnieuw gegenereerd: {result['filled']} van {result['positions']} "
            f"posities ingevuld; vastgezette diensten zijn behouden.",
        )
        return RedirectResponse(f"/planning/regions/{job.region}?week={week_code}", 303)
    return _page(
        request,
        "job.html",
        {"user": user, "job": job, "week": week_code, "status": labels.JOB_STATUS[job.status]},
    )


# --- fairness -----------------------------------------------------------------------------


@router.get("/planning/regions/{code}/fairness", response_class=HTMLResponse)
def fairness_page(
    request: Request,
    session: SessionDep,
    reader: RegionReaderDep,
    code: str,
    week: Annotated[str | None, Query(max_length=10)] = None,
    weeks: Annotated[int, Query(ge=1, le=8)] = 4,
) -> HTMLResponse:
    user, region = reader.user, reader.region
    monday = _monday(week)
    end = monday + timedelta(days=7 * weeks - 1)
    return _page(
        request,
        "fairness.html",
        {
            "user": user,
            "region": region,
            "week": _week_code(monday),
            "monday": monday,
            "end": end,
            "weeks": weeks,
            "fair": fairness.fairness(session, code, monday, end),
        },
    )
