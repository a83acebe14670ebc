"""Web-page sign-in: a bearer token typed once, then a server-side session; CSRF tokens.

The signed cookie (Starlette SessionMiddleware) holds a random session id, the CSRF token and
flash messages. The session itself is a ``web_session`` row: it ends on logout, on revocation or
rotation of the token, after ``session_idle_s`` without a request and ``session_max_age_s`` after
sign-in. A copied cookie is then worth nothing. The sign-in form carries a CSRF token too (no
login CSRF: nobody can sign a victim's browser into the attacker's account).
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.middleware.sessions import SessionMiddleware

from fmek.auth.models import TREATING_ROLES, Role, User, WebSession
from fmek.auth.service import token_valid
from fmek.clock import utcnow
from fmek.db import SessionDep
from fmek.settings import Settings

SESSION_COOKIE = "fmek_session"
WEB_ROLES = frozenset(
    {
        Role.GGD_PLANNER,
        Role.FORENSISCH_ARTS,
        Role.ADMIN,
        Role.VERTROUWENSARTS,
        Role.LECK_CONSULTANT,
        Role.PRIVACY,
        Role.BELEID,
        *TREATING_ROLES,
    }
)
EXPIRED_REASON = "verlopen"
# last_seen_at is written at most this often: a page view is not a database write each time.
TOUCH_RESOLUTION = timedelta(seconds=30)


class LoginRequired(Exception):
    """No valid web session: send the browser to the sign-in page."""

    def __init__(self, next_url: str, *, expired: bool = False) -> None:
        super().__init__("login required")
        self.next_url = next_url
        self.expired = expired


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
        target = f"/login?next={quote(exc.next_url, safe='/')}"
        if exc.expired:
            target += f"&reden={EXPIRED_REASON}"
        return RedirectResponse(target, status_code=303)


def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("ascii")).hexdigest()


def sign_in(request: Request, session: Session, user: User) -> None:
    """Start a new server-side session (a fresh id: no session fixation) and commit it."""
    assert user.id is not None
    end_session(request, session)
    sid = secrets.token_urlsafe(32)
    session.add(WebSession(id=_sid_hash(sid), user_id=user.id))
    session.commit()
    request.session.clear()
    request.session["sid"] = sid
    request.session["csrf"] = secrets.token_urlsafe(32)


def end_session(request: Request, session: Session) -> None:
    """End this browser's session on the server (if any) and forget the cookie's contents."""
    sid = request.session.get("sid")
    if isinstance(sid, str):
        row = session.get(WebSession, _sid_hash(sid))
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
            session.commit()
    request.session.clear()


def sign_out(request: Request, session: Session) -> None:
    end_session(request, session)


CSRF_MAX_LENGTH = 100  # a token is 43 characters; anything longer is refused unread
CsrfForm = Annotated[str, Form(alias="csrf", max_length=CSRF_MAX_LENGTH)]
"""The CSRF token field of every page form."""


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


def _return_to(request: Request) -> str:
    """Where to come back after signing in again: this page, or for a form post its page."""
    if request.method in ("GET", "HEAD"):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return request.url.path.rsplit("/", 1)[0] or "/"


def _session_user(request: Request, session: Session) -> tuple[User | None, bool]:
    """The user of a live web session, and whether a session just expired (idle or too old)."""
    settings: Settings = request.app.state.settings
    sid = request.session.get("sid")
    row = session.get(WebSession, _sid_hash(sid)) if isinstance(sid, str) else None
    now = utcnow()
    user = session.get(User, row.user_id) if row is not None and row.ended_at is None else None
    if row is None or user is None or not token_valid(user, now) or user.role_enum not in WEB_ROLES:
        request.session.clear()
        return None, False
    idle = now - row.last_seen_at > timedelta(seconds=settings.session_idle_s)
    too_old = now - row.created_at > timedelta(seconds=settings.session_max_age_s)
    if idle or too_old:
        end_session(request, session)
        return None, True
    if now - row.last_seen_at >= TOUCH_RESOLUTION:
        row.last_seen_at = now
    # ends the transaction: on SQLite it holds the write lock, which must not stay taken while
    # the page waits for the browser to send its form
    session.commit()
    request.state.user = user  # a refusal of this request is audited with her (fmek.audit)
    return user, False


def signed_in_user(request: Request, session: SessionDep) -> User | None:
    """The user of the web session, or None (no session, ended or expired, no web role)."""
    return _session_user(request, session)[0]


def web_user(request: Request, session: SessionDep) -> User:
    """The signed-in user of a web page (any role with pages)."""
    user, expired = _session_user(request, session)
    if user is None:
        raise LoginRequired(_return_to(request), expired=expired)
    return user


WebUserDep = Annotated[User, Depends(web_user)]


def safe_next(url: str | None, *, default: str = "/planning") -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default
