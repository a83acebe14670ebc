"""Audit events past the NEN 7513 term (5 years) are purged from the start of the chain behind
a checkpoint: the chain still verifies, tampering after the purge is still found, and the
database refuses any other delete."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from fmek.audit.chain import seal, verify
from fmek.audit.models import AuditCheckpoint, AuditDisclosure, AuditEvent
from fmek.audit.purge import PurgeRefused, purge
from fmek.audit.service import Actor
from fmek.audit.signing import AuditKeyring
from fmek.cli import app as cli
from fmek.settings import get_settings
from tests.audit.test_audit_chain import _as_attacker, _submit

OLD = datetime.now(UTC) - timedelta(days=365 * 6)
CUTOFF = datetime.now(UTC) - timedelta(days=365 * 5 + 30)


def _old_events(engine: Engine, n: int = 4, keys: AuditKeyring | None = None) -> list[int]:
    """Events from six years ago (a first one with a disclosure), sealed before anything else."""
    with Session(engine) as s:
        events = [
            AuditEvent(
                occurred_at=OLD + timedelta(minutes=i),
                action="read",
                outcome="success",
                user_role="system",
                record_type="referral",
                record_id=f"{i + 1}",
            )
            for i in range(n)
        ]
        s.add_all(events)
        s.flush()
        s.add(AuditDisclosure(event_id=events[0].id or 0, record_id="1"))
        s.commit()
        ids = [e.id for e in events if e.id]
    seal(engine, keys=keys)
    return ids


def _ids(engine: Engine) -> set[int]:
    with Session(engine) as s:
        return {i for i in s.exec(select(AuditEvent.id)).all() if i}


def test_purge_leaves_a_checkpoint_and_the_rest_of_the_chain_verifies(
    client, login, engine
) -> None:
    old = _old_events(engine)
    _submit(client, login, 2)
    seal(engine)
    recent = _ids(engine) - set(old)

    result = purge(engine, CUTOFF, actor=Actor.system())

    assert result.purged_links == len(old)
    assert result.checkpoint is not None and result.checkpoint.seq == len(old)
    assert _ids(engine).isdisjoint(old) and recent <= _ids(engine)
    with Session(engine) as s:
        assert s.exec(select(AuditDisclosure).where(AuditDisclosure.record_id == "1")).all() == []
        checkpoint = s.exec(select(AuditCheckpoint)).one()
        purge_event = s.exec(
            select(AuditEvent).where(AuditEvent.action == "delete").order_by(col(AuditEvent.id))
        ).all()[-1]
    assert checkpoint.last_event_id == old[-1] and checkpoint.purged_links == len(old)
    assert result.checkpoint.hash in (purge_event.detail or "")
    report = verify(engine)
    assert report.ok, report.problem
    assert report.checkpoint == result.checkpoint and report.unsealed == 0
    assert report.links == len(_ids(engine))  # the purge's own event is chained too
    # nothing older is left: a second purge changes nothing
    assert purge(engine, CUTOFF, actor=Actor.system()).purged_links == 0
    assert verify(engine).ok


def test_tampering_after_a_purge_is_still_found(client, login, engine) -> None:
    _old_events(engine)
    _submit(client, login, 2)
    result = purge(engine, CUTOFF, actor=Actor.system())
    assert result.checkpoint is not None
    first_kept = result.checkpoint.seq + 1
    with Session(engine) as s:
        event_id = s.exec(
            text("SELECT event_id FROM audit_seal WHERE seq = :s"), params={"s": first_kept + 1}
        ).one()[0]
    _as_attacker(engine, f"UPDATE audit_event SET detail = 'edited' WHERE id = {event_id}")
    report = verify(engine)
    assert not report.ok and report.broken_seq == first_kept + 1
    assert "changed after it was sealed" in (report.problem or "")


def test_a_forged_checkpoint_breaks_the_chain(client, login, engine) -> None:
    _old_events(engine)
    _submit(client, login, 1)
    result = purge(engine, CUTOFF, actor=Actor.system())
    assert result.checkpoint is not None
    forge = "UPDATE audit_checkpoint SET last_hash = '" + "0" * 64 + "'"
    _as_attacker(engine, forge)
    report = verify(engine)
    assert not report.ok and report.broken_seq == result.checkpoint.seq
    assert "purge checkpoint at link 4 does not carry a valid signature" in (report.problem or "")


def test_purge_refuses_a_cutoff_within_five_years_and_a_broken_chain(client, login, engine) -> None:
    old = _old_events(engine)
    _submit(client, login, 1)
    with pytest.raises(PurgeRefused, match="5 years"):
        purge(engine, datetime.now(UTC) - timedelta(days=365 * 4), actor=Actor.system())
    _as_attacker(engine, f"UPDATE audit_event SET detail = 'x' WHERE id = {old[1]}")
    with pytest.raises(PurgeRefused, match="does not verify"):
        purge(engine, CUTOFF, actor=Actor.system())
    assert set(old) <= _ids(engine)


def test_the_database_refuses_any_delete_that_is_not_a_purge(client, login, engine) -> None:
    old = _old_events(engine)
    _submit(client, login, 1)
    for statement in (  # old but not behind a checkpoint, and its link still there
        f"DELETE FROM audit_event WHERE id = {old[0]}",
        "DELETE FROM audit_seal WHERE seq = 1",
    ):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    purge(engine, CUTOFF, actor=Actor.system())
    recent = max(_ids(engine))
    for statement in (  # behind a checkpoint now, but within the term; and the checkpoint
        f"DELETE FROM audit_event WHERE id = {recent}",
        "DELETE FROM audit_seal",
        "DELETE FROM audit_checkpoint",
        "UPDATE audit_checkpoint SET purged_links = 0",
    ):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    assert verify(engine).ok


def test_cli_purge_and_verify(client, login, engine, monkeypatch) -> None:
    _old_events(engine)
    _submit(client, login, 1)
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url.render_as_string(hide_password=False)))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        soon = runner.invoke(cli, ["audit", "purge", "--before", "2099-01-01"])
        assert soon.exit_code == 2 and "5 years" in soon.output
        done = runner.invoke(cli, ["audit", "purge", "--before", CUTOFF.date().isoformat()])
        assert done.exit_code == 0, done.output
        assert "purged 4 link(s); checkpoint: link 4" in done.output
        checked = runner.invoke(cli, ["audit", "verify"])
        assert checked.exit_code == 0, checked.output
        assert "from the purge checkpoint: link 4" in checked.output
    finally:
        get_settings.cache_clear()


@pytest.fixture
def service_url(engine: Engine, tmp_path) -> Iterator[str]:
    """A database URL as the service has it: on PostgreSQL a login role with SELECT and INSERT
    on every table but no DELETE; on SQLite (no roles) a file that cannot be opened."""
    if engine.dialect.name != "postgresql":
        yield f"sqlite:///{tmp_path / 'missing' / 'fmek.db'}"
        return
    role = f"fmek_service_{uuid.uuid4().hex[:8]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    yield engine.url.set(username=role).render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))


def test_cli_purge_runs_as_the_schema_owner(
    client, login, engine, monkeypatch, service_url: str
) -> None:
    old = _old_events(engine)
    _submit(client, login, 1)
    owner = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("FMEK_DATABASE_URL", service_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        refused = runner.invoke(cli, ["audit", "purge", "--before", CUTOFF.date().isoformat()])
        done = runner.invoke(
            cli, ["audit", "purge", "--before", CUTOFF.date().isoformat(), "--owner-url", owner]
        )
    finally:
        get_settings.cache_clear()
    assert refused.exit_code == 2
    assert "Traceback" not in refused.output
    if engine.dialect.name == "postgresql":
        role = make_url(service_url).username
        assert (
            f"error: the database role '{role}' may not delete audit rows (on PostgreSQL only "
            "the schema owner may): run the purge as the owner, with --owner-url or "
            "FMEK_OWNER_DATABASE_URL"
        ) in refused.output
    else:
        assert "error: cannot connect to the database with that URL" in refused.output
    assert done.exit_code == 0, done.output
    assert f"purged {len(old)} link(s)" in done.output
    assert _ids(engine).isdisjoint(old)


def test_the_owner_url_setting_is_used_by_purge(
    client, login, engine, monkeypatch, service_url: str
) -> None:
    _old_events(engine)
    _submit(client, login, 1)
    monkeypatch.setenv("FMEK_DATABASE_URL", service_url)
    monkeypatch.setenv("FMEK_OWNER_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        done = CliRunner().invoke(cli, ["audit", "purge", "--before", CUTOFF.date().isoformat()])
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 0, done.output
    assert "purged 4 link(s)" in done.output


AUDIT_TABLES = ("audit_event", "audit_disclosure", "audit_seal", "audit_checkpoint", "audit_head")


def test_postgresql_refuses_to_empty_an_audit_table_with_truncate(client, login, engine) -> None:
    """TRUNCATE fires no row trigger: without a guard of its own one statement (as the schema
    owner, as `make run` on PostgreSQL connects) emptied the trail and `fmek audit verify` then
    reported an intact chain of 0 links."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE triggers refuse emptying a table")
    _submit(client, login, 1)
    for table in AUDIT_TABLES:
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert _ids(engine)  # the events are all still there
