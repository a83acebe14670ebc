"""The child's access overview as a page (Dutch): who saw or changed the referral, when and from
where. Same rules as the API: the child's vertrouwensarts and the privacy officer."""

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fmek.audit.access_log import access_log
from fmek.auth.models import Role
from fmek.db import SessionDep
from fmek.errors import NotFound, PermissionDenied
from fmek.web.render import actor_of, forbidden, page
from fmek.web.session import WebUserDep

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
def privacy_home(
    request: Request,
    user: WebUserDep,
    verwijzing: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The privacy officer's start page: open a child's access overview by referral number."""
    if user.role_enum is not Role.PRIVACY:
        return forbidden(request, user, "Deze pagina is voor de privacyfunctionaris.")
    typed = (verwijzing or "").strip()
    if typed and REFERRAL_NUMBER.fullmatch(typed.lower()):
        return RedirectResponse(f"/verwijzingen/{typed.lower()}/toegang", status_code=303)
    # anything else (a BSN, a name typed by mistake) goes into no path and is not shown again
    return page(
        request,
        "access/privacy_home.html",
        {"user": user, "invalid": bool(typed)},
        status_code=422 if typed else 200,
        client_data=False,
    )
