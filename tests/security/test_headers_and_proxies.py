"""Security headers on every kind of answer; proxy headers believed only from trusted proxies."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select
from starlette.types import Message, Receive, Scope, Send

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.main import create_app
from fmek.security.headers import CSP
from fmek.security.proxy import ProxyHeadersMiddleware, parse_networks
from fmek.settings import Settings

COMMON = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


def assert_guarded(response) -> None:  # type: ignore[no-untyped-def]
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (name, response.request.url)
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/regions",  # an API answer
        "/api/v1/referrals",  # a 401
        "/no/such/thing",  # a 404
        "/login",  # a page
        "/planning",  # a redirect to sign in
        "/docs",
        "/static/no-such-file.css",  # a miss among the static files is not cached either
    ],
)
def test_every_kind_of_answer_carries_the_headers(client, path):
    assert_guarded(client.get(path, follow_redirects=False))


def test_signed_in_pages_and_api_reads_are_not_stored(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    client.post("/login", data={"token": planner.token, "csrf": _login_csrf(client)})
    assert_guarded(client.get("/planning/regions/GG2514?week=2030-W10"))
    assert_guarded(client.get("/api/v1/referrals", headers=planner.headers))


def _login_csrf(client) -> str:  # type: ignore[no-untyped-def]
    import re

    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert match
    return match.group(1)


def test_pages_have_no_inline_script_or_style(client):
    page = client.get("/login").text
    assert "<style" not in page and "<script>" not in page and "style=" not in page
    css = client.get("/static/site.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "no-store" not in css.headers["cache-control"]


def test_hsts_only_when_cookies_are_secure(engine, client):
    assert "strict-transport-security" not in client.get("/login").headers
    from fastapi.testclient import TestClient

    secure = create_app(Settings(database_url=str(engine.url), cookie_secure=True), engine=engine)
    with TestClient(secure) as c:
        assert c.get("/login").headers["strict-transport-security"].startswith("max-age=")


def test_docs_use_local_assets_and_are_off_in_production(engine, client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs-init.js").status_code == 200
    assert client.get("/openapi.json").status_code == 200
    from fastapi.testclient import TestClient

    prod = create_app(
        Settings(database_url=str(engine.url), cookie_secure=False, production=True), engine=engine
    )
    with TestClient(prod) as c:
        assert c.get("/docs").status_code == 404
        assert c.get("/openapi.json").status_code == 404
        assert c.get("/docs/assets/swagger-ui-bundle.js").status_code == 404


def test_a_forged_forwarded_for_is_not_the_audited_address(client, login, session):
    """By default no proxy is trusted: the audit trail keeps the real peer address."""
    vt = login(Role.VERTROUWENSARTS)
    response = client.get(
        "/api/v1/referrals", headers={**vt.headers, "X-Forwarded-For": "203.0.113.66"}
    )
    assert response.status_code == 200
    addresses = set(session.exec(select(AuditEvent.client_address)).all())
    assert addresses and "203.0.113.66" not in addresses


async def _seen_client(trusted: list[str], peer: str, headers: list[tuple[bytes, bytes]]):  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    async def app(scope: Scope, _receive: Receive, _send: Send) -> None:
        seen["client"] = scope["client"][0]
        seen["scheme"] = scope["scheme"]

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(_message: Message) -> None:
        return None

    middleware = ProxyHeadersMiddleware(app, trusted=parse_networks(trusted))
    scope = {"type": "http", "client": (peer, 1234), "scheme": "http", "headers": headers}
    await middleware(scope, receive, send)
    return seen


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "client", "scheme"),
    [
        ([], "10.0.0.2", b"203.0.113.66", "10.0.0.2", "http"),  # default: nobody trusted
        (["10.0.0.2"], "10.9.9.9", b"203.0.113.66", "10.9.9.9", "http"),  # not our proxy
        (["10.0.0.0/24"], "10.0.0.2", b"198.51.100.7", "198.51.100.7", "https"),
        # a client prepending a forged hop: the right-most untrusted hop is the client
        (["10.0.0.0/24"], "10.0.0.2", b"1.2.3.4, 198.51.100.7, 10.0.0.3", "198.51.100.7", "https"),
        (["10.0.0.0/24"], "10.0.0.2", b"not-an-ip", "10.0.0.2", "https"),
    ],
)
def test_forwarded_headers_only_from_trusted_proxies(trusted, peer, forwarded, client, scheme):
    headers = [(b"x-forwarded-for", forwarded), (b"x-forwarded-proto", b"https")]
    # A thread of its own: a browser test earlier in the run may leave an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(asyncio.run, _seen_client(trusted, peer, headers)).result()
    assert seen == {"client": client, "scheme": scheme}
