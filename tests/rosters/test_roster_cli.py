"""`fmek roster generate` on a migrated database: fills the region's positions and says so."""

from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from fmek.cli import app
from fmek.db import make_engine
from fmek.migrations import upgrade
from fmek.reference.service import ensure_reference_data
from fmek.settings import get_settings
from tests.rosters.builders import add_doctor


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FMEK_DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_reference_data(session)
        for letter in "ABCDEF":
            add_doctor(session, f"Arts {letter}", region="GG0111")
    engine.dispose()
    yield url
    get_settings.cache_clear()


@pytest.mark.usefixtures("database")
def test_generate_a_region_from_the_command_line() -> None:
    result = CliRunner().invoke(
        app,
        ["roster", "generate", "--region", "GG0111", "--from", "2030-03-04", "--to", "2030-03-05",
         "--time-limit", "1", "--workers", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "8 of 8 positions filled" in result.output
    assert "0 hard violations" in result.output


@pytest.mark.usefixtures("database")
def test_region_or_all_is_required() -> None:
    result = CliRunner().invoke(app, ["roster", "generate"])
    assert result.exit_code == 2
    assert "--region GGxxxx or --all" in result.output


@pytest.mark.usefixtures("database")
def test_extend_plans_only_the_weeks_not_planned_yet() -> None:
    args = ["roster", "extend", "--region", "GG0111", "--today", "2030-03-06", "--weeks", "1",
            "--time-limit", "1"]  # fmt: skip

    first = CliRunner().invoke(app, args)
    again = CliRunner().invoke(app, args)

    assert first.exit_code == 0, first.output
    assert "GG0111: weeks from 2030-03-04 to 2030-03-04 planned" in first.output
    assert again.exit_code == 0, again.output
    assert "nothing to do" in again.output
