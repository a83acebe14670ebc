"""Typed settings from the environment (prefix ``FMEK_``); nothing is built at import time."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator may set. Defaults give a working embedded SQLite service."""

    model_config = SettingsConfigDict(env_prefix="FMEK_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///fmek.db",
        description="SQLAlchemy URL; a relative SQLite path lives in the working directory.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs web-page session cookies; a random one per process when unset.",
    )
    cookie_secure: bool = True
    session_max_age_s: int = 8 * 3600
    log_level: str = "INFO"
    sql_echo: bool = False
    examination_duration_min: int = 90
    max_page_size: int = 200


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (never at import)."""
    return Settings()
