"""A page that fails answers as a page: the Dutch error page with the same status code, where
the API answers its JSON error body. Paths under the API prefix, the static files and the
OpenAPI documents keep the API's answers.

The page says what happened in words and never repeats the input (it may hold client data).
"""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from fmek.api.errors import status_for
from fmek.errors import DatabaseBusy, DomainError
from fmek.web.form_bounds import FormTooLong
from fmek.web.render import PageForbidden, forbidden, home_of, page
from fmek.web.session import CsrfFailed, signed_in_user

NOT_PAGES = ("/api/", "/static/", "/openapi.json", "/docs", "/favicon.ico")

TEXT = {
    400: ("Ongeldig verzoek", "Dit verzoek kan de server niet verwerken."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: (
        "Pagina niet gevonden",
        "Deze pagina bestaat niet (meer), of valt buiten wat uw rol mag zien. Controleer het adres "
        "of ga via uw startpagina verder.",
    ),
    405: (
        "Dit kan hier niet",
        "Deze handeling hoort bij een knop op een pagina. Ga terug en gebruik die knop.",
    ),
    409: (
        "Niet gelukt",
        "Dit kan nu niet: de gegevens zijn intussen veranderd. Laad de pagina opnieuw.",
    ),
    412: ("Intussen gewijzigd", "Dit is intussen elders gewijzigd. Laad de pagina opnieuw."),
    413: ("Te groot", "Wat u stuurde is te groot. Maak het kleiner en probeer het opnieuw."),
    422: (
        "Ongeldige invoer",
        "Een waarde in het adres of in het formulier klopt niet. Ga terug en probeer het opnieuw.",
    ),
    429: ("Even wachten", "Er loopt al zo'n verzoek. Wacht even en probeer het dan opnieuw."),
    503: (
        "Even druk",
        "Het systeem is even te druk. Er is niets opgeslagen. Probeer het over een paar seconden "
        "opnieuw.",
    ),
}
CSRF_TEXT = (
    "Formulier verlopen",
    "Het formulier is verlopen of ongeldig (bijvoorbeeld na opnieuw aanmelden in een ander "
    "tabblad). Er is niets opgeslagen. Laad de pagina opnieuw en probeer het nog eens.",
)

TOO_LONG_TEXT = (
    "Invoer te lang",
    "Een veld in het formulier is langer dan toegestaan, of het formulier bevat te veel "
    "velden. Er is niets opgeslagen. Ga terug, maak de invoer korter en probeer het opnieuw.",
)

Handler = Callable[[Request, Exception], Awaitable[Response] | Response]


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(NOT_PAGES)


def error_page(request: Request, status_code: int, heading: str, message: str) -> Response:
    """The error page, with the navigation of whoever is signed in."""
    user = None
    if "sid" in request.session:  # a sign-in form's token in a session without one stays
        try:
            with Session(request.app.state.engine, expire_on_commit=False) as session:
                user = signed_in_user(request, session)
        except DatabaseBusy:  # the page still answers, without the navigation
            user = None
    return page(
        request,
        "error.html",
        {
            "user": user,
            "heading": heading,
            "message": message,
            "home": home_of(user) if user else "/login",
        },
        status_code=status_code,
        client_data=False,
    )


def _for_pages(api: Handler, status: Callable[[Exception], int]) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            answer = api(request, exc)
            return answer if isinstance(answer, Response) else await answer
        code = status(exc)
        heading, message = TEXT.get(code, ("Niet gelukt", "Dit verzoek is niet gelukt."))
        # off the event loop: waiting there for the database would stall every other request
        answer = await run_in_threadpool(error_page, request, code, heading, message)
        answer.headers.update(getattr(exc, "headers", None) or {})
        return answer

    return handler


def install(app: FastAPI) -> None:
    """Wrap the API's error handlers (install them first) so pages get the Dutch page."""
    handlers = app.exception_handlers
    app.add_exception_handler(
        DomainError,
        _for_pages(handlers[DomainError], lambda e: status_for(e)),  # type: ignore[arg-type]  # only DomainErrors reach it
    )
    app.add_exception_handler(
        RequestValidationError, _for_pages(handlers[RequestValidationError], lambda _e: 422)
    )
    app.add_exception_handler(
        StarletteHTTPException,
        _for_pages(
            handlers[StarletteHTTPException],
            lambda e: e.status_code if isinstance(e, StarletteHTTPException) else 500,
        ),
    )

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, _exc: CsrfFailed) -> Response:
        return await run_in_threadpool(error_page, request, 403, *CSRF_TEXT)

    @app.exception_handler(FormTooLong)
    async def _too_long(request: Request, _exc: FormTooLong) -> Response:
        return await run_in_threadpool(error_page, request, 422, *TOO_LONG_TEXT)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden) -> Response:
        return forbidden(request, exc.user, exc.text)
