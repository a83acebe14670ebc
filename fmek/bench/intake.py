"""``fmek bench intake``: referral throughput and latency against GET /regions, per database.

For each database it makes a fresh one, starts the real server (``fmek serve``) in a subprocess,
and drives N concurrent clients for a fixed time: first GET /api/v1/regions (the baseline), then
POST /api/v1/referrals where every referral carries an Idempotency-Key and one in ten is sent a
second time (a client retry); each HTTP request, a retry too, is one sample of throughput and
latency. It then counts errors and duplicates in the database itself.
With the audit chain on (default) a sealer process runs beside the server during both phases, as
the periodic job does in a worker in production, and the chain is verified at the end.
"""

import asyncio
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from fmek.audit.chain import seal, verify
from fmek.audit.signing import audit_keyring
from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.db import make_engine, normalise_url
from fmek.keys.keyring import new_key_line
from fmek.migrations import upgrade
from fmek.reference.service import ensure_reference_data
from fmek.referrals.models import Referral
from fmek.settings import get_settings


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    duration_s: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.duration_s if self.duration_s else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_database(kind: str, postgres_url: str, workdir: Path) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        path = workdir / "bench.db"
        return f"sqlite:///{path}", lambda: None
    name = f"fmek_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = (
        make_url(normalise_url(postgres_url))
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    return url, drop


def _prepare(url: str, clients: int) -> list[str]:
    upgrade(url)
    engine = make_engine(url)
    tokens = []
    with Session(engine) as session:
        ensure_reference_data(session)
        for i in range(clients):
            _user, token = add_user(
                session,
                name=f"bench vertrouwensarts {i}",
                role=Role.VERTROUWENSARTS,
                organisation="VT-UTRECHT",
            )
            tokens.append(token)
    engine.dispose()
    return tokens


def _referral(rng: random.Random) -> dict[str, Any]:
    now = datetime.now(UTC)
    age_days = rng.randint(20, 17 * 365)
    birth = (now - timedelta(days=age_days)).date().isoformat()
    kind = rng.choice(["bruise", "abrasion", "fracture", "burn", "other"])
    region = rng.choice(["GG2514", "GG3406", "GG4607", "GG7014", "GG5608"])
    return {
        "child": {
            "name": "Bench Kind",
            "birth_date": birth,
            "sex": rng.choice(["female", "male"]),
            # handelingskader v2 requires mobility under 12 months
            "mobility": rng.choice(["mobile", "not_mobile"]) if age_days < 365 else None,
        },
        "ggd_region": region,
        "concerns": [rng.choice(["physical_abuse", "neglect", "sexual_abuse"])],
        "injuries": [
            {
                "kind": kind,
                "body_region": rng.choice(["arm", "neck", "back", "leg"]),
                "observed_at": (now - timedelta(hours=rng.randint(1, 200))).isoformat(),
            }
        ],
        "last_incident_at": (now - timedelta(hours=rng.randint(1, 400))).isoformat(),
        "vraagstelling": "Benchmark: passen de letsels bij het verhaal?",
    }


Outcome = bool | list[float]
"""What one client step answers: success as a bool (``_drive`` times the step), or the latency in
ms of each HTTP request the step made (e.g. a POST and the client's retry of it), each a sample."""


async def _drive(
    base: str,
    tokens: list[str],
    seconds: float,
    request: Callable[[aiohttp.ClientSession, int, random.Random], Awaitable[Outcome]],
) -> Phase:
    """N keep-alive clients for a fixed time. The load generator is aiohttp: it shares the two
    cores with the server under test and costs ~0.16 ms CPU per request against ~1.3–1.6 ms for
    httpx (measured here), so the figures are the server's, not the client's."""
    phase = Phase("")
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=len(tokens))
    timeout = aiohttp.ClientTimeout(total=30.0)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as client:

        async def worker(i: int) -> None:
            rng = random.Random(i)
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                outcome = await request(client, i, rng)
                if isinstance(outcome, list):
                    phase.latencies_ms.extend(outcome)
                elif outcome:
                    phase.latencies_ms.append((time.perf_counter() - started) * 1000)
                else:
                    phase.errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(len(tokens))))
        phase.duration_s = time.perf_counter() - started
    return phase


def _seal_until_stopped(
    url: str, every_s: float, ready: Event, stop: Event, totals: "Queue[int]"
) -> None:
    engine = make_engine(url)
    seal(engine)
    ready.set()
    sealed = runs = 0
    while not stop.wait(every_s):
        sealed += seal(engine).sealed
        runs += 1
    engine.dispose()
    totals.put(sealed)
    totals.put(runs)


class _Sealer:
    """Seals the audit chain every ``every_s`` seconds until stopped, in its own process as the
    periodic job runs in a worker in production (a thread here would share the load generator's
    interpreter and add its hashing to the measured latencies)."""

    def __init__(self, url: str, every_s: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.url = url
        self.ready = context.Event()
        self.stop = context.Event()
        self.totals: Queue[int] = context.Queue()
        self.process = context.Process(
            target=_seal_until_stopped,
            args=(url, every_s, self.ready, self.stop, self.totals),
            daemon=True,
        )

    def start(self) -> None:
        """Returns once the sealer has sealed what setting up wrote: it seals all along."""
        self.process.start()
        if not self.ready.wait(120):
            raise RuntimeError("the audit sealer did not start")

    def finish(self) -> dict[str, Any]:
        self.stop.set()
        sealed, runs = self.totals.get(timeout=120), self.totals.get(timeout=10)
        self.process.join()
        engine = make_engine(self.url)
        sealed += seal(engine).sealed
        report = verify(engine)
        engine.dispose()
        return {"sealed": sealed, "runs": runs, "chain_ok": report.ok}


def _run_one(
    kind: str, *, clients: int, seconds: float, postgres_url: str, workers: int, seal_every: float
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = _fresh_database(kind, postgres_url, Path(tmp))
        server = None
        try:
            tokens = _prepare(url, clients)
            port = _free_port()
            env = {
                **os.environ,
                "FMEK_DATABASE_URL": url,
                "FMEK_LOG_LEVEL": "WARNING",
                # the child's identity is encrypted at rest: a throw-away key for this run
                "FMEK_DATA_KEYS": os.environ.get("FMEK_DATA_KEYS") or new_key_line("bench"),
            }
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "fmek",
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                ],
                env=env,
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base)
            headers = [{"Authorization": f"Bearer {t}"} for t in tokens]

            async def get_regions(
                client: aiohttp.ClientSession, i: int, _rng: random.Random
            ) -> bool:
                async with client.get("/api/v1/regions", headers=headers[i]) as r:
                    await r.read()
                    return r.status == 200

            acknowledged: set[str] = set()

            async def post(
                client: aiohttp.ClientSession, body: dict[str, Any], h: dict[str, str]
            ) -> tuple[int, dict[str, Any], float]:
                started = time.perf_counter()
                async with client.post("/api/v1/referrals", json=body, headers=h) as r:
                    data = await r.json()
                return r.status, data, (time.perf_counter() - started) * 1000

            async def post_referral(
                client: aiohttp.ClientSession, i: int, rng: random.Random
            ) -> Outcome:
                """One referral; one in ten is sent again (a client that did not see the answer
                retries): the retry is a request of its own, timed as one."""
                key = uuid.uuid4().hex
                body = _referral(rng)
                h = {**headers[i], "Idempotency-Key": key}
                for attempt in range(3):
                    try:
                        status, data, elapsed = await post(client, body, h)
                    except aiohttp.ClientError:
                        continue
                    if status == 201:
                        acknowledged.add(key)
                        if rng.random() < 0.1:
                            again, replay, elapsed_again = await post(client, body, h)
                            if again != 201 or replay["id"] != data["id"]:
                                return False
                            return [elapsed, elapsed_again]
                        return [elapsed]
                    if status < 500 or attempt == 2:
                        return False
                return False

            sealer = _Sealer(url, seal_every) if seal_every > 0 else None
            if sealer:
                sealer.start()
            baseline = asyncio.run(_drive(base, tokens, seconds, get_regions))
            intake = asyncio.run(_drive(base, tokens, seconds, post_referral))
            chain = sealer.finish() if sealer else None
            engine = make_engine(url)
            with Session(engine) as session:
                stored = session.exec(select(func.count()).select_from(Referral)).one()
                distinct = session.exec(
                    select(func.count(func.distinct(Referral.idempotency_key)))
                ).one()
            engine.dispose()
            return {
                "db": kind,
                "baseline": baseline,
                "intake": intake,
                "duplicates": stored - distinct,
                "stored": stored,
                "acknowledged": len(acknowledged),
                "chain": chain,
            }
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
            drop()


def _wait_ready(base: str) -> None:
    for _ in range(600):  # up to a minute: migrations and imports on a loaded machine
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def run(
    *,
    clients: int,
    seconds: float,
    databases: list[str],
    postgres_url: str,
    workers: int,
    seal_every: float = 1.0,
) -> None:
    # one throw-away audit key for the bench and its server (both seal and sign the chain)
    os.environ.setdefault("FMEK_AUDIT_KEYS", new_key_line("bench"))
    get_settings.cache_clear()
    audit_keyring.cache_clear()
    chain = f"audit sealed every {seal_every:g} s" if seal_every > 0 else "audit chain off"
    print(
        f"fmek bench intake: {clients} clients, {seconds:.0f} s per phase, {workers} server "
        f"workers, {chain}"
    )
    header = f"{'db':10} {'phase':22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    for kind in databases:
        result = _run_one(
            kind.strip(),
            clients=clients,
            seconds=seconds,
            postgres_url=postgres_url,
            workers=workers,
            seal_every=seal_every,
        )
        base: Phase = result["baseline"]
        intake: Phase = result["intake"]
        print(header)
        for label, p in (("GET /regions (baseline)", base), ("POST /referrals", intake)):
            print(
                f"{kind:10} {label:22} {p.throughput:8.1f} {p.pct(0.5):8.1f} {p.pct(0.95):8.1f} "
                f"{p.pct(0.99):8.1f} {p.errors:7d}"
            )
        ratio_tp = intake.throughput / base.throughput if base.throughput else float("nan")
        ratio_p99 = intake.pct(0.99) / base.pct(0.99) if base.latencies_ms else float("nan")
        print(
            f"{kind:10} ratio referrals/baseline: throughput {ratio_tp:.2f}x, p99 {ratio_p99:.2f}x; "
            f"stored {result['stored']}, acknowledged {result['acknowledged']}, "
            f"duplicates {result['duplicates']}, errors {intake.errors}"
        )
        if chain := result["chain"]:
            print(
                f"{kind:10} audit chain: {chain['sealed']} events sealed in {chain['runs']} "
                f"runs during the phases; verify {'intact' if chain['chain_ok'] else 'BROKEN'}"
            )
        print()
