"""Alembic, driven from code so that ``fmek migrate`` works from any working directory."""

from pathlib import Path

from alembic.config import Config

from alembic import command
from fmek.db import normalise_url

ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def include_object(
    _obj: object, name: str | None, type_: str, _reflected: bool, _compare: object
) -> bool:
    """Autogenerate and schema checks ignore the job queue's tables (procrastinate owns them)."""
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))
