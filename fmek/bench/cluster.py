"""``fmek bench cluster``: FMEK as several processes on one PostgreSQL, with a worker killed.

On a fresh database with the demo doctors and rosters of all 25 regions:

1. chaos run: two web processes (clients split over both ports) and two workers. A roster job
   is started on worker 1 alone; once it runs, worker 2 starts and referrals for all regions
   arrive at a steady rate (default 3/s, far above the national volume); a third of the way
   in, worker 1 is killed with SIGKILL and restarted 3 s later. Then the run waits for the
   queue to drain and reads the database: referrals acknowledged vs stored, time from
   submission to planned-or-escalated (finish of the plan run that decided the examination),
   doctors double-booked, jobs lost (failed, stuck or never run), the killed worker's roster
   job.
2. intake throughput: clients submit as fast as they can, first against one web process with
   one worker, then against two web processes with two workers.

Everything listens on 127.0.0.1 only.

Long because it is one benchmark script: it starts, kills and measures processes in the order
described above.
"""

import asyncio
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import Engine, text
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.bench.intake import Phase, _drive, _free_port, _fresh_database, _prepare, _referral
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import make_engine
from fmek.demo import load_demo
from fmek.keys.keyring import new_key_line
from fmek.reference.service import list_regions
from fmek.settings import get_settings

ROSTER_REGION = "GG2514"
SETTLE_S = 90.0


@dataclass
class Cluster:
    url: str
    workdir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "FMEK_DATABASE_URL": self.url,
            "FMEK_LOG_LEVEL": "WARNING",
            "FMEK_SECRET_KEY": "bench-cluster-shared-key",
            "FMEK_ALLOCATION_TIME_LIMIT_S": "1",
        }

    def _start(self, name: str, args: list[str]) -> None:
        with (self.workdir / f"{name}.log").open("ab") as log:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", "fmek", *args],
                env=self._env(),
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def web(self, name: str) -> str:
        port = _free_port()
        self._start(name, ["serve", "--port", str(port), "--workers", "1", "--no-migrate"])
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base)
        return base

    def worker(self, name: str) -> None:
        self._start(name, ["worker", "--concurrency", "2"])

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)


def _wait_ready(base: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/api/v1/ready", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("a web process did not become ready")


def _all_regions_referral(rng: random.Random, regions: list[str]) -> dict[str, Any]:
    body = _referral(rng)
    body["ggd_region"] = rng.choice(regions)
    body["child"]["mobility"] = rng.choice(["mobile", "not_mobile"])  # required under 1 year
    return body


def _intake(
    bases: list[str], tokens: list[str], seconds: float, regions: list[str], acked: set[str]
) -> Phase:
    """Clients spread over the web processes, each referral with its own Idempotency-Key."""
    headers = [{"Authorization": f"Bearer {t}"} for t in tokens]

    async def post_referral(client: aiohttp.ClientSession, i: int, rng: random.Random) -> bool:
        key = uuid.uuid4().hex
        url = f"{bases[i % len(bases)]}/api/v1/referrals"
        body = _all_regions_referral(rng, regions)
        for attempt in range(3):
            try:
                async with client.post(
                    url, json=body, headers={**headers[i], "Idempotency-Key": key}
                ) as r:
                    answer = await r.read()
                    if r.status == 201:
                        acked.add(key)
                        return True
                    if r.status < 500 or attempt == 2:
                        _refused(r.status, answer)
                        return False
            except aiohttp.ClientError:
                continue
        return False

    return asyncio.run(_drive("http://127.0.0.1", tokens, seconds, post_referral))


REFUSALS: Counter[str] = Counter()


def _refused(status: int, answer: bytes) -> None:
    """Count refusals by status and error type (error bodies never hold client data)."""
    try:
        kind = json.loads(answer)["detail"][0]["type"]
    except (ValueError, KeyError, IndexError, TypeError):
        kind = "?"
    REFUSALS[f"{status} {kind}"] += 1


def _paced(
    bases: list[str],
    tokens: list[str],
    seconds: float,
    rate: float,
    regions: list[str],
    acked: set[str],
) -> Phase:
    """``rate`` referrals a second, spread evenly over the clients and web processes."""
    clients = min(len(tokens), max(1, int(rate * 2)))
    interval = clients / rate
    headers = [{"Authorization": f"Bearer {t}"} for t in tokens]
    phase = Phase("paced")

    async def main() -> None:
        timeout = aiohttp.ClientTimeout(total=30.0)
        async with aiohttp.ClientSession(timeout=timeout) as client:

            async def one(i: int) -> None:
                rng = random.Random(1000 + i)
                start = time.perf_counter() + i * interval / clients
                n = 0
                while (due := start + n * interval) < started + seconds:
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    n += 1
                    key = uuid.uuid4().hex
                    body = _all_regions_referral(rng, regions)
                    sent = time.perf_counter()
                    try:
                        async with client.post(
                            f"{bases[i % len(bases)]}/api/v1/referrals",
                            json=body,
                            headers={**headers[i], "Idempotency-Key": key},
                        ) as r:
                            answer = await r.read()
                            ok = r.status == 201
                            if not ok:
                                _refused(r.status, answer)
                    except aiohttp.ClientError:
                        ok = False
                    if ok:
                        acked.add(key)
                        phase.latencies_ms.append((time.perf_counter() - sent) * 1000)
                    else:
                        phase.errors += 1

            await asyncio.gather(*(one(i) for i in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    phase.duration_s = time.perf_counter() - started
    return phase


def _roster_job(base: str, token: str) -> str:
    monday = utcnow().astimezone(AMSTERDAM).date() + timedelta(days=35)
    body = (
        f'{{"from": "{monday}", "to": "{monday + timedelta(days=13)}", "time_limit_s": 20}}'
    ).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/regions/{ROSTER_REGION}/roster/jobs",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["id"])


def _scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def _wait(check: Any, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return bool(check())


PENDING_SQL = """
SELECT count(*) FROM referral r
WHERE r.destination = 'ggd' AND r.status = 'routed' AND r.idempotency_key = ANY(:keys)
  AND EXISTS (SELECT 1 FROM doctor d WHERE d.active AND d.region = r.ggd_region)
  AND NOT EXISTS (SELECT 1 FROM examination e WHERE e.referral_id = r.id
                  AND e.status IN ('assigned', 'escalated', 'accepted'))
"""
DECIDED_SQL = """
SELECT extract(epoch FROM (p.finished_at - r.submitted_at))
FROM referral r JOIN examination e ON e.referral_id = r.id
JOIN plan_run p ON p.id = e.last_plan_run
WHERE r.idempotency_key = ANY(:keys) AND e.status IN ('assigned', 'escalated', 'accepted')
"""
LOST_SQL = """
SELECT count(*) FROM procrastinate_jobs j
LEFT JOIN procrastinate_workers w ON w.id = j.worker_id
WHERE j.status = 'failed'
   OR (j.status = 'doing' AND (w.id IS NULL OR w.last_heartbeat < now() - interval '10 seconds'))
   OR (j.status = 'todo' AND j.task_name NOT IN ('allocation.sweep', 'jobs.retry_stalled'))
"""
OVERLAP_SQL = """
SELECT count(*) FROM assignment a JOIN assignment b
  ON a.doctor_id = b.doctor_id AND a.id < b.id
 AND a.start_at < b.end_at AND b.start_at < a.end_at
WHERE a.status IN ('proposed', 'accepted', 'started') AND b.status IN ('proposed', 'accepted', 'started')
"""


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _roster_status(engine: Engine, job_id: str) -> str:
    return str(_scalar(engine, "SELECT status FROM roster_job WHERE id = :id", id=job_id))


def _chaos(
    cluster: Cluster,
    engine: Engine,
    tokens: list[str],
    planner: str,
    regions: list[str],
    *,
    seconds: float,
    rate: float,
) -> dict[str, Any]:
    bases = [cluster.web("web-1"), cluster.web("web-2")]
    job_id = _roster_job(bases[0], planner)
    cluster.worker("worker-1")  # alone, so the roster job is surely on the worker we kill
    running = _wait(lambda: _roster_status(engine, job_id) == "running", 60)
    cluster.worker("worker-2")
    killed_running = [False]

    def chaos() -> None:
        time.sleep(min(3.0, seconds / 3))  # early, so the roster job is still running
        killed_running[0] = _roster_status(engine, job_id) == "running"
        cluster.kill("worker-1")
        time.sleep(3)
        cluster.worker("worker-1")

    killer = threading.Thread(target=chaos)
    killer.start()
    acked: set[str] = set()
    paced = _paced(bases, tokens, seconds, rate, regions, acked)
    killer.join()
    keys = list(acked)
    drained_at = time.perf_counter()
    settled = _wait(lambda: _scalar(engine, PENDING_SQL, keys=keys) == 0, SETTLE_S)
    roster_done = _wait(lambda: _roster_status(engine, job_id) in ("done", "failed"), SETTLE_S)
    drain_s = time.perf_counter() - drained_at
    with engine.connect() as conn:
        delays = [float(v) for v in conn.execute(text(DECIDED_SQL), {"keys": keys}).scalars()]
    result = {
        "paced": paced,
        "acknowledged": len(keys),
        "stored": _scalar(
            engine, "SELECT count(*) FROM referral WHERE idempotency_key = ANY(:keys)", keys=keys
        ),
        "delays": delays,
        "pending": _scalar(engine, PENDING_SQL, keys=keys),
        "settled": settled,
        "drain_s": drain_s,
        "doubles": _scalar(engine, OVERLAP_SQL),
        "lost": _scalar(engine, LOST_SQL),
        "roster": _roster_status(engine, job_id),
        "roster_done": roster_done,
        "roster_was_running": running,
        "killed_running": killed_running[0],
        "jobs": _job_summary(engine),
        "errors": _errors(cluster.workdir),
    }
    cluster.stop_all()
    return result


def _throughput(
    cluster: Cluster, tokens: list[str], regions: list[str], *, webs: int, seconds: float
) -> Phase:
    """Intake alone (no worker runs meanwhile, so both runs see the same idle machine; the
    chaos run measured planning)."""
    bases = [cluster.web(f"web-t{i}") for i in range(webs)]
    phase = _intake(bases, tokens, seconds, regions, set())
    cluster.stop_all()
    return phase


def _job_summary(engine: Engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT task_name, status::text, count(*) FROM procrastinate_jobs "
                "GROUP BY 1, 2 ORDER BY 1, 2"
            )
        ).all()
    return ", ".join(f"{task} {status} {n}" for task, status, n in rows) or "none"


def _errors(workdir: Path) -> list[str]:
    """Error lines of the workers' logs (they name exception types, never client data)."""
    lines = []
    for log in sorted(workdir.glob("worker-*.log")):
        for line in log.read_text("utf-8", errors="replace").splitlines():
            if "ERROR" in line or "Error, to retry" in line:
                lines.append(f"{log.stem}: {line.strip()[:160]}")
    return lines


def run(*, clients: int, seconds: float, rate: float, postgres_url: str) -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):  # a progress line per second, also when piped
        sys.stdout.reconfigure(line_buffering=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the processes, drop the db
    # one throw-away data key for the bench's processes (child identifiers are encrypted)
    os.environ.setdefault("FMEK_DATA_KEYS", new_key_line("bench"))
    os.environ.setdefault("FMEK_AUDIT_KEYS", new_key_line("bench"))  # workers seal and sign
    get_settings.cache_clear()
    print(
        f"fmek bench cluster: PostgreSQL; chaos run {seconds:.0f} s at {rate:g} referrals/s; "
        f"intake runs {seconds / 2:.0f} s with {clients} clients"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url, drop = _fresh_database("postgresql", postgres_url, workdir)
        cluster = Cluster(url, workdir)
        engine = make_engine(url)
        try:
            started = time.perf_counter()
            tokens = _prepare(url, clients)
            for _line in load_demo(engine, tokens_file=workdir / "demo-tokens.txt"):
                pass  # the demo reports each step; the bench only needs the data
            with Session(engine) as session:
                _user, planner = add_user(
                    session, name="bench planner", role=Role.GGD_PLANNER, region=ROSTER_REGION
                )
                regions = [r.code for r in list_regions(session)]
            with engine.begin() as conn:  # the demo's own referrals are not part of the run
                conn.execute(text("DELETE FROM procrastinate_jobs"))
            print(
                f"demo doctors and rosters of {len(regions)} regions loaded in "
                f"{time.perf_counter() - started:.0f} s"
            )
            chaos = _chaos(cluster, engine, tokens, planner, regions, seconds=seconds, rate=rate)
            single = _throughput(cluster, tokens, regions, webs=1, seconds=seconds / 2)
            multi = _throughput(cluster, tokens, regions, webs=2, seconds=seconds / 2)
        finally:
            cluster.stop_all()
            engine.dispose()
            drop()
    _report(chaos, single, multi)


def _report(chaos: dict[str, Any], single: Phase, multi: Phase) -> None:
    delays: list[float] = chaos["delays"]
    paced: Phase = chaos["paced"]
    print("chaos run (2 web processes, 2 workers, worker 1 SIGKILLed and restarted):")
    print(
        f"  referrals acknowledged {chaos['acknowledged']}, stored {chaos['stored']} "
        f"(equal: {chaos['acknowledged'] == chaos['stored']}); intake p99 "
        f"{paced.pct(0.99):.0f} ms, errors {paced.errors}"
    )
    print(
        f"  submission -> planned or escalated: {len(delays)} referrals, median "
        f"{_pct(delays, 0.5):.1f} s, p99 {_pct(delays, 0.99):.1f} s (target p99 <= 30 s); "
        f"still pending {chaos['pending']} (queue drained: {chaos['settled']}, "
        f"{chaos['drain_s']:.0f} s after the last referral)"
    )
    print(
        f"  doctors double-booked: {chaos['doubles']}; jobs lost (failed, stuck or never run): "
        f"{chaos['lost']}"
    )
    print(
        f"  roster job of the killed worker: running when killed {chaos['killed_running']}; "
        f"final status {chaos['roster']} (finished: {chaos['roster_done']})"
    )
    print(f"  queue at the end: {chaos['jobs']}")
    errors: list[str] = chaos["errors"]
    print(f"  worker log errors: {len(errors)}")
    for line in errors[:8]:
        print(f"    {line}")
    if REFUSALS:
        print(
            "refused referrals by status and type: "
            + ", ".join(f"{k} x{n}" for k, n in REFUSALS.most_common())
        )
    print(
        f"intake at full speed, no worker running {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for label, phase in (
        ("1 web process", single),
        ("2 web processes", multi),
    ):
        print(
            f"  {label:32} {phase.throughput:8.1f} {phase.pct(0.5):8.1f} "
            f"{phase.pct(0.99):8.1f} {phase.errors:7d}"
        )
    ratio = multi.throughput / single.throughput if single.throughput else float("nan")
    print(
        f"  cluster/single: throughput {ratio:.2f}x, p99 "
        f"{multi.pct(0.99) / single.pct(0.99):.2f}x (one machine: the processes share its cores)"
    )
