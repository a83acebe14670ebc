"""Nightly maintenance runs as jobs: the audit-chain check and the retention run."""

import logging

from sqlmodel import Session, select

from fmek.audit.jobs import verify_audit_chain
from fmek.audit.models import AuditEvent
from fmek.jobs.registry import JobContext
from fmek.retention.jobs import retention_job
from tests.jobs.builders import queue_settings


def test_nightly_retention_runs_and_leaves_its_audit_event(engine) -> None:
    retention_job(JobContext(engine, queue_settings(engine)))
    with Session(engine) as s:
        runs = s.exec(select(AuditEvent).where(AuditEvent.record_type == "retention_run")).all()
    assert len(runs) == 1 and runs[0].action == "delete"


def test_nightly_chain_check_reports_an_intact_chain(engine, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="fmek.audit"):
        verify_audit_chain(JobContext(engine, queue_settings(engine)))
    assert any("audit chain intact" in r.getMessage() for r in caplog.records)
