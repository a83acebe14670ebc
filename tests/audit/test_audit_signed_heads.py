"""The audit chain against someone who can write the database but does not hold the audit key:
a chain recomputed with plain SHA-256, deleted or forged heads, a cut-off newest part, a forged
purge checkpoint; key rotation keeps old heads verifiable."""

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from fmek.audit.chain import GENESIS, NoAuditKey, link_hash, seal, verify
from fmek.audit.heads import HEARTBEAT, SignedHead, UnsignedTail, head_fields
from fmek.audit.models import AuditDisclosure, AuditEvent, AuditHead, AuditSeal
from fmek.audit.purge import PurgeRefused, purge
from fmek.audit.service import Actor
from fmek.audit.signing import HEAD, AuditKeyring, audit_keyring, instant
from fmek.cli import app as cli
from fmek.clock import set_clock, utcnow
from fmek.db import make_engine
from fmek.keys.keyring import new_key_line, parse_keys
from fmek.migrations import upgrade
from fmek.settings import get_settings
from tests.audit.test_audit_chain import _as_attacker, _submit
from tests.audit.test_audit_purge import CUTOFF, _old_events


def _ring(*key_ids: str) -> AuditKeyring:
    return AuditKeyring(tuple(parse_keys(",".join(new_key_line(k) for k in key_ids))))


@pytest.fixture
def runs(client, login, engine: Engine) -> list[SignedHead]:
    """Three seal runs of two referrals each: heads 1, 2 and 3."""
    heads = []
    for _ in range(3):
        _submit(client, login, 2)
        signed = seal(engine).signed
        assert signed is not None
        heads.append(signed)
    assert [h.n for h in heads] == [1, 2, 3]
    return heads


def _event_at(engine: Engine, seq: int) -> int:
    with Session(engine) as s:
        link = s.get(AuditSeal, seq)
        assert link is not None
        return link.event_id


def _recompute_from(engine: Engine, first: int) -> None:
    """What an attacker without the key can do after an edit: recompute every later link."""
    with Session(engine) as s:
        rows = s.exec(
            select(AuditSeal, AuditEvent)
            .join(AuditEvent, col(AuditEvent.id) == AuditSeal.event_id)
            .where(col(AuditSeal.seq) >= first)
            .order_by(col(AuditSeal.seq))
        ).all()
        before = s.get(AuditSeal, first - 1)
        disclosed: dict[int, list[str]] = {}
        for event_id, record_id in s.exec(
            select(AuditDisclosure.event_id, AuditDisclosure.record_id)
        ).all():
            disclosed.setdefault(event_id, []).append(record_id)
    prev = before.event_hash if before else GENESIS
    statements = []
    for link, event in rows:
        digest = link_hash(link.seq, prev, event, disclosed.get(event.id or 0, []))
        statements.append(
            f"UPDATE audit_seal SET prev_hash = '{prev}', event_hash = '{digest}' "
            f"WHERE seq = {link.seq}"
        )
        prev = digest
    _as_attacker(engine, *statements)


def _newest_seq(engine: Engine) -> int:
    with Session(engine) as s:
        return max(s.exec(select(AuditSeal.seq)).all())


def _edit_and_recompute(engine: Engine, seq: int) -> None:
    _as_attacker(
        engine, f"UPDATE audit_event SET user_id = 4242 WHERE id = {_event_at(engine, seq)}"
    )
    _recompute_from(engine, seq)


def test_an_intact_chain_verifies_with_its_signed_heads(engine, runs) -> None:
    report = verify(engine)
    assert report.ok, report.problem
    assert report.signed is not None and report.signed.checked == 3
    assert report.signed.newest == runs[-1] and report.signed.key_ids == {"audittest"}
    assert runs[-1].seq == report.head.seq == _newest_seq(engine)


def test_an_edit_with_every_later_link_recomputed_is_named(engine, runs) -> None:
    """The plain chain holds after the recomputation; the signed heads do not."""
    victim = runs[0].seq + 2  # sealed by the second run
    _edit_and_recompute(engine, victim)
    report = verify(engine)
    assert report.links == _newest_seq(engine)  # every link follows its predecessor again
    assert not report.ok
    assert report.broken_seq == runs[1].seq  # the first signed head at or after the edit
    assert f"link {runs[1].seq} does not match signed head 2" in (report.problem or "")
    assert f"after link {runs[0].seq} (signed head 1 " in (report.problem or "")


def test_the_cli_names_the_recomputed_point(engine, runs, monkeypatch) -> None:
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    try:
        intact = CliRunner().invoke(cli, ["audit", "verify"])
        assert intact.exit_code == 0, intact.output
        assert f"newest signed head 3 (link {runs[2].seq}, signed " in intact.output
        _edit_and_recompute(engine, runs[1].seq + 1)
        broken = CliRunner().invoke(cli, ["audit", "verify"])
    finally:
        get_settings.cache_clear()
    assert broken.exit_code == 1
    assert f"BROKEN at link {runs[2].seq}: link {runs[2].seq} does not match signed head 3" in (
        broken.output
    )


def test_heads_deleted_to_hide_a_recomputation_leave_links_unsigned(engine, runs) -> None:
    victim = runs[0].seq + 1
    _edit_and_recompute(engine, victim)
    _as_attacker(engine, "DELETE FROM audit_head WHERE n >= 2")
    report = verify(engine)
    assert not report.ok and report.broken_seq == runs[0].seq + 1
    assert f"links {runs[0].seq + 1}..{_newest_seq(engine)} are not covered by a signed head" in (
        report.problem or ""
    )
    with pytest.raises(UnsignedTail, match="not its newest signed head"):
        seal(engine)  # the sealer never signs links it did not seal itself


def test_a_head_deleted_in_the_middle_is_named(engine, runs) -> None:
    _as_attacker(engine, "DELETE FROM audit_head WHERE n = 2")
    report = verify(engine)
    assert not report.ok and report.broken_seq == runs[2].seq
    assert "signed head 2 is missing (deleted)" in (report.problem or "")


def test_a_deleted_newest_link_behind_a_signed_head_is_reported(engine, runs) -> None:
    newest = runs[-1].seq
    event_id = _event_at(engine, newest)
    _as_attacker(
        engine,
        f"DELETE FROM audit_seal WHERE seq = {newest}",
        f"DELETE FROM audit_event WHERE id = {event_id}",
    )
    report = verify(engine)
    assert not report.ok and report.broken_seq == newest
    assert (
        f"signed head 3 (link {newest}, signed {runs[-1].signed_at:%Y-%m-%d %H:%M:%S} UTC) "
        f"names link {newest}, but the chain ends at link {newest - 1}"
    ) in (report.problem or "")


def test_a_cut_off_newest_part_shows_in_the_newest_signed_head(engine, runs) -> None:
    """Links, events and heads of the last run all deleted: only the newest signed head (number,
    link, time), compared with the seal log, shows it; the report names it."""
    cut = [_event_at(engine, s) for s in range(runs[1].seq + 1, runs[2].seq + 1)]
    _as_attacker(
        engine,
        "DELETE FROM audit_head WHERE n = 3",
        f"DELETE FROM audit_seal WHERE seq > {runs[1].seq}",
        f"DELETE FROM audit_event WHERE id IN ({', '.join(map(str, cut))})",
    )
    report = verify(engine)
    assert report.ok  # nothing in the database contradicts it ...
    assert report.signed is not None
    assert report.signed.newest == runs[1]  # ... but the newest head is not head 3 of the log


def test_a_head_forged_without_the_key_is_refused(engine, runs) -> None:
    """The attacker recomputes the chain and re-signs the heads with a key of their own under
    the real key id."""
    _edit_and_recompute(engine, runs[0].seq + 1)
    forger = AuditKeyring((parse_keys(new_key_line("audittest"))[0],))
    with Session(engine) as s:
        head = s.get(AuditHead, 2)
        link = s.get(AuditSeal, runs[1].seq)
        assert head is not None and link is not None
        fields = head_fields(2, head.seq, link.event_hash, head.signed_at, head.key_id)
        forged = forger.sign(HEAD, fields)
    _as_attacker(
        engine,
        f"UPDATE audit_head SET event_hash = '{link.event_hash}', signature = '{forged}' "
        "WHERE n = 2",
    )
    report = verify(engine)
    assert not report.ok and report.broken_seq == runs[1].seq
    assert "signed head 2 (link" in (report.problem or "")
    assert "does not carry a valid signature" in (report.problem or "")


def test_a_head_under_an_unknown_key_is_refused(engine, runs) -> None:
    now = instant(utcnow())
    _as_attacker(
        engine,
        "INSERT INTO audit_head (n, seq, event_hash, signed_at, key_id, signature) VALUES "
        f"(4, {runs[-1].seq}, '{runs[-1].event_hash}', '{now}', 'other', '{'0' * 64}')",
    )
    report = verify(engine)
    assert not report.ok
    assert "signed head 4" in (report.problem or "")
    assert "is under audit key 'other', which is not in the audit keyring" in (report.problem or "")


def test_rotation_keeps_old_heads_verifiable(client, login, engine) -> None:
    old, new = _ring("old"), None
    _submit(client, login, 2)
    assert seal(engine, keys=old).signed is not None
    new = AuditKeyring((_ring("new").current, old.current))  # new first, the old one after it
    _submit(client, login, 1)
    signed = seal(engine, keys=new).signed
    assert signed is not None and signed.key_id == "new"
    report = verify(engine, keys=new)
    assert report.ok, report.problem
    assert report.signed is not None and report.signed.key_ids == {"old", "new"}
    without_old = verify(engine, keys=AuditKeyring((new.current,)))
    assert not without_old.ok
    assert "signed head 1" in (without_old.problem or "")
    assert "is under audit key 'old', which is not in the audit keyring" in (
        without_old.problem or ""
    )


@pytest.fixture
def audit_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Audit keys from a key file (FMEK_AUDIT_KEYS unset), as `fmek keys init` makes it."""
    path = tmp_path / "audit-keys.txt"
    monkeypatch.setenv("FMEK_AUDIT_KEYS", "")
    monkeypatch.setenv("FMEK_AUDIT_KEY_FILE", str(path))
    get_settings.cache_clear()
    audit_keyring.cache_clear()
    yield path
    get_settings.cache_clear()
    audit_keyring.cache_clear()


def test_cli_rotation_of_the_audit_key_file(
    client, login, engine, monkeypatch, audit_key_file: Path
) -> None:
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    runner = CliRunner()
    made = runner.invoke(cli, ["keys", "init"])
    assert made.exit_code == 0 and "new audit key written" in made.output
    assert audit_key_file.stat().st_mode & 0o777 == 0o600
    _submit(client, login, 1)
    first = runner.invoke(cli, ["audit", "seal"])
    assert first.exit_code == 0 and "signed head 1" in first.output
    rotated = runner.invoke(cli, ["keys", "rotate-audit"])
    assert rotated.exit_code == 0, rotated.output
    ids = [k.id for k in parse_keys(audit_key_file.read_text("utf-8"))]
    assert len(ids) == 2 and f"new audit key {ids[0]} added first" in rotated.output
    _submit(client, login, 1)
    assert runner.invoke(cli, ["audit", "seal"]).exit_code == 0
    checked = runner.invoke(cli, ["audit", "verify"])
    assert checked.exit_code == 0, checked.output
    assert f"2 signed head(s) checked (audit keys: {', '.join(sorted(ids))})" in checked.output


@pytest.mark.usefixtures("audit_key_file")
def test_without_an_audit_key_nothing_is_sealed_and_verify_says_so(
    client, login, engine, monkeypatch
) -> None:
    _submit(client, login, 1)
    with pytest.raises(NoAuditKey):
        seal(engine)
    assert verify(engine).key_missing and not verify(engine).ok
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    runner = CliRunner()
    sealed = runner.invoke(cli, ["audit", "seal"])
    assert sealed.exit_code == 2 and "no audit key configured" in sealed.output
    checked = runner.invoke(cli, ["audit", "verify"])
    assert checked.exit_code == 1
    assert "NOT VERIFIED: no audit key configured" in checked.output
    if engine.dialect.name == "sqlite":  # the sealer runs inside `fmek serve`
        serve = runner.invoke(cli, ["serve", "--no-migrate"])
        assert serve.exit_code == 2 and "no audit key configured" in serve.output
    worker = runner.invoke(cli, ["worker"])
    assert worker.exit_code == 2 and "`fmek worker` runs the audit sealer" in worker.output


def test_a_chain_from_before_signing_is_adopted_only_on_purpose(engine, runs) -> None:
    _as_attacker(engine, "DELETE FROM audit_head")  # as before the upgrade
    report = verify(engine)
    assert not report.ok and report.broken_seq == 1
    assert "the chain was never signed" in (report.problem or "")
    with pytest.raises(UnsignedTail, match="--adopt"):
        seal(engine)
    adopted = seal(engine, adopt=True)
    assert adopted.signed is not None and adopted.signed.seq == runs[-1].seq
    assert verify(engine).ok


def test_an_idle_sealer_signs_an_hourly_head(engine, runs) -> None:
    assert seal(engine).signed is None  # nothing new, the newest head is fresh
    later = utcnow() + HEARTBEAT + timedelta(minutes=1)
    set_clock(lambda: later)
    heartbeat = seal(engine).signed
    assert heartbeat is not None
    assert (heartbeat.n, heartbeat.seq, heartbeat.signed_at) == (4, runs[-1].seq, later)
    assert verify(engine).ok


def _insert_checkpoint(engine: Engine, seq: int, *, key_id: str, signature: str) -> None:
    with Session(engine) as s:
        link = s.get(AuditSeal, seq)
        assert link is not None
    _as_attacker(
        engine,
        f"UPDATE audit_event SET detail = 'rewritten' WHERE id = {link.event_id}",
        "INSERT INTO audit_checkpoint (last_seq, last_event_id, last_hash, purged_before, "
        "purged_links, created_at, key_id, signature) VALUES "
        f"({seq}, {link.event_id}, '{link.event_hash}', '{instant(CUTOFF)}', 1, "
        f"'{instant(utcnow())}', {key_id}, {signature})",
    )


@pytest.fixture
def purged(client, login, engine: Engine) -> int:
    """Old events purged behind a signed checkpoint, then recent ones; the checkpoint's link."""
    _old_events(engine)
    _submit(client, login, 3)
    result = purge(engine, CUTOFF, actor=Actor.system())
    assert result.checkpoint is not None and verify(engine).ok
    return result.checkpoint.seq


def test_a_forged_purge_checkpoint_is_refused(engine, purged: int) -> None:
    """A checkpoint inserted behind an edited link makes verify start after it; the chain and its
    heads hold from there on, only the checkpoint's signature gives it away."""
    edited = purged + 2
    forged = _ring("audittest").sign("fmek audit checkpoint v1", [edited])
    _insert_checkpoint(engine, edited, key_id="'audittest'", signature=f"'{forged}'")
    report = verify(engine)
    assert not report.ok and report.broken_seq == edited
    assert f"the purge checkpoint at link {edited} does not carry a valid signature" in (
        report.problem or ""
    )


def test_an_unsigned_purge_checkpoint_is_refused(engine, purged: int) -> None:
    _insert_checkpoint(engine, purged + 1, key_id="NULL", signature="NULL")
    report = verify(engine)
    assert not report.ok and report.broken_seq == purged + 1
    assert f"the purge checkpoint at link {purged + 1} is not signed" in (report.problem or "")


@pytest.mark.usefixtures("audit_key_file")
def test_purge_needs_the_audit_key(engine) -> None:
    _old_events(engine, keys=_ring("old"))
    with pytest.raises(PurgeRefused, match="no audit key configured"):
        purge(engine, CUTOFF, actor=Actor.system())


def test_the_migration_signs_a_chain_sealed_before_signing(db_url_factory, tmp_path) -> None:
    url = db_url_factory.new(tmp_path)
    upgrade(url, "0017_hardening_purge")
    engine = make_engine(url)
    try:
        with Session(engine) as s:  # three events and their links, as the sealer wrote them
            events = [
                AuditEvent(action="read", outcome="success", record_type="referral", record_id=r)
                for r in ("1", "2", "3")
            ]
            s.add_all(events)
            s.commit()
            prev = GENESIS
            for seq, event in enumerate(events, 1):
                digest = link_hash(seq, prev, event, [])
                s.add(AuditSeal(seq=seq, event_id=event.id or 0, prev_hash=prev, event_hash=digest))
                prev = digest
            s.commit()
        upgrade(url)
        report = verify(engine)
        assert report.ok, report.problem
        assert report.signed is not None and report.signed.checked == 1
        assert report.signed.newest is not None and report.signed.newest.seq == 3
    finally:
        engine.dispose()


def test_a_malformed_audit_key_is_a_clear_error(engine, monkeypatch) -> None:
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    monkeypatch.setenv("FMEK_AUDIT_KEYS", "audit:not-a-key")
    get_settings.cache_clear()
    audit_keyring.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["audit", "verify"])
    finally:
        get_settings.cache_clear()
        audit_keyring.cache_clear()
    assert result.exit_code == 2
    assert "error: audit keys: a key is written 'id:<32 bytes, base64url>'" in result.output


def test_a_running_sealer_notices_a_head_it_signed_cut_off(
    client, login, engine, monkeypatch, caplog
) -> None:
    from fmek.audit import jobs
    from fmek.jobs.registry import JobContext
    from fmek.settings import Settings

    monkeypatch.setattr(jobs, "_signed_here", {})
    ctx = JobContext(engine, Settings(database_url=str(engine.url)))
    _submit(client, login, 2)
    jobs.seal_audit_chain(ctx)
    first = verify(engine).head.seq
    _submit(client, login, 1)
    jobs.seal_audit_chain(ctx)
    with Session(engine) as s:
        head = s.get(AuditHead, 2)
        assert head is not None
        second = SignedHead.of(head)
        cut = s.exec(select(AuditSeal.event_id).where(col(AuditSeal.seq) > first)).all()
    _as_attacker(  # the last run cut off: its links, their events and its head
        engine,
        "DELETE FROM audit_head WHERE n = 2",
        f"DELETE FROM audit_seal WHERE seq > {first}",
        f"DELETE FROM audit_event WHERE id IN ({', '.join(map(str, cut))})",
    )
    assert verify(engine).ok  # the database alone does not show it
    _submit(client, login, 1)
    with caplog.at_level(logging.INFO, logger="fmek.audit"):
        jobs.seal_audit_chain(ctx)
    assert f"{second.describe()}, signed by this process, is gone or changed" in caplog.text
    assert verify(engine).unsealed > 0  # nothing sealed on top of the cut-back chain
