"""Client address and scheme behind a reverse proxy, trusted only from configured proxies.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only when the direct peer is one of
``trusted_proxies`` (default: none), so the address in the access log and the audit trail cannot
be forged by a client. The client is the right-most forwarded address that is not itself a
trusted proxy (a client can prepend anything to the left).
"""

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """``10.0.0.5`` or ``10.0.0.0/24``; a bad entry is a configuration error at start-up."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


class ProxyHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, trusted: list[Network]) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted:
            client = scope.get("client")
            if client and _is_trusted(client[0], self.trusted):
                self._apply(scope)
        await self.app(scope, receive, send)

    def _apply(self, scope: Scope) -> None:
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        forwarded = headers.get(b"x-forwarded-for")
        if forwarded:
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            for hop in reversed(hops):
                if not _is_trusted(hop, self.trusted):
                    try:
                        ipaddress.ip_address(hop)
                    except ValueError:
                        break  # a garbled hop: keep the proxy's own address
                    scope["client"] = (hop, 0)
                    break
        proto = headers.get(b"x-forwarded-proto", "").strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto
