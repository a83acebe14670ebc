"""Security headers on every response, added in one place (a pure ASGI middleware).

Every response is ``Cache-Control: no-store`` unless it is a static asset that was found: API answers and pages
may carry client data, and a shared or back-button cache must never keep them. A route that sets
its own ``Cache-Control`` keeps it, and a document that sets its own stricter CSP (a rendered
report) keeps that, with ``frame-ancestors 'none'`` added.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Everything from this server only; no inline script or style anywhere (pages use static files).
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# A document (report, letter) is medical data: never cached, never sniffed, and even if escaping
# ever failed the browser would run no script and load nothing from elsewhere.
DOCUMENT_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
}
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIXES = ("/static/", "/docs/assets/")


def fixed_headers(*, hsts: bool) -> list[tuple[str, str]]:
    """The headers every answer carries (also those the HTTP server gives by itself)."""
    fixed = [
        ("Content-Security-Policy", CSP),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts:
        fixed.append(("Strict-Transport-Security", HSTS))
    return fixed


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.fixed = fixed_headers(hsts=hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(STATIC_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                own_csp = headers.get("content-security-policy")
                for name, value in self.fixed:
                    headers[name] = value
                if own_csp:  # a document's own, stricter policy (e.g. a rendered report)
                    if "frame-ancestors" not in own_csp:
                        own_csp += "; frame-ancestors 'none'"
                    headers["Content-Security-Policy"] = own_csp
                if "cache-control" not in headers:
                    cacheable = static and int(message["status"]) < 400
                    headers["Cache-Control"] = "public, max-age=3600" if cacheable else "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
