"""Allocation tests: a pinned clock, the app with a short solver time, and roster builders."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from fmek.clock import set_clock
from fmek.main import create_app
from fmek.settings import Settings

# Tuesday 1 December 2026, 09:00 in Amsterdam: a working day, far from holidays.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    set_clock(lambda: NOW)
    yield
    set_clock(None)


def allocation_settings(engine: Engine) -> Settings:
    return Settings(
        database_url=str(engine.url),
        cookie_secure=False,
        secret_key="test-secret",
        allocation_time_limit_s=0.2,
        jobs_runner="inline",  # planning jobs run right after the intake commit: deterministic
    )


@pytest.fixture
def app(engine: Engine):  # type: ignore[no-untyped-def]
    return create_app(allocation_settings(engine), engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c
