"""Builders of the job tests: settings for the queue, a doctor on shift now, waiting for a
condition, and the PostgreSQL-only mark."""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from fmek.clock import utcnow
from fmek.settings import Settings
from tests.allocation.builders import add_doctor, add_shift
from tests.conftest import PG_URL

pg_only = pytest.mark.skipif(not PG_URL, reason="the job queue needs PostgreSQL")


def queue_settings(engine: Engine, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": engine.url.render_as_string(hide_password=False),
        "cookie_secure": False,
        "secret_key": "test-secret",
        "allocation_time_limit_s": 0.3,
        "roster_solver_workers": 1,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def doctor_on_shift_now(engine: Engine, region: str = "GG2514", hours: float = 12) -> int:
    doctor = add_doctor(engine, region=region)
    now = utcnow()
    add_shift(engine, doctor, now - timedelta(hours=1), now + timedelta(hours=hours))
    return doctor


def wait_for(check: Callable[[], bool], timeout_s: float = 30.0, every_s: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every_s)
    return check()
