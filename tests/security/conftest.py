"""Fixtures of the security probes."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from fmek.security.http_protocol import BoundedHttpToolsProtocol


@pytest.fixture
def live_server(app) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """The app on a free port behind the HTTP protocol `fmek serve` uses; yields the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="error",
        lifespan="off",
        http=BoundedHttpToolsProtocol,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(timeout=10)
