"""Allocation tests: a pinned clock, the app with a short solver time, and roster builders."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from fmek.clock import set_clock
from fmek.main import create_app
from tests.allocation.builders import NOW, allocation_settings


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    set_clock(lambda: NOW)
    yield
    set_clock(None)


@pytest.fixture
def app(engine: Engine):  # type: ignore[no-untyped-def]
    return create_app(allocation_settings(engine), engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c
