"""SQLite under concurrent requests: writers are served in arrival order (none waits out the
busy timeout while later ones overtake it), every acknowledged write is stored, and a lock that
another process keeps too long answers 503 with Retry-After, nothing saved, never a 500."""

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session, func, select

from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.db import make_engine
from fmek.errors import DatabaseBusy
from fmek.main import create_app
from fmek.reference.service import ensure_reference_data
from fmek.referrals.models import Referral
from fmek.settings import Settings
from fmek.tables import metadata
from tests.referrals.builders import referral_body
from tests.web.test_referral_pages import csrf_of, ggd_case, key_of, sign_in


def _database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / f'fmek-{uuid.uuid4().hex[:8]}.db'}"


@pytest.fixture
def table(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(_database(tmp_path))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE w (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT)"))
    yield engine
    engine.dispose()


def test_a_waiting_writer_goes_before_writers_that_ask_later(table: Engine) -> None:
    """A busy writer commits and starts again at once, over and over: the one that was already
    waiting is next, instead of polling until the busy timeout runs out (the old 500)."""
    a_holds, b_asks = threading.Event(), threading.Event()

    def busy_writer() -> None:
        for i in range(25):
            with table.begin() as conn:
                conn.execute(text("INSERT INTO w (who) VALUES ('a')"))
                if i == 0:
                    a_holds.set()
                    b_asks.wait(10)
                time.sleep(0.02)  # the work of a request's transaction

    def waiting_writer() -> None:
        a_holds.wait(10)
        b_asks.set()
        with table.begin() as conn:
            conn.execute(text("INSERT INTO w (who) VALUES ('b')"))

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(busy_writer), pool.submit(waiting_writer)]:
            done.result(timeout=60)
    with table.connect() as conn:
        order = [who for (who,) in conn.execute(text("SELECT who FROM w ORDER BY n"))]
    assert len(order) == 26
    assert "b" in order[:4], order


def test_a_writer_that_cannot_get_its_turn_gets_busy_and_the_queue_goes_on(
    tmp_path: Path,
) -> None:
    engine = make_engine(_database(tmp_path), busy_timeout_s=0.2)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE w (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT)"))
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO w (who) VALUES ('holder')"))
            holding.set()
            release.wait(10)

    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(holder)
        assert holding.wait(10)
        with pytest.raises(DatabaseBusy), engine.begin() as conn:
            conn.execute(text("INSERT INTO w (who) VALUES ('refused')"))
        release.set()
        held.result(timeout=10)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO w (who) VALUES ('after')"))
    with engine.connect() as conn:
        rows = [who for (who,) in conn.execute(text("SELECT who FROM w ORDER BY n"))]
    assert rows == ["holder", "after"]
    engine.dispose()


def _app(url: str, *, busy_timeout_s: float = 30.0) -> tuple[TestClient, Engine]:
    engine = make_engine(url, busy_timeout_s=busy_timeout_s)
    metadata().create_all(engine)
    with Session(engine) as session:
        ensure_reference_data(session)
    settings = Settings(
        database_url=url,
        cookie_secure=False,
        secret_key="test-secret",
        jobs_runner="inline",
        roster_solver_workers=1,
    )
    return TestClient(create_app(settings, engine=engine)), engine


def _vertrouwensarts(engine: Engine) -> str:
    with Session(engine) as session:
        _user, token = add_user(
            session, name="vt", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT"
        )
    return token


def _stored(engine: Engine) -> list[str | None]:
    with Session(engine) as session:
        return list(session.exec(select(Referral.idempotency_key)).all())


def test_concurrent_referrals_and_reads_are_all_answered_and_stored(tmp_path: Path) -> None:
    client, engine = _app(_database(tmp_path))
    with client:
        headers = {"Authorization": f"Bearer {_vertrouwensarts(engine)}"}

        def submit(key: str) -> int:
            answer = client.post(
                "/api/v1/referrals",
                json=referral_body(),
                headers={**headers, "Idempotency-Key": key},
            )
            return answer.status_code

        def read(_: int) -> int:
            return client.get("/api/v1/referrals", headers=headers).status_code

        keys = [uuid.uuid4().hex for _ in range(16)]
        with ThreadPoolExecutor(8) as pool:
            reads = pool.map(read, range(8))
            written = dict(zip(keys, pool.map(submit, keys), strict=True))
            read_codes = list(reads)
    assert set(read_codes) == {200}
    assert set(written.values()) == {201}
    assert sorted(k for k in _stored(engine) if k) == sorted(keys)
    engine.dispose()


def test_a_lock_held_elsewhere_too_long_answers_503_and_saves_nothing(tmp_path: Path) -> None:
    url = _database(tmp_path)
    client, engine = _app(url, busy_timeout_s=0.3)
    with client:
        token = _vertrouwensarts(engine)
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
        sign_in(client, token)
        form = client.get("/verwijzingen/nieuw").text
        # another process (a command, a second server) keeps SQLite's write lock
        other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            api = client.post("/api/v1/referrals", json=referral_body(), headers=headers)
            page = client.post(
                "/verwijzingen/nieuw",
                data=ggd_case(csrf_of(form), key_of(form)),
                follow_redirects=False,
            )
        finally:
            other.rollback()
            other.close()
        assert api.status_code == 503
        assert api.headers["retry-after"].isdigit()
        assert api.json()["detail"][0]["type"] == "busy"
        assert "nothing was saved" in api.json()["detail"][0]["msg"]
        assert page.status_code == 503
        assert page.headers["retry-after"].isdigit()
        assert "Er is niets opgeslagen" in page.text
        assert _stored(engine) == []

        again = client.post("/api/v1/referrals", json=referral_body(), headers=headers)
    assert again.status_code == 201
    assert _stored(engine) == [headers["Idempotency-Key"]]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Referral)).one() == 1
    engine.dispose()
