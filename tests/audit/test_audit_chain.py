"""The audit trail: append-only, sealed in a hash chain, tampering found and named."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select
from typer.testing import CliRunner, Result

from fmek.audit.chain import LATE_COMMIT_GRACE, link_hash, seal, verify
from fmek.audit.models import AuditDisclosure, AuditEvent
from fmek.auth.models import Role
from fmek.cli import app as cli
from fmek.settings import get_settings
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"


def _submit(client, login, n: int = 3) -> list[str]:
    va = login(Role.VERTROUWENSARTS)
    ids = []
    for _ in range(n):
        response = client.post(URL, json=referral_body(), headers=va.headers)
        assert response.status_code == 201
        ids.append(response.json()["id"])
    for rid in ids:
        assert client.get(f"{URL}/{rid}", headers=va.headers).status_code == 200
    return ids


def _as_attacker(engine: Engine, *statements: str) -> None:
    """Someone with the database file (SQLite: drops the triggers) or the owner's password
    (PostgreSQL: replica mode skips triggers), then edits rows directly."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            for statement in statements:
                conn.execute(text(statement))
        return
    assert engine.url.database
    conn = sqlite3.connect(engine.url.database)
    for table in (
        "audit_event",
        "audit_seal",
        "audit_disclosure",
        "audit_head",
        "audit_checkpoint",
    ):
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _event_ids(engine: Engine) -> list[int]:
    with Session(engine) as s:
        return [i for i in s.exec(select(AuditEvent.id).order_by(col(AuditEvent.id))).all() if i]


def test_audit_rows_cannot_be_updated_or_deleted_by_the_application(client, login, engine) -> None:
    _submit(client, login, 1)
    seal(engine)
    for statement in (
        "UPDATE audit_event SET detail = 'x'",
        "DELETE FROM audit_event",
        "UPDATE audit_seal SET event_hash = 'x'",
        "DELETE FROM audit_seal",
    ):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    assert len(_event_ids(engine)) > 1


def test_untouched_chain_verifies_and_reports_the_unsealed_tail(client, login, engine) -> None:
    _submit(client, login)
    first = seal(engine)
    assert first.sealed == len(_event_ids(engine))
    assert seal(engine).sealed == 0  # idempotent
    _submit(client, login, 1)
    report = verify(engine)
    assert report.ok
    assert report.links == first.sealed and report.head == first.head
    assert report.unsealed > 0
    seal(engine)
    report = verify(engine)
    assert report.ok and report.unsealed == 0 and report.links == len(_event_ids(engine))


def test_sealing_in_small_batches_gives_the_same_chain(client, login, engine) -> None:
    _submit(client, login)
    result = seal(engine, batch=2)
    assert verify(engine).ok
    assert result.head.seq == len(_event_ids(engine))


@pytest.fixture
def sealed(client, login, engine) -> list[int]:
    _submit(client, login)
    seal(engine)
    return _event_ids(engine)


def _seq_of(engine: Engine, event_id: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT seq FROM audit_seal WHERE event_id = :e"), {"e": event_id}
            ).scalar_one()
        )


def test_an_event_edited_in_the_file_is_named(engine, sealed: list[int]) -> None:
    victim = sealed[3]
    _as_attacker(engine, f"UPDATE audit_event SET user_id = 999 WHERE id = {victim}")
    report = verify(engine)
    assert not report.ok
    assert report.broken_seq == _seq_of(engine, victim)
    assert report.broken_event_id == victim
    assert "changed" in (report.problem or "")
    assert report.links == report.broken_seq - 1


def test_an_event_deleted_in_the_file_is_named(engine, sealed: list[int]) -> None:
    victim = sealed[2]
    seq = _seq_of(engine, victim)
    _as_attacker(engine, f"DELETE FROM audit_event WHERE id = {victim}")
    report = verify(engine)
    assert not report.ok and report.broken_seq == seq
    assert "deleted" in (report.problem or "")


def test_an_event_deleted_with_its_link_is_named(engine, sealed: list[int]) -> None:
    victim = sealed[2]
    seq = _seq_of(engine, victim)
    _as_attacker(
        engine,
        f"DELETE FROM audit_seal WHERE event_id = {victim}",
        f"DELETE FROM audit_event WHERE id = {victim}",
    )
    report = verify(engine)
    assert not report.ok and report.broken_seq == seq
    assert "missing" in (report.problem or "")


def test_a_link_rehashed_after_an_edit_breaks_the_next_link(engine, sealed: list[int]) -> None:
    """The attacker edits an event and recomputes its own link: the next link still disagrees."""
    victim = sealed[1]
    seq = _seq_of(engine, victim)
    _as_attacker(engine, f"UPDATE audit_event SET detail = 'rewritten' WHERE id = {victim}")
    with Session(engine) as s:
        event = s.get(AuditEvent, victim)
        prev = s.exec(text(f"SELECT prev_hash FROM audit_seal WHERE seq = {seq}")).scalar_one()
        assert event is not None
        forged = link_hash(seq, prev, event, [])
    _as_attacker(engine, f"UPDATE audit_seal SET event_hash = '{forged}' WHERE seq = {seq}")
    report = verify(engine)
    assert not report.ok and report.broken_seq == seq + 1
    assert "does not follow" in (report.problem or "")


@pytest.mark.usefixtures("sealed")
def test_an_event_inserted_among_sealed_ones_fails_verification(engine) -> None:
    back_dated = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S.%f")
    _as_attacker(
        engine,
        f"INSERT INTO audit_event (id, occurred_at, action, outcome, record_type) "
        f"VALUES (-5, '{back_dated}', 'read', 'success', 'referral')",
    )
    report = verify(engine)
    assert not report.ok and report.suspect_event_ids == [-5]


def test_cli_verify_names_the_first_broken_link(engine, sealed: list[int], monkeypatch) -> None:
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        ok = runner.invoke(cli, ["audit", "verify"])
        assert ok.exit_code == 0, ok.output
        assert "audit chain intact" in ok.output
        first, second = sealed[4], sealed[2]
        _as_attacker(
            engine,
            f"UPDATE audit_event SET client_address = '10.0.0.1' WHERE id = {first}",
            f"DELETE FROM audit_event WHERE id = {second}",
        )
        broken = runner.invoke(cli, ["audit", "verify"])
        assert broken.exit_code == 1
        assert f"BROKEN at link {_seq_of(engine, second)}: event {second}" in broken.output
    finally:
        get_settings.cache_clear()


def test_export_writes_json_lines_of_the_period(
    client, login, engine, monkeypatch, tmp_path
) -> None:
    ids = _submit(client, login, 2)
    seal(engine)
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    today = datetime.now(UTC).date()
    out = tmp_path / "audit.jsonl"
    try:
        result = CliRunner().invoke(
            cli,
            ["audit", "export", "--from", str(today), "--to", str(today), "--out", str(out)],
        )
        assert result.exit_code == 0, result.output
        old = CliRunner().invoke(
            cli, ["audit", "export", "--from", "2001-01-01", "--to", "2001-01-02"]
        )
    finally:
        get_settings.cache_clear()
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {e["record_id"] for e in lines if e["action"] == "create"} >= set(ids)
    sealed_lines = [e for e in lines if e["action"] != "export"]  # the export came after the seal
    assert sealed_lines and all(e["seq"] and len(e["hash"]) == 64 for e in sealed_lines)
    assert old.output.strip() == ""
    with Session(engine) as s:  # the export itself is audited
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "export")).first()


def test_a_list_audits_every_disclosed_record_in_full(client, login, engine) -> None:
    ids = _submit(client, login, 3)
    lister = login(Role.VERTROUWENSARTS)  # same organisation: sees all three
    assert client.get(URL, headers=lister.headers).json()["total"] == 3
    with Session(engine) as s:
        event = s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "list", AuditEvent.user_id == lister.user.id
            )
        ).one()
        disclosed = s.exec(
            select(AuditDisclosure.record_id).where(AuditDisclosure.event_id == event.id)
        ).all()
    assert sorted(disclosed) == sorted(ids)


def test_the_periodic_job_seals_every_minute(client, login, engine, monkeypatch) -> None:
    from fmek.audit import jobs
    from fmek.audit.jobs import SEAL, seal_audit_chain
    from fmek.jobs.registry import JobContext, load_tasks
    from fmek.settings import Settings

    monkeypatch.setattr(jobs, "_signed_here", {})  # no head remembered from another test
    assert load_tasks()[SEAL].cron == "* * * * *"
    _submit(client, login, 1)
    seal_audit_chain(JobContext(engine, Settings(database_url=str(engine.url))))
    report = verify(engine)
    assert report.ok and report.unsealed == 0 and report.links == len(_event_ids(engine))


def test_requests_write_while_verify_walks_a_snapshot(client, login, engine, monkeypatch) -> None:
    """verify reads one snapshot and keeps no lock a request needs: a request that audits in the
    middle of the walk goes through, and the walk does not see its events."""
    from fmek.audit import chain

    _submit(client, login, 2)
    seal(engine)
    walk = chain.check_heads

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        _submit(client, login, 1)
        return walk(*args, **kwargs)

    monkeypatch.setattr(chain, "check_heads", meanwhile)
    report = verify(engine)
    assert report.ok and report.unsealed == 0
    monkeypatch.undo()
    assert verify(engine).unsealed > 0


def _verify_cli(engine: Engine, monkeypatch) -> Result:
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, ["audit", "verify"])
    finally:
        get_settings.cache_clear()


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


@pytest.mark.usefixtures("sealed")
def test_a_wiped_trail_fails_while_users_and_referrals_remain(engine, monkeypatch) -> None:
    _as_attacker(
        engine,
        *(
            f"DELETE FROM {table}"
            for table in (
                "audit_disclosure",
                "audit_head",
                "audit_checkpoint",
                "audit_seal",
                "audit_event",
            )
        ),
    )
    users, referrals = _count(engine, "user"), _count(engine, "referral")
    assert users and referrals
    report = verify(engine)
    assert not report.ok and report.wiped == (users, referrals)
    result = _verify_cli(engine, monkeypatch)
    assert result.exit_code == 1
    assert (
        f"NOT INTACT: the audit trail is empty, but the database holds {users} user(s) and "
        f"{referrals} referral(s) whose creation was audited" in result.output
    )
    assert "audit chain intact" not in result.output


def test_a_fresh_empty_database_verifies(engine, monkeypatch) -> None:
    assert _count(engine, "user") == 0 and _count(engine, "referral") == 0
    result = _verify_cli(engine, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "0 link(s) verified" in result.output and "audit chain intact" in result.output


def _insert_event(engine: Engine, occurred_at: datetime) -> int:
    """An INSERT the application role may do: a new id at the end, with a chosen date."""
    with Session(engine) as s:
        event = AuditEvent(
            occurred_at=occurred_at, action="read", outcome="success", record_type="referral"
        )
        s.add(event)
        s.commit()
        assert event.id is not None
        return event.id


def test_an_event_inserted_with_an_old_date_is_named_and_never_sealed(
    client, login, engine, sealed: list[int], monkeypatch
) -> None:
    forged = _insert_event(engine, datetime.now(UTC) - timedelta(days=30))
    assert forged > max(sealed)
    report = verify(engine)
    assert not report.ok and report.suspect_event_ids == [forged]
    result = _verify_cli(engine, monkeypatch)
    assert result.exit_code == 1
    assert f"NOT IN CHAIN: event(s) {forged} are unsealed" in result.output
    _submit(client, login, 1)  # later, legitimate events
    run = seal(engine)
    assert run.sealed > 0 and run.held_back == [forged]
    assert forged not in _sealed_ids(engine)
    report = verify(engine)
    assert report.problem is None and report.unsealed == 1
    assert not report.ok and report.suspect_event_ids == [forged]


@pytest.mark.usefixtures("sealed")
def test_an_event_committed_late_within_the_grace_is_sealed(engine) -> None:
    """A long job commits events stamped at its start, after the sealer signed a head."""
    late = _insert_event(engine, datetime.now(UTC) - LATE_COMMIT_GRACE + timedelta(minutes=10))
    report = verify(engine)
    assert report.ok and report.unsealed == 1
    run = seal(engine)
    assert (run.sealed, run.held_back) == (1, [])
    assert late in _sealed_ids(engine)
    assert verify(engine).ok


def _sealed_ids(engine: Engine) -> set[int]:
    with engine.connect() as conn:
        return {int(i) for i in conn.execute(text("SELECT event_id FROM audit_seal")).scalars()}
