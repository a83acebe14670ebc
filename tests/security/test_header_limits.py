"""The request head is bounded like the body (probe: 190 MB of headers sent to /health were
all held, RSS 250 → 432 MB); what the HTTP server answers by itself carries the headers too."""

import select
import socket

from fmek.security.headers import CSP
from fmek.security.http_protocol import MAX_HEAD_BYTES

KB = 1024


def _exchange(port: int, head: bytes, endless_header: bool = False) -> tuple[bytes, int]:
    """Send ``head`` (and with ``endless_header`` 8 KB header lines until the server stops
    reading); return the answer and the bytes sent."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(head)
    sent = len(head)
    answer = b""
    if endless_header:
        line = b"X-Filler: " + b"a" * (8 * KB) + b"\r\n"
        while sent < 4 * KB * KB:  # an unbounded server would take all of it
            if select.select([conn], [], [], 0)[0]:
                break  # the server answered (and closes)
            try:
                conn.sendall(line)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(line)
    conn.settimeout(5)
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            answer += data
            if b"\r\n\r\n" in answer and answer.rstrip().endswith((b"}", b".")):
                break
    except (TimeoutError, ConnectionResetError):
        pass
    conn.close()
    return answer, sent


def test_an_endless_request_head_is_cut_off_with_431(live_server):
    """The head never ends (no blank line is ever sent): the answer can only come from a
    server that counts the head while it arrives."""
    answer, sent = _exchange(
        live_server, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", endless_header=True
    )
    assert sent > MAX_HEAD_BYTES
    assert answer.startswith(b"HTTP/1.1 431"), answer[:80]
    assert b"headers_too_large" in answer
    assert f"content-security-policy: {CSP}".encode() in answer


def test_a_large_but_reasonable_head_is_served(live_server):
    cookie = b"Cookie: x=" + b"a" * (30 * KB) + b"\r\n"
    answer, _ = _exchange(
        live_server, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + cookie + b"\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 200"), answer[:80]


def test_a_body_sent_at_once_with_its_head_is_not_mistaken_for_a_long_head(live_server):
    """Head and body often arrive in one read: only the head counts (the body has its limit)."""
    big = b"POST /api/v1/referrals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    body = b"{" + b" " * (300 * KB) + b"}"
    answer, _ = _exchange(live_server, big + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    small = b'{"x": 1}'
    answer, _ = _exchange(live_server, big + b"Content-Length: %d\r\n\r\n" % len(small) + small)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:80]  # the body passed; the token decides


def test_an_unparseable_request_is_400_with_the_security_headers(live_server):
    answer, _ = _exchange(live_server, b"GET /api/v1/health HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
    assert f"content-security-policy: {CSP}".encode() in answer
    assert b"x-frame-options: DENY" in answer
