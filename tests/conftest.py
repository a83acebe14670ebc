"""Shared fixtures: a fresh database per test (SQLite file, or PostgreSQL when
``FMEK_TEST_DATABASE_URL`` is set), the app on that database, and typed user builders.

With ``FMEK_TEST_DATABASE_URL`` set only the tests that touch a database run: the pure-library
tests gain nothing from a second pass.
"""

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from fmek.auth.models import Role, User
from fmek.auth.service import add_user
from fmek.clock import set_clock
from fmek.db import make_engine, normalise_url
from fmek.doctors.staffed import forget_staffed_regions
from fmek.keys.keyring import new_key_line
from fmek.main import create_app
from fmek.reference.service import ensure_reference_data
from fmek.settings import Settings, get_settings
from fmek.tables import metadata

# Property tests check behaviour, not speed (speed lives in `fmek bench`): no per-example deadline,
# which on a busy machine only turns a slow example into a false failure.
hypothesis_settings.register_profile("fmek", deadline=None)
hypothesis_settings.load_profile("fmek")

PG_URL = os.environ.get("FMEK_TEST_DATABASE_URL")
# identifying data is encrypted at rest: one fresh data key per test session
os.environ.setdefault("FMEK_DATA_KEYS", new_key_line("test"))
# the audit chain's heads are signed: one fresh audit key per test session (not a data key)
os.environ.setdefault("FMEK_AUDIT_KEYS", new_key_line("audittest"))
DB_FIXTURES = {"engine", "db_url_factory"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests last: Playwright's sync API keeps an event loop running in this thread until
    # the session ends, and code under test that starts its own loop (PDF signature validation,
    # ASGI middleware tests) must not run after it.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    if not PG_URL:
        return
    keep, drop = [], []
    for item in items:
        (keep if DB_FIXTURES & set(getattr(item, "fixturenames", ())) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _admin_engine(url: str) -> Engine:
    return create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def db_url_factory() -> Iterator["DatabaseFactory"]:
    factory = DatabaseFactory()
    yield factory
    factory.drop_all()


class DatabaseFactory:
    """Makes empty databases: SQLite files, or fresh PostgreSQL databases on the test server."""

    def __init__(self) -> None:
        self.created: list[str] = []
        self.dialect = "postgresql" if PG_URL else "sqlite"

    def new(self, tmp_path: Path) -> str:
        if not PG_URL:
            return f"sqlite:///{tmp_path / f'fmek-{uuid.uuid4().hex[:8]}.db'}"
        name = f"fmek_test_{uuid.uuid4().hex[:12]}"
        admin = _admin_engine(PG_URL)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return (
            make_url(normalise_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
        )

    def drop_all(self) -> None:
        if not PG_URL or not self.created:
            return
        admin = _admin_engine(PG_URL)
        with admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_schema_engine(
    db_url_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine | None]:
    """On PostgreSQL one database per test session; tests start from truncated tables."""
    if not PG_URL:
        yield None
        return
    url = db_url_factory.new(tmp_path_factory.mktemp("pg"))
    engine = make_engine(url)
    metadata().create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(
    tmp_path: Path, _pg_schema_engine: Engine | None, db_url_factory: DatabaseFactory
) -> Iterator[Engine]:
    forget_staffed_regions()  # per-process knowledge of a database that is emptied here
    if _pg_schema_engine is not None:
        tables = ", ".join(f'"{t.name}"' for t in metadata().sorted_tables)
        with _pg_schema_engine.begin() as conn:
            # the audit tables refuse TRUNCATE (their triggers); a test database may skip them
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        the_engine = _pg_schema_engine
    else:
        the_engine = make_engine(db_url_factory.new(tmp_path))
        metadata().create_all(the_engine)
    with Session(the_engine) as session:
        ensure_reference_data(session)
    yield the_engine
    if _pg_schema_engine is None:
        the_engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session for arranging and inspecting data beside the app.

    On SQLite it begins DEFERRED so that an idle test session never holds the write lock the
    app's requests wait for; call ``session.rollback()`` before re-reading after API calls.
    """
    if engine.dialect.name == "sqlite":
        inspect_engine = make_engine(str(engine.url), sqlite_begin="DEFERRED")
        with Session(inspect_engine, expire_on_commit=False) as s:
            yield s
        inspect_engine.dispose()
        return
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def app(engine: Engine):  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=str(engine.url),
        cookie_secure=False,
        secret_key="test-secret",
        jobs_runner="inline",  # jobs run right after their transaction commits: deterministic
        roster_solver_workers=1,
    )
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


@pytest.fixture
def handelingskader_v1(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """New decisions under handelingskader v1 (FMEK_HANDELINGSKADER_VERSION=1), e.g. for the
    tests that pin v1's routing, which a deployment on v1 still gets."""
    from fmek.settings import get_settings

    monkeypatch.setenv("FMEK_HANDELINGSKADER_VERSION", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("FMEK_HANDELINGSKADER_VERSION")
    get_settings.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _signing_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Development signing certificates in a temporary directory, never the working tree."""
    os.environ["FMEK_SIGNING_DIR"] = str(tmp_path_factory.mktemp("signing"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    yield
    set_clock(None)


@dataclass(frozen=True)
class Login:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def login(engine: Engine):  # type: ignore[no-untyped-def]
    """``login(Role.X, organisation=..., region=...)`` -> Login with auth headers.

    Each user is made in its own short session, so no transaction stays open beside the app.
    """

    def _make(
        role: Role,
        *,
        organisation: str | None = None,
        region: str | None = None,
        name: str | None = None,
    ) -> Login:
        if role is Role.VERTROUWENSARTS and organisation is None:
            organisation = "VT-UTRECHT"
        if role in (Role.GGD_PLANNER, Role.FORENSISCH_ARTS) and region is None:
            region = "GG2514"
        with Session(engine, expire_on_commit=False) as s:
            user, token = add_user(
                s,
                name=name or f"{role.value} {uuid.uuid4().hex[:6]}",
                role=role,
                organisation=organisation,
                region=region,
            )
        return Login(user, token)

    return _make
