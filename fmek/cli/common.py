"""What every command shares: the configured database, preparing it, and the one way a command
fails (a message on stderr prefixed `error:`, exit code 2)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

from fmek.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def fail(message: object, code: int = 2) -> NoReturn:
    """Stop the command: `error: <message>` on stderr, exit `code` (2: bad input or state)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def database(url: str | None = None) -> "Iterator[Engine]":
    """An engine on the configured database (or ``url``), disposed when the command is done."""
    from fmek.db import make_engine

    engine = make_engine(url or get_settings().database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def domain_errors() -> Iterator[None]:
    """A domain error (unknown id, refused change) ends the command through `fail`."""
    from fmek.errors import DomainError

    try:
        yield
    except DomainError as exc:
        fail(exc)


def prepare_database() -> None:
    """Migrate to head and load the shipped reference data (both idempotent)."""
    from sqlmodel import Session

    from fmek.forensic_reports.certificates import ensure_development_certificates
    from fmek.migrations import upgrade
    from fmek.reference.service import ensure_reference_data

    upgrade(get_settings().database_url)
    with database() as engine, Session(engine) as session:
        ensure_reference_data(session)
        for line in ensure_development_certificates(session):
            typer.echo(line)
