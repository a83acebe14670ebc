"""The demo leaves one signed letselduiding for Veilig Thuis (idempotently), written by one demo
doctor and approved by another; `fmek report render` prints it, audited as a print by the
system; the doctor record signs, never typed fields."""

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from fmek.audit.models import AuditEvent
from fmek.audit.service import Actor
from fmek.auth.demo import DEMO_USERS, demo_user
from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.cli import app
from fmek.clock import utcnow
from fmek.doctors.models import Doctor
from fmek.forensic_reports.demo import demo_referral, demo_report
from fmek.forensic_reports.models import ForensicReport
from fmek.settings import get_settings
from reports.pades import check_signature


def _demo_users(engine: Engine) -> None:
    """The demo users, the demo referral, and then two verified doctor records of Utrecht (one
    linked to Dr. Visser): doctors without a roster would send a new referral to LECK."""
    with Session(engine, expire_on_commit=False) as s:
        for name, role, org, region in DEMO_USERS:
            if role in (Role.VERTROUWENSARTS, Role.FORENSISCH_ARTS):
                user, _ = add_user(s, name=name, role=role, organisation=org, region=region)
                if name == "Dr. P. Visser (demo)":
                    visser = user.id
        demo_referral(s, Actor(user=demo_user(s, Role.VERTROUWENSARTS), client_address="test"))
        for big, user_id in (("19054321001", visser), ("19054321002", None)):
            s.add(
                Doctor(
                    name="Dr. P. Visser" if user_id else "Dr. N.N.",
                    big_number=big,
                    region="GG2514",
                    qualifications=["child_forensic"],
                    contract_hours=32,
                    user_id=user_id,
                    big_verified_at=utcnow(),
                )
            )
        s.commit()


def test_demo_report_is_final_once_and_renders_from_the_cli(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _demo_users(engine)
    for _ in range(2):
        with Session(engine, expire_on_commit=False) as s:
            lines = list(demo_report(s))
    with Session(engine) as s:
        (row,) = s.exec(select(ForensicReport)).all()
    assert (row.status, row.version, row.signed_name) == ("final", 1, "Dr. P. Visser")
    assert (row.kind, row.signed_big_number) == ("letselduiding", "19054321001")
    assert row.reviewer_name is not None and row.reviewer_name.startswith("Dr. H. Brouwer")
    assert row.signed_pdf is not None
    assert f"fmek report render {row.referral_id} --pdf report.pdf" in lines[1]

    monkeypatch.setenv("FMEK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "render", row.report_number, "--html", str(out)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert f"report code (SHA-256, printed in its footer): {row.sha256}" in result.output
    assert out.read_text(encoding="utf-8") == row.final_html
    pdf = tmp_path / "report.pdf"
    monkeypatch.setenv("FMEK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["report", "render", row.report_number, "--pdf", str(pdf)])
    get_settings.cache_clear()
    assert pdf.read_bytes() == row.signed_pdf
    assert "signed PDF/A (PAdES)" in result.output

    missing = CliRunner().invoke(app, ["report", "render", row.referral_id, "--version", "7"])
    assert missing.exit_code == 2
    with Session(engine) as s:
        prints = s.exec(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert [(e.user_role, e.record_id, e.detail) for e in prints] == [
        ("system", str(row.id), "cli v1")
    ] * 2


def test_the_demo_report_reads_as_a_letselduiding_for_veilig_thuis(engine: Engine) -> None:
    """The printed wording a judge or a vertrouwensarts reads, asserted on the demo itself."""
    _demo_users(engine)
    with Session(engine, expire_on_commit=False) as s:
        list(demo_report(s))
        (row,) = s.exec(select(ForensicReport)).all()
    html = row.final_html or ""
    for wording in (
        "Letselduiding",
        "Dr. A. de Vries (demo), vertrouwensarts, Veilig Thuis Utrecht",
        "Veilig Thuis Utrecht, team onderzoek (Veilig Thuis)",
        "GGD Regio Utrecht",
        "naar waarheid, onpartijdig, volledig en naar beste weten",
        "Het letsel is waarschijnlijk toegebracht.",
        "onderhuidse bloeduitstorting (blauwe plek)",
        "De kleur van een blauwe plek is geen maat voor de ouderdom",
        "(bron: lezing moeder, anamnese 1)",
        "Schematisch, zie inventaris.",
        f"SHA-256 {row.sha256}",
        "NFI, Vakbijlage waarschijnlijkheidstermen (2017)",
    ):
        assert wording in html, wording
    for wrong in (
        "sprake van kindermishandeling",
        "hematoom",
        "verschillende ouderdom",
        "Letselrapportage",
        "Elektronisch ondertekend",
        "The findings",
        "support",
    ):
        assert wrong not in html, wrong
    with Session(engine) as s:
        from fmek.forensic_reports.certificates import certificate_of

        cert = certificate_of(row.issuer_code or "")
    assert cert is not None
    assert check_signature(row.signed_pdf or b"", cert).valid
