"""What every server-rendered page shares: templates, the page response, flashes, role homes.

Pages carry their own security headers: a Content-Security-Policy without 'unsafe-inline'
(scripts and styles are static files) and, where client data shows, ``Cache-Control: no-store``.
"""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from fmek.advice.access import REQUESTER_ROLES
from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.security.headers import CSP
from fmek.web import labels, referral_labels
from fmek.web.session import csrf_token

STATIC_DIR = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(labels=labels, nl=referral_labels, nav_of=lambda u: nav_of(u))
templates.env.filters.update(
    day=labels.day_label,
    short_day=labels.short_day,
    clock=labels.clock,
    rule=labels.rule_label,
    moment=referral_labels.moment,
    initials=referral_labels.initials,
    clock_local=referral_labels.clock_local,
)

PAGE_CSP = CSP  # the one policy; the security-headers middleware also sets it on every answer

HOME: dict[Role, str] = {
    Role.VERTROUWENSARTS: "/verwijzingen",
    Role.FORENSISCH_ARTS: "/onderzoeken",
    Role.GGD_PLANNER: "/planning",
    Role.LECK_CONSULTANT: "/leck/wachtrij",
    Role.ADMIN: "/planning",
    Role.PRIVACY: "/privacy",
    Role.BELEID: "/cijfers",
}


def nav_of(user: User) -> list[tuple[str, str]]:
    """The navigation bar: only what the user's role may use (href, text)."""
    role = user.role_enum
    advice = [("/advies/nieuw", "Advies vragen aan LECK"), ("/advies", "Mijn adviesaanvragen")]
    if role is Role.VERTROUWENSARTS:
        return [
            ("/verwijzingen", "Verwijzingen"),
            ("/verwijzingen/nieuw", "Nieuwe verwijzing"),
            *advice,
        ]
    if role is Role.FORENSISCH_ARTS:
        items = [("/onderzoeken", "Mijn onderzoeken")]
        if user.region_code:
            items.append((f"/planning/regions/{user.region_code}", "Rooster van mijn regio"))
        return [*items, *advice]
    if role is Role.LECK_CONSULTANT:
        return [("/leck/wachtrij", "Wachtrij LECK"), ("/leck/cijfers", "Cijfers")]
    if role in REQUESTER_ROLES:  # other doctors who ask LECK (kinderarts, huisarts, jeugdarts)
        return advice
    if role is Role.PRIVACY:
        return [("/privacy", "Toegangsoverzichten")]
    whatif = ("/cijfers/wat-als", "Wat als: handelingskader")
    if role is Role.BELEID:
        return [("/cijfers", "Cijfers per halfjaar"), whatif]
    items = [("/planning", "Landelijk overzicht")]
    if user.region_code:
        items.append((f"/planning/regions/{user.region_code}", f"Mijn regio ({user.region_code})"))
    if role is Role.GGD_PLANNER:
        items.append(("/cijfers", "Cijfers"))
    return [*items, whatif]  # planners and administrators


def home_of(user: User) -> str:
    """The start page of the user's role."""
    return HOME.get(user.role_enum, "/advies" if user.role_enum in REQUESTER_ROLES else "/planning")


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    client_data: bool = True,
) -> HTMLResponse:
    """Render a page; ``client_data`` pages are never stored by the browser or a proxy."""
    flashes = request.session.pop("flash", [])
    response = templates.TemplateResponse(
        request,
        name,
        {"csrf": csrf_token(request), "flashes": flashes, **context},
        status_code=status_code,
    )
    set_page_headers(response, client_data=client_data)
    return response


def set_page_headers(response: HTMLResponse, *, client_data: bool) -> None:
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if client_data:
        response.headers["Cache-Control"] = "no-store"


def flash(request: Request, kind: str, text: str) -> None:
    """A message for the next page; reassigned (not appended) so the session sees the change."""
    request.session["flash"] = [*request.session.get("flash", []), {"kind": kind, "text": text}]


def actor_of(request: Request, user: User) -> Actor:
    return Actor(user=user, client_address=request.client.host if request.client else None)


class PageForbidden(Exception):
    """Raised by a page dependency that refuses: answered with the Dutch refusal page (403)."""

    def __init__(self, user: User, text: str) -> None:
        super().__init__(text)
        self.user = user
        self.text = text


def forbidden(request: Request, user: User, text: str, *, status_code: int = 403) -> HTMLResponse:
    return page(
        request,
        "error.html",
        {"user": user, "message": text, "home": home_of(user)},
        status_code=status_code,
    )
