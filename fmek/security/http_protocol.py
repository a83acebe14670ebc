"""The HTTP server protocol ``fmek serve`` runs: uvicorn's httptools protocol with a bound on
the request head and the security headers on the answers the server gives by itself.

httptools keeps whatever request line and headers a client sends until the blank line that
ends them: an anonymous client could make the process hold hundreds of megabytes of headers
before any ASGI code (and so any body limit or token check) runs. Here the bytes of a request
head are counted as they arrive; a head still open after ``MAX_HEAD_BYTES`` (at most one read
of the socket more) is answered 431 and the connection is closed. The body is not counted
here: the body limit middleware does that. The 400 for a request httptools cannot parse gets the same security headers as
every other answer.
"""

import json
from functools import cache

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from fmek.security.headers import fixed_headers
from fmek.settings import get_settings

MAX_HEAD_BYTES = 64 * 1024
"""Request line and headers together; a browser sends a few kilobytes."""


def _raw_answer(status: bytes, content_type: bytes, body: bytes) -> bytes:
    hsts = _hsts()
    lines = [b"HTTP/1.1 " + status]
    lines += [
        f"{name.lower()}: {value}".encode("latin-1") for name, value in fixed_headers(hsts=hsts)
    ]
    lines += [
        b"cache-control: no-store",
        b"content-type: " + content_type,
        b"content-length: " + str(len(body)).encode("ascii"),
        b"connection: close",
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@cache
def _hsts() -> bool:
    return get_settings().cookie_secure


@cache
def head_too_large() -> bytes:
    return _raw_answer(
        b"431 Request Header Fields Too Large",
        b"application/json",
        json.dumps(
            {
                "detail": [
                    {
                        "msg": f"the request line and headers are larger than the "
                        f"{MAX_HEAD_BYTES // 1024} KB allowed",
                        "type": "headers_too_large",
                        "loc": ["header"],
                    }
                ]
            }
        ).encode(),
    )


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """httptools, with the request head counted and bounded (see the module docstring)."""

    _head_open = True
    _head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if not self._head_open:
            super().data_received(data)
            return
        self._head_bytes += len(data)
        super().data_received(data)  # a head that ends in this data closes the count
        if self._head_open and self._head_bytes > MAX_HEAD_BYTES:
            self.logger.warning("Request head over %d bytes refused.", MAX_HEAD_BYTES)
            self._head_open = False
            if not self.transport.is_closing():
                self.transport.write(head_too_large())
                self.transport.close()

    def on_headers_complete(self) -> None:
        self._head_open = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._head_open = True  # the next request on this connection starts with its head

    def send_400_response(self, msg: str) -> None:
        self.transport.write(
            _raw_answer(b"400 Bad Request", b"text/plain; charset=utf-8", msg.encode("utf-8"))
        )
        self.transport.close()
