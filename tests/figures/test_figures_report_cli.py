"""`fmek figures report`: the Voortgangsrapportage of a half-year from the database as PDF/A."""

import io

from pypdf import PdfReader
from sqlmodel import Session, select
from typer.testing import CliRunner

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.cli import app
from fmek.clock import AMSTERDAM, utcnow
from fmek.settings import get_settings
from reports.figures_view import HalfYear
from tests.referrals.builders import referral_body
from tests.reports.pdfa_checks import pdfa_problems


def run(engine, monkeypatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FMEK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["figures", "report", *args])
    finally:
        get_settings.cache_clear()


def test_the_report_of_this_half_year_for_one_region(client, login, engine, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    for _ in range(6):
        body = referral_body()
        assert client.post("/api/v1/referrals", json=body, headers=va.headers).is_success
    half = HalfYear.of(utcnow().astimezone(AMSTERDAM).date())
    region = referral_body()["ggd_region"]
    out = tmp_path / "rapportage.pdf"
    result = run(engine, monkeypatch, "--half", str(half), "--region", region, "--pdf", str(out))
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdfa_problems(pdf) == []
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert f"Voortgangsrapportage FMEK, {half.name_nl}" in pages[0]
    assert any(text.startswith(region) or f"\n{region} " in text for text in pages[1:])
    assert any(text.startswith("Definities") for text in pages)
    assert "Test Kind" not in "".join(pages)  # aggregated figures only
    with Session(engine) as s:
        exports = s.exec(select(AuditEvent).where(AuditEvent.record_type == "figures")).all()
    assert [(e.action, e.user_role, e.detail) for e in exports] == [
        ("export", "system", f"report {half}")
    ]


def test_a_wrong_half_year_or_region_is_refused(engine, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    wrong = run(engine, monkeypatch, "--half", "2026-H3", "--pdf", str(out))
    assert wrong.exit_code == 2 and "2026-H1" in wrong.output
    unknown = run(engine, monkeypatch, "--half", "2026-H1", "--region", "GG9999", "--pdf", str(out))
    assert unknown.exit_code == 2 and "unknown GGD region" in unknown.output
    assert not out.exists()
