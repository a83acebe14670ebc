"""A per-client sliding-window limit for public routes that need no sign-in.

`GET /verify/{sha256}` answers anyone, so nothing else stops a script from walking the code
space or hammering the database. Each client address may make `limit` requests per `window_s`
seconds; the next one gets 429 with `Retry-After`. The address is the one the proxy middleware
trusted (`fmek.security.proxy`), so a client cannot dodge the limit by inventing
`X-Forwarded-For`. The count lives in the process: with several web processes a client gets at
most `limit` per process; the reverse proxy can add a shared limit (docs/deploy.md).
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

from fmek.errors import QuotaExceeded
from fmek.settings import Settings

MAX_CLIENTS = 10_000
"""Addresses remembered at most; the least recently seen are forgotten first."""


class SlidingWindowLimiter:
    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_clients = max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Count a request; None when it is allowed, else the whole seconds until it would be."""
        if self.limit <= 0:
            return None
        now = self._clock()
        with self._lock:
            hits = self._hits.pop(client, None) or deque()
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            self._hits[client] = hits  # re-inserted: most recently seen last
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] + self.window_s - now))
            hits.append(now)
            while len(self._hits) > self._max_clients:
                del self._hits[next(iter(self._hits))]
            return None


def _limiter(request: Request, name: str, limit: int, window_s: float) -> SlidingWindowLimiter:
    """One limiter per app and route, made on first use (tests build many apps)."""
    state = request.app.state
    limiters: dict[str, SlidingWindowLimiter] = getattr(state, "rate_limiters", None) or {}
    state.rate_limiters = limiters
    if name not in limiters:
        limiters[name] = SlidingWindowLimiter(limit, window_s)
    return limiters[name]


def verify_rate_limit(request: Request) -> None:
    """FastAPI dependency of the public verification route."""
    settings: Settings = request.app.state.settings
    limiter = _limiter(request, "verify", settings.verify_rate_limit, settings.verify_rate_window_s)
    client = request.client.host if request.client else "unknown"
    if (wait := limiter.retry_after(client)) is not None:
        raise QuotaExceeded(
            f"too many verification requests from your address: at most {limiter.limit} per "
            f"{limiter.window_s:g} seconds; try again in {wait} seconds",
            type="rate_limited",
            headers={"Retry-After": str(wait)},
        )
