"""What the advice pages (requester, ``advice_pages``) and the LECK pages (``leck_pages``) share:
who may open them, Dutch refusals, and Dutch words for codes and screen findings.

Pages are answered by ``fmek.web.render.page`` (CSP without ``unsafe-inline``, ``no-store``);
letters, photos and the chart are documents with their own headers (``document``).
"""

import re
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fmek.advice.access import LECK_ROLES, REQUESTER_ROLES
from fmek.advice.identifiers import IdentifierKind
from fmek.advice.lifecycle import AdviceStatus
from fmek.advice.stats import AGE_BANDS
from fmek.api.errors import status_for
from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, as_utc
from fmek.db import SessionDep
from fmek.errors import DomainError
from fmek.security.headers import DOCUMENT_HEADERS as SECURE_DOCUMENT_HEADERS
from fmek.web.render import forbidden, page
from fmek.web.session import web_user
from reports.labels import CONCERN, INJURY_KIND, REGION, SEX, SIDE

# a letter or chart is a document with its own inline style and no script at all
DOCUMENT_HEADERS = {**SECURE_DOCUMENT_HEADERS, "Referrer-Policy": "no-referrer"}

FINDING = {
    IdentifierKind.BSN: "Dit lijkt een BSN (burgerservicenummer).",
    IdentifierKind.BIRTH_DATE: "Dit lijkt een geboortedatum.",
    IdentifierKind.POSTCODE: "Dit lijkt een postcode.",
    IdentifierKind.PHONE_NUMBER: "Dit lijkt een telefoonnummer.",
    IdentifierKind.EMAIL_ADDRESS: "Dit lijkt een e-mailadres.",
    IdentifierKind.IBAN: "Dit lijkt een IBAN (bankrekeningnummer).",
    IdentifierKind.PATIENT_NUMBER: "Dit lijkt een patiëntnummer.",
    IdentifierKind.PERSON_NAME: "Dit lijkt een naam.",
    IdentifierKind.STREET_ADDRESS: "Dit lijkt een adres.",
}
FINDING_ADVICE = (
    "Haal het weg of omschrijf het zonder dat iemand het kind kan herkennen: "
    "een adviesaanvraag is anoniem."
)

STATUS = {
    AdviceStatus.SUBMITTED: "ontvangen, nog niet opgepakt",
    AdviceStatus.CLAIMED: "in behandeling bij LECK",
    AdviceStatus.ANSWERED: "advies geschreven, wacht op teambeoordeling",
    AdviceStatus.RELEASED: "advies vrijgegeven",
    AdviceStatus.CONVERTED: "omgezet in een geïdentificeerd consult",
}
AGE_BAND = {
    "0-5m": "0–5 maanden",
    "6-11m": "6–11 maanden",
    "12-23m": "12–23 maanden",
    "2-3y": "2–3 jaar",
    "4-11y": "4–11 jaar",
    "12-17y": "12–17 jaar",
}
CASE_LABELS = {
    "sexes": SEX,
    "concern_labels": CONCERN,
    "kinds": INJURY_KIND,
    "body_regions": REGION,
    "sides": SIDE,
}
"""Dutch words for a case's coded facts, as the templates name them."""
assert set(AGE_BAND) == {key for key, _, _ in AGE_BANDS}


def finding_texts(kinds: list[IdentifierKind]) -> list[str]:
    """One Dutch sentence per kind found (each kind once), never the value itself."""
    return [FINDING[kind] for kind in dict.fromkeys(kinds)]


def local_time(moment: datetime) -> str:
    return f"{as_utc(moment).astimezone(AMSTERDAM):%d-%m-%Y %H:%M}"


def age_label(months: int) -> str:
    if months < 24:
        return f"{months} maanden"
    return f"{months // 12} jaar en {months % 12} maanden"


def problem_page(request: Request, user: User, exc: DomainError) -> HTMLResponse:
    """A refusal in Dutch with the service's status code; the message never repeats input."""
    text = {
        403: "U mag dit niet doen.",
        404: "Er is geen adviesaanvraag met dit zaaknummer voor u. Controleer het nummer "
        "(16 tekens, bijvoorbeeld K7QM-3XWD-9FHT-RN4P).",
        409: "Dit kan nu niet: de aanvraag is intussen gewijzigd. Laad de pagina opnieuw.",
    }.get(status_for(exc), "Dit kon niet worden verwerkt.")
    return page(
        request, "advies/fout.html", {"user": user, "message": text}, status_code=status_for(exc)
    )


class WrongRole(Exception):
    """A signed-in user whose role has no business on this page."""

    def __init__(self, user: User) -> None:
        super().__init__("wrong role")
        self.user = user


def _user_with(request: Request, session: SessionDep, roles: frozenset[Role]) -> User:
    user = web_user(request, session)
    if user.role_enum not in roles:
        raise WrongRole(user)
    return user


def requester_user(request: Request, session: SessionDep) -> User:
    return _user_with(request, session, REQUESTER_ROLES)


def leck_user(request: Request, session: SessionDep) -> User:
    return _user_with(request, session, LECK_ROLES)


RequesterPageDep = Annotated[User, Depends(requester_user)]
LeckPageDep = Annotated[User, Depends(leck_user)]


_CASE_PAGE = re.compile(r"^/advies/([A-Za-z0-9-]{1,40})/?$")


def install(app: FastAPI) -> None:
    """Answer a page opened by the wrong role with the Dutch refusal page (not JSON)."""

    @app.exception_handler(WrongRole)
    async def _wrong_role(request: Request, exc: WrongRole) -> Response:
        case = _CASE_PAGE.match(request.url.path)
        if case and exc.user.role_enum in LECK_ROLES and case.group(1) != "nieuw":
            # a consultant following a requester's link: the same case on LECK's side
            return RedirectResponse(f"/leck/advies/{case.group(1)}", status_code=303)
        text = (
            "Deze pagina is voor de consulenten van LECK."
            if request.url.path.startswith("/leck")
            else "Deze pagina is voor artsen die LECK om advies vragen."
        )
        return forbidden(request, exc.user, text)


def document(content: str | bytes, media_type: str, **extra: str) -> Response:
    return Response(content, media_type=media_type, headers={**DOCUMENT_HEADERS, **extra})
