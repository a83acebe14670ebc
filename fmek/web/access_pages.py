"""The child's access overview as a page (Dutch): who saw or changed the referral, when and from
where. Same rules as the API: the child's vertrouwensarts and the privacy officer."""

import re
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fmek.audit.access_log import access_log
from fmek.auth.models import Role, User
from fmek.db import SessionDep
from fmek.errors import NotFound, PermissionDenied
from fmek.web.render import actor_of, forbidden, page
from fmek.web.session import CsrfForm, WebUserDep, check_csrf

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100

ACTIONS = {
    "create": "aangemaakt",
    "read": "ingezien",
    "update": "gewijzigd",
    "delete": "verwijderd",
    "list": "in een lijst getoond",
    "search": "gevonden bij zoeken",
    "print": "afgedrukt",
    "export": "geëxporteerd",
    "transfer": "overgedragen",
}
OUTCOMES = {"success": "toegestaan", "denied": "geweigerd", "replayed": "herhaald verzoek"}
ROLES = {
    "vertrouwensarts": "vertrouwensarts",
    "ggd_planner": "GGD-planner",
    "forensisch_arts": "forensisch arts",
    "leck_consultant": "LECK-consulent",
    "admin": "beheerder",
    "privacy": "privacyfunctionaris",
    "system": "systeem",
    "feed": "agenda-koppeling",
}


@router.get("/verwijzingen/{referral_id}/toegang", response_class=HTMLResponse)
def access_page(
    request: Request,
    referral_id: str,
    session: SessionDep,
    user: WebUserDep,
    page_no: Annotated[int, Query(alias="pagina", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    try:
        log = access_log(
            session,
            referral_id,
            actor_of(request, user),
            limit=PAGE_SIZE,
            offset=(page_no - 1) * PAGE_SIZE,
        )
    except PermissionDenied:
        return forbidden(
            request,
            user,
            "Het toegangsoverzicht is alleen voor de vertrouwensarts van het kind en de "
            "privacyfunctionaris.",
        )
    except NotFound:
        return forbidden(request, user, "Geen verwijzing met dit nummer voor u.", status_code=404)
    return page(
        request,
        "access/access_log.html",
        {
            "user": user,
            "log": log,
            "page_no": page_no,
            "pages": max(1, -(-log.total // PAGE_SIZE)),
            "actions": ACTIONS,
            "outcomes": OUTCOMES,
            "roles": ROLES,
        },
    )


REFERRAL_NUMBER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""The shape of a referral's number (its id); nothing else opens an overview."""


@router.get("/privacy", response_class=HTMLResponse)
def privacy_home(request: Request, user: WebUserDep) -> Response:
    """The privacy officer's start page: open a child's access overview by referral number."""
    if user.role_enum is not Role.PRIVACY:
        return forbidden(request, user, "Deze pagina is voor de privacyfunctionaris.")
    return _privacy_page(request, user, invalid=False)


@router.post("/privacy", response_class=HTMLResponse)
def open_overview(
    request: Request,
    user: WebUserDep,
    csrf: CsrfForm,
    verwijzing: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """The number is posted, never put in a URL: what is typed there by mistake (a BSN, a name)
    goes into no path, query or page."""
    check_csrf(request, csrf)
    if user.role_enum is not Role.PRIVACY:
        return forbidden(request, user, "Deze pagina is voor de privacyfunctionaris.")
    typed = verwijzing.strip()
    if REFERRAL_NUMBER.fullmatch(typed.lower()):
        return RedirectResponse(f"/verwijzingen/{typed.lower()}/toegang", status_code=303)
    return _privacy_page(request, user, invalid=True)


def _privacy_page(request: Request, user: User, *, invalid: bool) -> Response:
    return page(
        request,
        "access/privacy_home.html",
        {"user": user, "invalid": invalid},
        status_code=422 if invalid else 200,
        client_data=False,
    )
