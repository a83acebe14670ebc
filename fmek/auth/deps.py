"""Authentication and role checks as FastAPI dependencies."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fmek.auth.models import Role, User
from fmek.auth.service import authenticate
from fmek.db import SessionDep
from fmek.errors import PermissionDenied, Unauthenticated

_bearer = HTTPBearer(auto_error=False, description="Token from `fmek user add`")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def current_user(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user behind the bearer token; 401 without a valid, unrevoked token."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthenticated(
            "sign in: send 'Authorization: Bearer <token>'",
            loc=("header", "authorization"),
            headers=_CHALLENGE,
        )
    user = authenticate(session, credentials.credentials)
    if user is None:
        raise Unauthenticated(
            "the bearer token is unknown, expired or revoked",
            loc=("header", "authorization"),
            headers=_CHALLENGE,
        )
    request.state.user = user
    return user


CurrentUserDep = Annotated[User, Depends(current_user)]


def require_roles(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency that lets only the given roles through (403 otherwise)."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(r.value for r in allowed))

    async def _check(user: CurrentUserDep) -> User:  # no I/O: no thread hop
        if user.role_enum not in allowed:
            raise PermissionDenied(f"this action is for the role(s) {names}; you are {user.role}")
        return user

    return _check


VertrouwensartsDep = Annotated[User, Depends(require_roles(Role.VERTROUWENSARTS))]
PlannerDep = Annotated[User, Depends(require_roles(Role.GGD_PLANNER, Role.ADMIN))]
AdminDep = Annotated[User, Depends(require_roles(Role.ADMIN))]
