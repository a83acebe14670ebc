"""Probe: every route of the app, anonymous and signed in, answers with the security headers
and without a 500 (whatever its status: 200, 303, 401, 403, 404, 405, 422)."""

import re
from collections.abc import Iterable, Iterator
from typing import Any

from fmek.auth.models import Role
from fmek.security.headers import CSP
from tests.security.routes import all_routes

PARAM = re.compile(r"\{[^}]+\}")


def _routes(routes: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(path, method) of every route."""
    for path, route in all_routes(routes):
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            if method != "HEAD":
                yield path, method


def test_every_route_carries_the_headers_and_never_a_500(app, client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    routes = sorted(set(_routes(app.routes)))
    assert len(routes) > 60
    failures = []
    for path, method in routes:
        url = PARAM.sub("GG2514", path)
        for headers in ({}, planner.headers):
            response = client.request(method, url, headers=headers, follow_redirects=False)
            missing = [
                name
                for name, value in (
                    ("content-security-policy", None),
                    ("x-frame-options", "DENY"),
                    ("referrer-policy", "no-referrer"),
                    ("x-content-type-options", "nosniff"),
                )
                if name not in response.headers
                or (value is not None and response.headers[name] != value)
            ]
            static = url.startswith(("/static", "/docs/assets"))
            if not static and "no-store" not in response.headers.get("cache-control", ""):
                missing.append("cache-control: no-store")
            if response.status_code == 500 or missing:  # /ready may say 503: not ready
                failures.append((method, url, response.status_code, missing))
    assert failures == []
    assert client.get("/login").headers["content-security-policy"] == CSP
