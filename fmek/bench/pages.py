"""`fmek bench pages`: time per web page with the demo data, against GET /api/v1/health in the
same run and the same server.

Each role signs in through the sign-in form (CSRF included) and requests its pages in turn;
the times are client round trips over loopback to a uvicorn in this process (transport adds
well under a millisecond; the health baseline pays it too). Target: p95 <= 150 ms per page on
SQLite.
"""

from __future__ import annotations

import http.cookiejar
import re
import socket
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn

TARGET_P95_MS = 150.0


@dataclass
class Client:
    """A browser-like client: its own cookie jar, no redirects followed unless asked."""

    base: str
    opener: urllib.request.OpenerDirector

    @classmethod
    def new(cls, base: str) -> Client:
        jar = http.cookiejar.CookieJar()
        return cls(base, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")

    def sign_in(self, token: str) -> str:
        _, form = self.get("/login")
        _, home = self.post("/login", {"token": token, "csrf": _csrf(form)})
        return home


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    if match is None:
        raise RuntimeError("no CSRF token in the page")
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tokens(path: Path) -> dict[str, str]:
    """The first demo token of each role from demo-tokens.txt."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[-1].startswith("fmek_"):
            found.setdefault(parts[0], parts[-1])
    return found


def _prepare(database_url: str | None, tokens_file: Path | None, workdir: Path) -> tuple[str, Path]:
    """The database and tokens to use: given ones, or a fresh SQLite with the demo loaded."""
    if database_url and tokens_file:
        return database_url, tokens_file
    from fmek.db import make_engine
    from fmek.demo import load_demo
    from fmek.reference.service import ensure_reference_data
    from fmek.tables import metadata

    _bench_data_key()
    url = f"sqlite:///{workdir / 'bench-pages.db'}"
    tokens = workdir / "demo-tokens.txt"
    engine = make_engine(url)
    metadata().create_all(engine)
    from sqlmodel import Session

    with Session(engine) as session:
        ensure_reference_data(session)
    print("loading the demo data (about a minute: the demo roster is generated)...", flush=True)
    for _ in load_demo(engine, tokens_file=tokens):
        pass
    engine.dispose()
    return url, tokens


def _bench_data_key() -> None:
    """A throw-away key for the bench's own database when the operator configured none."""
    import os

    from fmek.keys.keyring import new_key_line
    from fmek.settings import get_settings

    settings = get_settings()
    if not settings.data_keys and not Path(settings.data_key_file).exists():
        os.environ["FMEK_DATA_KEYS"] = new_key_line("bench")
        get_settings.cache_clear()


def _serve(database_url: str) -> tuple[str, uvicorn.Server, threading.Thread]:
    import uvicorn

    from fmek.main import create_app
    from fmek.settings import Settings

    settings = Settings(
        database_url=database_url,
        secret_key="bench-pages",
        log_level="WARNING",
        cookie_secure=False,
    )
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def _first(pattern: str, html: str) -> str:
    match = re.search(pattern, html)
    if match is None:
        raise RuntimeError(f"the demo data lacks what the bench needs ({pattern})")
    return match.group(1)


def _timed(action: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(*, repeats: int, database_url: str | None, tokens_file: Path | None) -> None:
    """Print median and p95 per page and for GET /api/v1/health, with the target verdict."""
    import logging

    logging.getLogger("fmek.access").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="fmek-bench-pages-") as tmp:
        url, tokens_path = _prepare(database_url, tokens_file, Path(tmp))
        tokens = _tokens(tokens_path)
        base, server, thread = _serve(url)
        try:
            _measure(base, tokens, repeats)
        finally:
            # a clean stop closes the database: on SQLite its -wal and -shm files go too, so the
            # database file may be copied or replaced afterwards (a stale -wal beside a replaced
            # file is replayed into it: "database disk image is malformed")
            server.should_exit = True
            thread.join(30)


def _measure(base: str, tokens: dict[str, str], repeats: int) -> None:
    vt, doctor, planner = Client.new(base), Client.new(base), Client.new(base)
    listing = vt.sign_in(tokens["vertrouwensarts"])
    referral = _first(r'href="/verwijzingen/([0-9a-f-]{36})"', listing)
    _, form = vt.get("/verwijzingen/nieuw")
    preview_form = {
        "csrf": _csrf(form),
        "geboortedatum": "2022-03-01",
        "zorgen": "physical_abuse",
        "letsels": "1",
        "letsel-0-soort": "bruise",
        "letsel-0-lichaamsdeel": "neck",
        "actie": "controleren",
    }
    work = doctor.sign_in(tokens["forensisch_arts"])
    own = _first(r'href="/verwijzingen/([0-9a-f-]{36})/rapport"', work)
    planner.sign_in(tokens["ggd_planner"])
    anonymous = Client.new(base)

    pages: list[tuple[str, Callable[[], object]]] = [
        ("GET /api/v1/health (baseline)", lambda: anonymous.get("/api/v1/health")),
        ("GET /login", lambda: anonymous.get("/login")),
        ("GET /verwijzingen", lambda: vt.get("/verwijzingen")),
        ("GET /verwijzingen?filters", lambda: vt.get("/verwijzingen?status=routed&bestemming=ggd")),
        ("GET /verwijzingen/nieuw", lambda: vt.get("/verwijzingen/nieuw")),
        ("POST /verwijzingen/voorbeeld", lambda: vt.post("/verwijzingen/voorbeeld", preview_form)),
        ("GET /verwijzingen/{id}", lambda: vt.get(f"/verwijzingen/{referral}")),
        ("GET /onderzoeken", lambda: doctor.get("/onderzoeken")),
        ("GET /verwijzingen/{id}/rapport", lambda: doctor.get(f"/verwijzingen/{own}/rapport")),
        ("GET /planning", lambda: planner.get("/planning")),
        ("GET /planning/regions/{code}", lambda: planner.get("/planning/regions/GG2514")),
        ("GET .../fairness", lambda: planner.get("/planning/regions/GG2514/fairness")),
    ]
    for _, action in pages:  # warm up: templates compiled, caches filled
        _timed(action, 2)
    print(f"pages benchmark: {repeats} requests per page, loopback, demo data on SQLite")
    print(f"{'page':40}{'median ms':>11}{'p95 ms':>9}{'x health':>10}{'':>8}")
    baseline = None
    for name, action in pages:
        times = _timed(action, repeats)
        median, p95 = statistics.median(times), _p95(times)
        baseline = baseline or median
        verdict = "" if name.endswith("(baseline)") else ("ok" if p95 <= TARGET_P95_MS else "SLOW")
        print(f"{name:40}{median:11.1f}{p95:9.1f}{median / baseline:10.1f}{verdict:>8}")
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms per page")
