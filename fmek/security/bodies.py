"""Reject oversized request bodies before anything parses them or checks a token.

A pure ASGI middleware: FastAPI reads a body before it resolves dependencies, so a limit inside a
route would come after the bytes are already in memory. A declared ``Content-Length`` over the
limit is refused without reading a byte; a body without one (chunked) is read here, counting,
and refused as soon as it passes the limit. The body is counted in full before the route runs,
so while it arrives it waits in a temporary file (in memory up to ``SPOOL_BYTES``): many slow
photo-sized uploads at once, before any token is checked, fill a disk, not the process.
"""

import json
import re
import tempfile
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fmek.numbers import small_int

# Routes that take a photo upload (multipart): the photo itself may be 10 MB plus form overhead.
UPLOAD_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^/api/v1/advice-requests/[^/]+/photos/?$"),
    re.compile(r"^/advies/nieuw(/foto)?/?$"),  # the advice form and its photo preview
    re.compile(r"^/advies/[^/]+/fotos/?$"),  # a photo added to an open advice request
)


SPOOL_BYTES = 64 * 1024
"""A body up to this size stays in memory while it is counted; a larger one goes to disk."""
REPLAY_CHUNK = 64 * 1024


def error_body(msg: str, type_: str, loc: Sequence[str] = ()) -> bytes:
    """The contract's one error body, for answers given before FastAPI is reached."""
    return json.dumps({"detail": [{"msg": msg, "type": type_, "loc": list(loc)}]}).encode()


async def send_error(send: Send, status: int, msg: str, type_: str, loc: Sequence[str]) -> None:
    body = error_body(msg, type_, loc)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _size_label(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class BodyLimitMiddleware:
    """413 for a body over ``max_body`` (``max_upload`` on photo routes), before the app runs."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    def limit_for(self, path: str) -> int:
        if any(p.match(path) for p in UPLOAD_PATHS):
            return self.max_upload
        return self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        too_large = f"the request body is larger than the {_size_label(limit)} allowed here"
        declared = _content_length(scope)
        if declared == -1:
            await send_error(send, 400, "Content-Length is not a number", "bad_request", ["header"])
            return
        if declared is not None and declared > limit:
            await send_error(send, 413, too_large, "body_too_large", ["body"])
            return
        first = await receive()
        if first["type"] != "http.request" or not first.get("more_body", False):
            if len(first.get("body", b"")) > limit:
                await send_error(send, 413, too_large, "body_too_large", ["body"])
                return
            await self.app(scope, _replay_one(first, receive), send)  # the usual case
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            received = 0
            message = first
            ended: list[Message] = []  # the client's disconnect, if it left mid-body
            while True:
                received += len(message.get("body", b""))
                if received > limit:
                    await send_error(send, 413, too_large, "body_too_large", ["body"])
                    return
                spool.write(message.get("body", b""))
                if not message.get("more_body", False):
                    break
                message = await receive()
                if message["type"] != "http.request":
                    ended.append(message)
                    break
            spool.seek(0)
            await self.app(scope, _replay_spool(spool, received, ended, receive), send)


def _replay_one(first: Message, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return replay


def _replay_spool(
    spool: "tempfile.SpooledTemporaryFile[bytes]",
    size: int,
    ended: list[Message],
    receive: Receive,
) -> Receive:
    """The counted body again, in chunks; then the client's disconnect or the live channel."""
    done = False

    async def replay() -> Message:
        nonlocal done
        if not done:
            chunk = spool.read(REPLAY_CHUNK)
            finished = spool.tell() >= size
            done = finished
            if finished and ended and not chunk:
                return ended.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": not finished or bool(ended)}
        if ended:
            return ended.pop(0)
        return await receive()

    return replay


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent, -1 when it is not a plain number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            number = small_int(text, max_digits=18)
            return -1 if number is None else number
    return None
