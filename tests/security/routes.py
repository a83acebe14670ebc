"""Every route of the app with its full path, also inside included routers (FastAPI wraps an
included router instead of copying its routes)."""

from collections.abc import Iterable, Iterator
from typing import Any


def all_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from all_routes(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
            continue
        yield prefix + getattr(route, "path", ""), route
