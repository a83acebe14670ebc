"""Web-page sign-in: a bearer token typed once, then a signed session cookie; CSRF tokens.

The cookie (Starlette SessionMiddleware, itsdangerous-signed) holds only the user id, the
sign-in time and the CSRF token; every request re-reads the user, so revoking the token ends
the web session too.
"""

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

from fmek.auth.models import Role, User
from fmek.db import SessionDep
from fmek.settings import Settings

SESSION_COOKIE = "fmek_session"
WEB_ROLES = frozenset(
    {Role.GGD_PLANNER, Role.FORENSISCH_ARTS, Role.ADMIN, Role.VERTROUWENSARTS, Role.LECK_CONSULTANT}
)


class LoginRequired(Exception):
    """No valid web session: send the browser to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__("login required")
        self.next_url = next_url


class CsrfFailed(Exception):
    """A form came without the session's CSRF token."""


def install_web_sessions(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key or secrets.token_urlsafe(32),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.cookie_secure,
    )

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='/')}", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def _csrf(_request: Request, _exc: CsrfFailed) -> Response:
        return Response(
            "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw.",
            status_code=403,
            media_type="text/plain; charset=utf-8",
        )


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["csrf"] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, sent: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise CsrfFailed()


def signed_in_user(request: Request, session: SessionDep) -> User | None:
    """The user of the web session, or None (no session, revoked token, no web role)."""
    user_id = request.session.get("user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.revoked_at is not None or user.role_enum not in WEB_ROLES:
        return None
    return user


def web_user(request: Request, session: SessionDep) -> User:
    """The signed-in user of a web page (any role with pages)."""
    user = signed_in_user(request, session)
    if user is None:
        request.session.clear()
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return user


WebUserDep = Annotated[User, Depends(web_user)]


def safe_next(url: str | None, *, default: str = "/planning") -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default
