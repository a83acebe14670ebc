"""The demo leaves one finalised report (idempotently); `fmek report render` prints it, audited
as a print by the system; a linked doctor record signs instead of typed fields."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.cli import app
from fmek.demo import DEMO_USERS
from fmek.doctors.models import Doctor
from fmek.forensic_reports.demo import demo_report
from fmek.forensic_reports.models import ForensicReport
from fmek.settings import get_settings
from tests.forensic_reports.builders import REVIEWER, Case, good_draft


def _demo_users(engine: Engine) -> None:
    with Session(engine) as s:
        for name, role, org, region in DEMO_USERS:
            if role in (Role.VERTROUWENSARTS, Role.FORENSISCH_ARTS):
                add_user(s, name=name, role=role, organisation=org, region=region)


def test_demo_report_is_final_once_and_renders_from_the_cli(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _demo_users(engine)
    for _ in range(2):
        with Session(engine, expire_on_commit=False) as s:
            lines = list(demo_report(s))
    with Session(engine) as s:
        (row,) = s.exec(select(ForensicReport)).all()
    assert (row.status, row.version, row.signed_name) == ("final", 1, "dr. P. Visser")
    assert f"fmek report render {row.referral_id} --pdf report.pdf" in lines[1]

    monkeypatch.setenv("FMEK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "render", row.report_number, "--html", str(out)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert f"sha256 of the signed HTML: {row.sha256}" in result.output
    assert out.read_text(encoding="utf-8") == row.final_html

    missing = CliRunner().invoke(app, ["report", "render", row.referral_id, "--version", "7"])
    assert missing.exit_code == 2
    with Session(engine) as s:
        prints = s.exec(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert [(e.user_role, e.record_id, e.detail) for e in prints] == [
        ("system", str(row.id), "cli v1")
    ]


def test_a_linked_doctor_record_signs(case: Case, engine: Engine) -> None:
    with Session(engine) as s:
        s.add(
            Doctor(
                name="dr. E. van den Berg",
                big_number="19099988877",
                region="GG2514",
                qualifications=["child_forensic", "senior"],
                contract_hours=32,
                user_id=case.doctor.user.id,
            )
        )
        s.commit()
    assert case.put_draft(good_draft()).status_code == 201
    typed_wrong = case.finalise({"reviewer_name": REVIEWER, "big_number": "19012345601"})
    assert typed_wrong.status_code == 422
    assert typed_wrong.json()["detail"][0]["type"] == "big_number_mismatch"

    final: dict[str, Any] = case.finalise({"reviewer_name": REVIEWER}).json()
    assert final["signed_big_number"] == "19099988877"
    assert final["signed_qualification"] == (
        "forensisch arts, aandachtsgebied kindermishandeling, senior"
    )
