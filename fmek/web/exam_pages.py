"""Pages of the forensisch arts: her examinations today and the coming 7 days, the changes to
her plan, her answers (accept, decline with a reason, start, complete) and her calendar link.

Thin: the allocation and doctor services do the work.
"""

from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from fmek.allocation import service as allocation
from fmek.allocation.models import AssignmentPublic
from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import SessionDep
from fmek.doctors.models import Doctor
from fmek.doctors.service import issue_feed_token, own_doctor
from fmek.errors import DomainError, NotFound
from fmek.reference.service import list_regions
from fmek.referrals.models import Referral
from fmek.settings import Settings
from fmek.web.render import actor_of, flash, forbidden, page
from fmek.web.review_pages import waiting_for
from fmek.web.session import CsrfForm, WebUserDep, check_csrf

router = APIRouter(include_in_schema=False)

AssignmentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DAYS_AHEAD = 7
ACTIONS = {
    "accepteren": (allocation.Action.ACCEPT, "Onderzoek geaccepteerd."),
    "starten": (allocation.Action.START, "Onderzoek begonnen."),
    "afronden": (allocation.Action.COMPLETE, "Onderzoek afgerond; u kunt nu het rapport afmaken."),
}
# which answers fit which assignment status (the service refuses the rest with a 409)
ANSWERS = {
    "proposed": ("accepteren", "weigeren", "starten"),
    "accepted": ("weigeren", "starten"),
    "started": ("afronden",),
}


def _doctor(request: Request, session: Session, user: User) -> Doctor | HTMLResponse:
    if user.role_enum is not Role.FORENSISCH_ARTS:
        return forbidden(request, user, "Deze pagina is voor forensisch artsen.")
    try:
        return own_doctor(session, user)
    except NotFound:
        return forbidden(
            request,
            user,
            "Uw account is niet gekoppeld aan een artsrecord. Vraag uw planner dit te doen.",
        )


def _window(now: datetime) -> tuple[datetime, datetime]:
    """Today 00:00 up to the end of the 7th day after today, Amsterdam time."""
    today = now.astimezone(AMSTERDAM).date()
    start = datetime.combine(today, time.min, AMSTERDAM)
    return start, start + timedelta(days=DAYS_AHEAD + 1)


def _in_view(a: AssignmentPublic, start: datetime, end: datetime) -> bool:
    open_work = a.status.value in ("proposed", "accepted", "started")
    return (start <= a.start_at < end) or (open_work and a.start_at < end)


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


@router.get("/onderzoeken", response_class=HTMLResponse)
def my_examinations(request: Request, session: SessionDep, user: WebUserDep) -> HTMLResponse:
    found = _doctor(request, session, user)
    if isinstance(found, HTMLResponse):
        return found
    return _examinations_page(request, session, user, found)


def _examinations_page(
    request: Request, session: Session, user: User, doctor: Doctor, *, feed_url: str | None = None
) -> HTMLResponse:
    actor = actor_of(request, user)
    start, end = _window(utcnow())
    mine = [a for a in allocation.my_assignments(session, actor) if _in_view(a, start, end)]
    ids = [a.examination.referral_id for a in mine]
    referrals = {
        r.id: r for r in session.exec(select(Referral).where(col(Referral.id).in_(ids))).all()
    }
    regions = {r.code: r.name for r in list_regions(session)}
    return page(
        request,
        "onderzoeken/list.html",
        {
            "user": user,
            "doctor": doctor,
            "items": [(a, referrals.get(a.examination.referral_id)) for a in mine],
            "answers": ANSWERS,
            "regions": regions,
            "notices": allocation.my_notices(session, actor, limit=20),
            "window": (start, end - timedelta(days=1)),
            "feed_url": feed_url,
            "reviews": waiting_for(request, session, user),
        },
    )


@router.post("/onderzoeken/agendalink", response_class=HTMLResponse)
def calendar_link(
    request: Request, session: SessionDep, user: WebUserDep, csrf: CsrfForm
) -> Response:
    """A new subscribable calendar link, shown once on the page (never put in a cookie)."""
    check_csrf(request, csrf)
    found = _doctor(request, session, user)
    if isinstance(found, HTMLResponse):
        return found
    token = issue_feed_token(session, found, actor_of(request, user))
    url = str(request.url_for("doctor_roster_ics", doctor_id=found.id))
    return _examinations_page(request, session, user, found, feed_url=f"{url}?token={token}")


@router.post("/onderzoeken/{assignment_id}/weigeren")
def decline(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    assignment_id: AssignmentId,
    csrf: CsrfForm,
    reden: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(request, csrf)
    if user.role_enum is not Role.FORENSISCH_ARTS:
        return forbidden(request, user, "Deze pagina is voor forensisch artsen.")
    if not reden.strip():
        flash(request, "error", "Geef een reden op als u een onderzoek weigert.")
        return RedirectResponse(f"/onderzoeken#onderzoek-{assignment_id}", status_code=303)
    try:
        allocation.decline(session, assignment_id, reden.strip(), actor_of(request, user))
    except DomainError:
        session.rollback()
        flash(request, "error", "Dit onderzoek kan niet (meer) geweigerd worden.")
        return RedirectResponse("/onderzoeken", status_code=303)
    flash(request, "ok", "Onderzoek geweigerd; het wordt opnieuw ingepland zonder u.")
    return RedirectResponse("/onderzoeken", status_code=303)


@router.post("/onderzoeken/{assignment_id}/{action}")
def answer(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    assignment_id: AssignmentId,
    action: Annotated[str, Path(max_length=20)],
    csrf: CsrfForm,
) -> Response:
    check_csrf(request, csrf)
    if user.role_enum is not Role.FORENSISCH_ARTS:
        return forbidden(request, user, "Deze pagina is voor forensisch artsen.")
    if action not in ACTIONS:
        return forbidden(request, user, "Onbekende actie.", status_code=404)
    move, text = ACTIONS[action]
    try:
        allocation.act(session, assignment_id, move, actor_of(request, user))
    except DomainError:
        session.rollback()
        flash(request, "error", "Dat kan nu niet: de stand van dit onderzoek is intussen anders.")
        return RedirectResponse("/onderzoeken", status_code=303)
    flash(request, "ok", text)
    return RedirectResponse(f"/onderzoeken#onderzoek-{assignment_id}", status_code=303)
