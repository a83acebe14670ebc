"""Job tests run on a database migrated by Alembic (on PostgreSQL that includes procrastinate's
queue), clock unpinned (worker processes plan against the real time), and can start real
``fmek worker`` processes on that database."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from fmek.audit.models import APPEND_ONLY_TABLES
from fmek.db import make_engine
from fmek.main import create_app
from fmek.migrations import upgrade
from fmek.reference.service import ensure_reference_data
from fmek.tables import metadata
from tests.jobs.builders import queue_settings

QUEUE_TABLES = ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs")


@pytest.fixture(scope="module")
def _migrated(db_url_factory, tmp_path_factory) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    url = db_url_factory.new(tmp_path_factory.mktemp("jobs"))
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_migrated: Engine) -> Engine:
    """The module's migrated database, emptied for each test."""
    tables = [t.name for t in reversed(metadata().sorted_tables)]
    with _migrated.begin() as conn:
        if _migrated.dialect.name == "postgresql":
            names = ", ".join(f'"{t}"' for t in (*tables, *QUEUE_TABLES))
            # the audit tables refuse TRUNCATE (their triggers); a test database may skip them
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                if table not in APPEND_ONLY_TABLES:  # the audit trail refuses DELETE
                    conn.execute(text(f'DELETE FROM "{table}"'))
    with Session(_migrated) as session:
        ensure_reference_data(session)
    return _migrated


@pytest.fixture
def app(engine: Engine):  # type: ignore[no-untyped-def]
    """The app as deployed: on PostgreSQL jobs go to the queue, on SQLite to a local thread."""
    return create_app(queue_settings(engine), engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


class Workers:
    """``fmek worker`` processes on the test database; all stopped at the end of the test."""

    def __init__(self, engine: Engine, log_dir: Path) -> None:
        self.url = engine.url.render_as_string(hide_password=False)
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, concurrency: int = 2, **env: str) -> subprocess.Popen[bytes]:
        environment = {
            **os.environ,
            "FMEK_DATABASE_URL": self.url,
            "FMEK_ALLOCATION_TIME_LIMIT_S": "0.3",
            "FMEK_ROSTER_SOLVER_WORKERS": "1",
            "FMEK_LOG_LEVEL": "INFO",
            **env,
        }
        with (self.log_dir / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            proc = subprocess.Popen(
                [sys.executable, "-m", "fmek", "worker", "--concurrency", str(concurrency)],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text("utf-8", errors="replace")

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


@pytest.fixture
def workers(engine: Engine, tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(engine, tmp_path)
    yield pool
    pool.stop_all()
