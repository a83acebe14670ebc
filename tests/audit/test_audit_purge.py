"""Audit events past the NEN 7513 term (5 years) are purged from the start of the chain behind
a checkpoint: the chain still verifies, tampering after the purge is still found, and the
database refuses any other delete."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from fmek.audit.chain import seal, verify
from fmek.audit.models import AuditCheckpoint, AuditDisclosure, AuditEvent
from fmek.audit.purge import PurgeRefused, purge
from fmek.audit.service import Actor
from fmek.cli import app as cli
from fmek.settings import get_settings
from tests.audit.test_audit_chain import _as_attacker, _submit

OLD = datetime.now(UTC) - timedelta(days=365 * 6)
CUTOFF = datetime.now(UTC) - timedelta(days=365 * 5 + 30)


def _old_events(engine: Engine, n: int = 4) -> list[int]:
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
    seal(engine)
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
    if engine.dialect.name == "sqlite":  # the file's owner drops the guard first
        _as_attacker(engine, "DROP TRIGGER audit_checkpoint_no_update", forge)
    else:
        _as_attacker(engine, forge)
    report = verify(engine)
    assert not report.ok and report.broken_seq == result.checkpoint.seq + 1


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
