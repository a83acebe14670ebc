"""Migrations and models agree: one head, upgrade on empty, no diff, downgrade/upgrade round trip."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from fmek.db import normalise_url
from fmek.migrations import alembic_config, downgrade, include_object, upgrade
from fmek.tables import metadata


def test_single_head(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    assert len(script.get_heads()) == 1


def test_upgrade_matches_models_and_round_trips(db_url_factory, tmp_path: Path) -> None:
    url = db_url_factory.new(tmp_path)
    upgrade(url)
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include_object}
            )
            diff = compare_metadata(context, metadata())
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(url, "base")
        with engine.connect() as conn:
            remaining = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        upgrade(url)
        with engine.connect() as conn:
            assert set(metadata().tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
