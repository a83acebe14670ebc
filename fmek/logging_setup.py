"""Application logging without client data: method, route template, status and duration only.

Uvicorn's access log is off because it prints paths with query strings; this middleware logs the
matched route *template* (``/api/v1/referrals/{referral_id}``), never ids, bodies or queries.
"""

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from fmek.api.errors import unexpected_response

log = logging.getLogger("fmek.access")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )


def install_access_log(app: FastAPI) -> None:
    @app.middleware("http")
    async def _access_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception as exc:  # answered here so no server layer logs a traceback with data
            response = unexpected_response(exc)
        route = request.scope.get("route")
        template = getattr(route, "path", "<unmatched>")
        log.info(
            "%s %s %d %.1fms",
            request.method,
            template,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response
