"""Oversized bodies are refused with 413 before parsing or authentication (issue probe: a 300 MB
anonymous body used to be swallowed whole)."""

import socket
from collections.abc import Iterator

from fmek.auth.models import Role

KB = 1024


def test_declared_length_over_the_json_limit_is_413_before_the_token_is_checked(client):
    response = client.post(
        "/api/v1/referrals",
        content=b"{" + b" " * (300 * KB) + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413  # not 401: the body never reached authentication
    assert response.json() == {
        "detail": [
            {
                "msg": "the request body is larger than the 256 KB allowed here",
                "type": "body_too_large",
                "loc": ["body"],
            }
        ]
    }
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_without_length_is_counted_and_refused(client, login):
    planner = login(Role.VERTROUWENSARTS)

    def chunks() -> Iterator[bytes]:
        yield b'{"x": "'
        for _ in range(40):
            yield b"a" * (16 * KB)
        yield b'"}'

    response = client.post("/api/v1/referrals", content=chunks(), headers=planner.headers)
    assert response.status_code == 413
    assert response.json()["detail"][0]["type"] == "body_too_large"


def test_a_body_under_the_limit_reaches_the_route(client):
    response = client.post(
        "/api/v1/referrals", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401  # authentication answers, so the body passed


def test_a_garbled_content_length_is_400(client):
    response = client.post("/api/v1/referrals", headers={"Content-Length": "12abc"})
    assert response.status_code == 400
    assert response.json()["detail"][0]["type"] == "bad_request"


def test_the_photo_route_takes_a_photo_sized_body_but_not_more(client):
    url = "/api/v1/advice-requests/LECK-2026-0001/photos"
    five_mb = client.post(url, content=b"x" * (5 * KB * KB))
    assert five_mb.status_code == 401  # passed the body limit; authentication decides
    too_big = client.post(url, content=b"x" * (12 * KB * KB))
    assert too_big.status_code == 413
    assert "11 MB" in too_big.json()["detail"][0]["msg"]


def test_a_real_server_stops_a_slow_chunked_upload_at_the_limit(live_server):
    """A client streaming an endless chunked body gets 413 after ~256 KB, not after 300 MB."""
    conn = socket.create_connection(("127.0.0.1", live_server), timeout=10)
    conn.sendall(
        b"POST /api/v1/referrals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * (32 * KB)
    sent = 0
    answer = b""
    conn.settimeout(0.05)
    while sent < 300 * KB * KB and b"\r\n\r\n" not in answer:
        try:
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            answer += conn.recv(4096)
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            break
    conn.settimeout(5)
    try:
        while b"}]}" not in answer:
            data = conn.recv(4096)
            if not data:
                break
            answer += data
    except (TimeoutError, ConnectionResetError):
        pass
    conn.close()
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"body_too_large" in answer
    assert sent < 2 * KB * KB


def test_a_photo_sized_body_waits_on_disk_not_in_memory():
    """An upload is counted in full before any route or token check sees it; meanwhile it is
    kept in a temporary file, so many slow anonymous 10 MB uploads at once cannot fill the
    process's memory (probe: 30 of them held 330 MB)."""
    import asyncio
    import tracemalloc

    from fmek.security.bodies import BodyLimitMiddleware

    chunk_size, chunks = 64 * KB, 160  # 10 MB, as a client would send it
    seen: dict[str, int] = {}

    async def route(_scope, receive, send):  # type: ignore[no-untyped-def]
        total, more = 0, True
        while more:
            message = await receive()
            total += len(message.get("body", b""))
            more = message.get("more_body", False)
        seen["bytes"] = total
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    middleware = BodyLimitMiddleware(route, max_body=256 * KB, max_upload=11 * KB * KB)
    sent = {"n": 0}

    async def client_receive():  # type: ignore[no-untyped-def]
        sent["n"] += 1
        return {
            "type": "http.request",
            "body": b"x" * chunk_size,
            "more_body": sent["n"] < chunks,
        }

    async def send(_message):  # type: ignore[no-untyped-def]
        return None

    scope = {"type": "http", "path": "/api/v1/advice-requests/X/photos", "headers": []}
    tracemalloc.start()
    try:
        asyncio.run(middleware(scope, client_receive, send))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen["bytes"] == chunk_size * chunks  # the route got every byte, in order
    assert peak < 2 * KB * KB, f"held {peak // KB} KB of a 10 MB body in memory"
