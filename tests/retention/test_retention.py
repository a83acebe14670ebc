"""Retention terms as data, a dry run that changes nothing, destruction that leaves a tombstone."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, text, update
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from fmek.audit.models import AuditEvent
from fmek.audit.service import Actor
from fmek.cli import app as cli
from fmek.clock import utcnow
from fmek.errors import ValidationFailed
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.models import Referral, RoutingDecision
from fmek.retention.models import RetentionTombstone
from fmek.retention.service import DestructionReason, destroy_referral, due, policy, run
from fmek.settings import get_settings
from tests.forensic_reports.builders import Case, good_draft, new_case


@pytest.fixture
def case(client, login, engine) -> Case:  # type: ignore[no-untyped-def]
    return new_case(client, login, engine)


def _count(engine: Engine, model: type, **where: object) -> int:
    with Session(engine) as s:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return s.exec(query).one()


def _age(engine: Engine, referral_id: str, days: int) -> None:
    """The referral was last changed ``days`` ago."""
    with engine.begin() as conn:
        conn.execute(
            update(Referral)
            .where(col(Referral.id) == referral_id)
            .values(updated_at=utcnow() - timedelta(days=days))
        )


TWENTY_YEARS_AGO = 365 * 20 + 10


def test_the_policy_is_data_and_says_what_is_design() -> None:
    rules = policy()
    assert (rules["referral"].keep_years, rules["audit_event"].keep_years) == (20, 5)
    assert rules["advice_request"].design and not rules["referral"].design
    assert "WGBO" in rules["referral"].basis and "7513" in rules["audit_event"].basis


def test_destruction_on_request_leaves_only_a_tombstone(case: Case, engine) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    rid = case.referral_id
    with Session(engine) as s:
        tombstone = destroy_referral(
            s,
            rid,
            actor=Actor.system(),
            basis="request",
            reason=DestructionReason.REPORT_NOT_CONFIRMED,
            request_reference="VT-2026/0042",
        )
    assert tombstone.rows_destroyed >= 3  # referral, decision, report (and any examination)
    for model, where in ((Referral, {"id": rid}), (RoutingDecision, {"referral_id": rid})):
        assert _count(engine, model, **where) == 0
    assert _count(engine, ForensicReport, referral_id=rid) == 0
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM retention_tombstone")).mappings().one()
    assert row["record_id"] == rid and row["reason"] == "report_not_confirmed"
    assert "Test Kind" not in " ".join(str(v) for v in row.values())
    with Session(engine) as s:
        event = s.exec(
            select(AuditEvent).where(AuditEvent.action == "delete", AuditEvent.record_id == rid)
        ).one()
    assert event.detail and "report_not_confirmed" in event.detail
    assert case.client.get(f"/api/v1/referrals/{rid}", headers=case.vt.headers).status_code == 404


@pytest.mark.parametrize("reference", ["", "Jan Jansen", "moeder; tel 0612345678!"])
def test_a_request_needs_a_document_reference_not_a_name(case: Case, engine, reference) -> None:
    with Session(engine) as s, pytest.raises(ValidationFailed):
        destroy_referral(
            s,
            case.referral_id,
            actor=Actor.system(),
            basis="request",
            reason=DestructionReason.CLIENT_REQUEST,
            request_reference=reference,
        )
    assert _count(engine, Referral, id=case.referral_id) == 1


def test_dry_run_lists_what_is_past_its_term_and_changes_nothing(
    case: Case, engine, monkeypatch
) -> None:
    _age(engine, case.referral_id, 365 * 20 - 10)
    with Session(engine) as s:
        assert due(s)["referral"].record_ids == []
    _age(engine, case.referral_id, TWENTY_YEARS_AGO)
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["retention", "run", "--dry-run"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert f"would be destroyed: {case.referral_id}" in result.output
    assert "[design]" in result.output
    assert _count(engine, Referral) == 1 and _count(engine, RetentionTombstone) == 0


def test_a_run_after_twenty_years_destroys_with_tombstones(case: Case, engine) -> None:
    _age(engine, case.referral_id, TWENTY_YEARS_AGO)
    with Session(engine) as s:
        found = run(s, actor=Actor.system())
    assert found["referral"].record_ids == [case.referral_id]
    assert _count(engine, Referral) == 0
    assert _count(engine, RetentionTombstone, basis="retention") == 1
    assert _count(engine, AuditEvent, record_type="retention_run") == 1


def test_a_recent_report_keeps_an_old_referral(case: Case, engine) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    _age(engine, case.referral_id, TWENTY_YEARS_AGO)
    with Session(engine) as s:
        assert due(s)["referral"].record_ids == []
