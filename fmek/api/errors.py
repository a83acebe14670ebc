"""The single mapping from errors to HTTP: one body shape, never echoing input.

Body: ``{"detail": [{"msg": ..., "type": ..., "loc": [...]}]}``. Pydantic's own 422 entries carry
the offending ``input``; we drop it, because a referral's input is a child's medical data.
"""

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from fmek.advice.identifiers import find_identifiers
from fmek.errors import (
    Conflict,
    DatabaseBusy,
    DomainError,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    QuotaExceeded,
    Unauthenticated,
    ValidationFailed,
)

log = logging.getLogger("fmek.api")


class ErrorItem(BaseModel):
    msg: str
    type: str
    loc: list[str | int]


class ErrorBody(BaseModel):
    detail: list[ErrorItem]


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entry documenting the error body for each code."""
    return {code: {"model": ErrorBody} for code in codes}


_STATUS: list[tuple[type[DomainError], int]] = [
    (Unauthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (PreconditionFailed, 412),
    (Conflict, 409),
    (ValidationFailed, 422),
    (QuotaExceeded, 429),
    (DatabaseBusy, 503),
]

_FRIENDLY: dict[str, str] = {
    "extra_forbidden": "unknown field: it is not part of this form",
    "missing": "this field is required",
    "timezone_aware": "a timestamp needs a UTC offset, e.g. 2026-11-29T14:30:00+01:00",
    "json_invalid": "the body is not valid JSON",
    "model_attributes_type": "expected an object",
    "dict_type": "expected an object",
    "list_type": "expected a list",
    "date_from_datetime_parsing": "expected a date like 2025-07-01",
    "date_parsing": "expected a date like 2025-07-01",
    "date_type": "expected a date like 2025-07-01",
    "datetime_parsing": "expected a timestamp like 2026-11-29T14:30:00+01:00",
    "datetime_from_date_parsing": "expected a timestamp like 2026-11-29T14:30:00+01:00",
    "datetime_type": "expected a timestamp like 2026-11-29T14:30:00+01:00",
}


def status_for(error: DomainError) -> int:
    for cls, code in _STATUS:
        if isinstance(error, cls):
            return code
    return 400


def _body(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"detail": items}


def problem_items(error: DomainError) -> list[dict[str, Any]]:
    return [{"msg": p.msg, "type": p.type, "loc": list(p.loc)} for p in error.problems]


WITHHELD_KEY = "<field name withheld: it looks like an identifier>"


def _safe_key(part: str | int) -> str | int:
    """A field name from the client (an unknown key) that itself looks like an identifier
    (``{"123456782": …}``) or is long is not repeated in the answer."""
    if isinstance(part, str) and (len(part) > 60 or find_identifiers(part)):
        return WITHHELD_KEY
    return part


def validation_items(errors: Any) -> list[dict[str, Any]]:
    """Pydantic errors without ``input``/``ctx``, in words a doctor understands; a key that
    looks like an identifier is withheld (every router, not only the anonymous advice one)."""
    items: list[dict[str, Any]] = []
    for err in errors:
        err_type = str(err.get("type", "value_error"))
        loc = [_safe_key(part) for part in err.get("loc", ()) if isinstance(part, str | int)]
        msg = str(err.get("msg", "invalid value"))
        if err_type == "extra_forbidden" and loc:
            msg = f"unknown field '{loc[-1]}': it is not part of this form"
        elif err_type in _FRIENDLY:
            msg = _FRIENDLY[err_type]
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        elif msg.startswith("Assertion failed, "):
            msg = msg.removeprefix("Assertion failed, ")
        items.append({"msg": msg, "type": err_type, "loc": loc})
    return items


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            _body(problem_items(exc)), status_code=status_for(exc), headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(_body(validation_items(exc.errors())), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        kind = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}.get(
            exc.status_code, "http_error"
        )
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such resource"
        return JSONResponse(
            _body([{"msg": detail, "type": kind, "loc": []}]),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(_request: Request, _exc: Exception) -> JSONResponse:
        # e.g. an id in the path larger than any stored id: the database cannot even compare it
        return JSONResponse(
            _body(
                [
                    {
                        "msg": "a number in the request is out of the range this field allows",
                        "type": "out_of_range",
                        "loc": [],
                    }
                ]
            ),
            status_code=422,
        )

    app.exception_handler(Exception)(_unexpected_handler)


def unexpected_response(exc: Exception) -> JSONResponse:
    """The 500 answer; only the exception class is logged (messages may hold client data)."""
    incident = uuid.uuid4().hex[:12]
    log.error("unexpected error %s (incident %s)", type(exc).__name__, incident)
    return JSONResponse(
        _body(
            [
                {
                    "msg": f"internal error; nothing was changed (incident {incident})",
                    "type": "internal_error",
                    "loc": [],
                }
            ]
        ),
        status_code=500,
    )


async def _unexpected_handler(_request: Request, exc: Exception) -> JSONResponse:
    return unexpected_response(exc)
