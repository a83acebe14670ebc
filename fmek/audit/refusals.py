"""Every refused request (401, 403, and 404 on a matched route: out of scope or unknown) becomes
an audit event with outcome ``denied`` — probing is as much an access question as reading."""

from fastapi import FastAPI, Request
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fmek.audit.models import AuditAction, AuditOutcome
from fmek.audit.service import Actor, RequestAudit, record, request_audit, safe_record_id
from fmek.auth.models import User

REFUSALS = frozenset({401, 403, 404})

_ACTION_BY_METHOD = {
    "GET": AuditAction.READ,
    "HEAD": AuditAction.READ,
    "POST": AuditAction.CREATE,
    "PUT": AuditAction.UPDATE,
    "PATCH": AuditAction.UPDATE,
    "DELETE": AuditAction.DELETE,
}


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _target(request: Request) -> tuple[str, str | None]:
    """(record type, record id) from the route: its last path parameter names the record."""
    params = request.path_params
    if not params:
        return "route", None
    name, value = list(params.items())[-1]
    return name.removesuffix("_id").removesuffix("_code")[:40] or "route", safe_record_id(value)


def _record_refusal(engine: Engine, request: Request, status: int, template: str) -> None:
    user = getattr(request.state, "user", None)
    actor = Actor(
        user=user if isinstance(user, User) else None, client_address=client_address(request)
    )
    record_type, record_id = _target(request)
    with Session(engine) as session:
        record(
            session,
            actor,
            _ACTION_BY_METHOD.get(request.method, AuditAction.READ),
            record_type,
            record_id,
            outcome=AuditOutcome.DENIED,
            detail=f"{status} {request.method} {template}",
        )
        session.commit()


class RefusalAudit:
    """Pure ASGI middleware: the event is written after the inner app has finished, i.e. after
    the request's own database session is closed (on SQLite it may hold the write lock until
    then), and only for a matched route (a typo in a URL is no access to client data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        marker = RequestAudit()
        status = 0

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        token = request_audit.set(marker)
        try:
            await self.app(scope, receive, capture)
        finally:
            request_audit.reset(token)
        route = scope.get("route")
        if status in REFUSALS and route is not None and not marker.refusal_recorded:
            request = Request(scope)
            await run_in_threadpool(
                _record_refusal,
                request.app.state.engine,
                request,
                status,
                getattr(route, "path", "?"),
            )


def install_refusal_audit(app: FastAPI) -> None:
    app.add_middleware(RefusalAudit)
