"""`fmek bench figures`: the national figures of one half-year over a 24-month demo history,
against a ``SELECT count(*)`` of the same half-year's referrals in the same run, on SQLite and
PostgreSQL (each a fresh database, dropped afterwards)."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from fmek.audit.service import Actor
from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.bench.intake import _fresh_database
from fmek.clock import AMSTERDAM, utcnow
from fmek.db import make_engine
from fmek.demo import load_people
from fmek.demo_history import load_history
from fmek.figures import service
from fmek.keys.keyring import keyring, new_key_line
from fmek.migrations import upgrade
from fmek.reference.service import ensure_reference_data
from fmek.referrals.models import Referral
from fmek.settings import get_settings
from reports.figures import Period, cells, half_year, half_year_label

SHOWN = (
    "available.filled_share",
    "available.primary_and_backup_share",
    "available.fte",
    "available.doctors_per_100k_children",
    "in_time.referrals.total",
    "in_time.examinations.all.total",
    "in_time.examinations.all.on_time_share",
    "in_time.examinations.by_urgency.acute.median_minutes_to_start",
    "in_time.examinations.all.late",
    "in_time.escalations.availability",
    "in_time.acute_zeden_handoffs",
    "in_time.leck_advices.received",
    "in_time.leck_advices.median_hours_to_answer",
    "secured.hired_hours_share",
    "secured.qualifications_expiring",
    "secured.regions_depending_on_two_doctors",
    "secured.weeks_rostered_ahead_min",
    "secured.consults",
    "secured.anonymous_advices",
)


def run(*, databases: list[str], postgres_url: str, months: int, repeats: int) -> None:
    if not os.environ.get("FMEK_DATA_KEYS"):
        os.environ["FMEK_DATA_KEYS"] = new_key_line("bench")  # a throw-away key for this run
        get_settings.cache_clear()
        keyring.cache_clear()
    today = utcnow().astimezone(AMSTERDAM).date()
    period = half_year(half_year(today).start - timedelta(days=1))  # the last complete one
    print(f"fmek bench figures: {half_year_label(period)} nationally, {months} months of history")
    for kind in databases:
        with tempfile.TemporaryDirectory() as workdir:
            url, drop = _fresh_database(kind, postgres_url, Path(workdir))
            try:
                _one(kind, url, period, months, repeats, Path(workdir))
            finally:
                drop()


def _one(kind: str, url: str, period: Period, months: int, repeats: int, workdir: Path) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            ensure_reference_data(session)
        for _line in load_people(engine, tokens_file=workdir / "tokens.txt"):
            pass
        started = time.perf_counter()
        for line in load_history(engine, months):
            print(f"  [{kind}] {line}")
        print(f"  [{kind}] history loaded in {time.perf_counter() - started:.1f} s")
        with Session(engine, expire_on_commit=False) as session:
            user, _token = add_user(session, name="bench beleid", role=Role.BELEID)
        actor = Actor(user=user, client_address="bench")

        def count() -> Any:
            with Session(engine) as session:
                return session.exec(
                    select(func.count())
                    .select_from(Referral)
                    .where(
                        col(Referral.submitted_at) >= period.start_at,
                        col(Referral.submitted_at) < period.end_at,
                    )
                ).one()

        def figures() -> Any:
            with Session(engine) as session:
                return service.figures(session, user, period.start, period.end, None, actor)

        base_s, base_cpu, counted = _timed(count, repeats)
        figures_s, figures_cpu, result = _timed(figures, repeats)
        print(
            f"  [{kind}] SELECT count(*) of the half-year's referrals ({counted}): "
            f"median {base_s * 1000:.1f} ms (CPU {base_cpu * 1000:.1f} ms)"
        )
        verdict = "within" if figures_s <= 1.0 else "OVER"
        print(
            f"  [{kind}] GET /figures (national, {half_year_label(period)}): median "
            f"{figures_s * 1000:.0f} ms = {figures_s / base_s:.0f}x the count "
            f"(CPU {figures_cpu * 1000:.0f} ms); {verdict} the 1 s target; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        flat = {
            key: cell
            for group in ("available", "in_time", "secured")
            for key, cell in cells(result[group], group)
        }
        hidden = sum(cell["suppressed"] for cell in flat.values())
        print(f"  [{kind}] {len(flat)} figures, {hidden} suppressed; a selection:")
        for key in SHOWN:
            cell = flat[key]
            shown = "suppressed" if cell["suppressed"] else cell["value"]
            print(f"    {cell['label']:<62} {shown} {cell['unit']}")
    finally:
        engine.dispose()


def _timed(action: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Median wall-clock and CPU seconds (this process) of ``repeats`` runs after one warm-up
    run, and the last result. On a shared machine the wall clock includes waiting for a core;
    the CPU time is what the work itself took here (the database server's share excluded)."""
    result = action()
    wall, cpu = [], []
    for _ in range(repeats):
        started, used = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(wall), statistics.median(cpu), result
