"""Running FMEK: `fmek migrate`, `fmek serve`, `fmek worker`, `fmek demo`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fmek.cli.common import database, fail, prepare_database
from fmek.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def migrate() -> None:
    """Run `alembic upgrade head` on the configured database, load reference data and (unless
    FMEK_SIGNING_DEVELOPMENT=false) make self-signed development signing certificates."""
    prepare_database()
    typer.echo("database is at the newest schema")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Web processes on this port", min=1)] = 1,
    migrate: Annotated[
        bool, typer.Option(help="Migrate first (off on nodes of a cluster: run `fmek migrate`)")
    ] = True,
    drain_s: Annotated[
        int, typer.Option(help="On SIGTERM, seconds open requests get to finish")
    ] = 30,
) -> None:
    """Run the API and web pages; migrates the database first unless --no-migrate.

    On SQLite background jobs run inside these processes; on PostgreSQL run `fmek worker` too."""
    import uvicorn

    from fmek.web_processes import ServerOptions, Supervisor, reuse_port_supported

    _require_data_keys()
    settings = get_settings()
    if settings.database_url.startswith("sqlite"):
        _require_audit_key("on SQLite `fmek serve` runs the audit sealer")
    if migrate:
        prepare_database()
    _requeue_interrupted_jobs()
    if not settings.secret_key:
        # one session-signing key for every worker process of this server (they inherit env)
        import os
        import secrets

        os.environ["FMEK_SECRET_KEY"] = secrets.token_urlsafe(32)
    typer.echo(
        f"FMEK listening on http://{host}:{port} (database: {settings.database_url.split('://')[0]})"
    )
    if workers > 1 and reuse_port_supported():
        options = ServerOptions(host, port, settings.log_level.lower(), drain_s)
        raise typer.Exit(code=Supervisor(options, workers).run())
    from fmek.security.http_protocol import BoundedHttpToolsProtocol

    uvicorn.run(
        "fmek.main:create_app",
        factory=True,
        host=host,
        port=port,
        http=BoundedHttpToolsProtocol,  # the request head is bounded (431), like the body
        workers=workers,
        access_log=False,
        proxy_headers=False,  # X-Forwarded-* are trusted by fmek itself, only from trusted_proxies
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=drain_s,
    )


def worker(
    concurrency: Annotated[int, typer.Option(help="Jobs run at the same time", min=1)] = 2,
    name: Annotated[str | None, typer.Option(help="Worker name in logs")] = None,
) -> None:
    """Run background jobs (planning, roster generation, the sweep) from the PostgreSQL queue.

    Start as many as the load needs, on any machine that reaches the database. SIGTERM: stop
    fetching, let running jobs finish (FMEK_WORKER_GRACEFUL_TIMEOUT_S), then release them."""
    from fmek.db import is_sqlite
    from fmek.jobs.pg import run_worker
    from fmek.logging_setup import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    _require_audit_key("`fmek worker` runs the audit sealer")
    with database() as engine:
        if is_sqlite(engine):
            typer.echo(
                "on SQLite jobs run inside `fmek serve`; a worker needs PostgreSQL", err=True
            )
            raise typer.Exit(code=2)
        if not _at_newest_migration(engine):
            typer.echo(
                "the database is not at the newest migration: run `fmek migrate` first", err=True
            )
            raise typer.Exit(code=2)
        typer.echo(f"FMEK worker started (concurrency {concurrency})")
        run_worker(
            engine,
            settings,
            concurrency=concurrency,
            graceful_timeout_s=settings.worker_graceful_timeout_s,
            name=name,
        )
    typer.echo("FMEK worker stopped")


def demo(
    history_months: Annotated[
        int,
        typer.Option(
            "--history-months",
            min=0,
            max=60,
            help="Also this many months of past referrals, examinations, advices and roster "
            "(seeded), for the half-yearly figures",
        ),
    ] = 0,
) -> None:
    """Load demo data (regions, organisations, users, doctors, roster, referrals); idempotent.

    Without configured keys it first writes new key files (fmek-keys.txt for the data,
    fmek-audit-keys.txt for the audit chain; mode 600)."""
    from fmek.audit.signing import ensure_audit_key_file
    from fmek.demo import load_demo
    from fmek.keys.keyring import ensure_key_file

    if ensure_key_file():
        typer.echo(f"new data key written to {get_settings().data_key_file} (mode 600)")
    if ensure_audit_key_file():
        typer.echo(f"new audit key written to {get_settings().audit_key_file} (mode 600)")
    prepare_database()
    with database() as engine:
        tokens = Path.cwd() / "demo-tokens.txt"
        for line in load_demo(engine, tokens_file=tokens, history_months=history_months):
            typer.echo(line)


def _requeue_interrupted_jobs() -> None:
    """SQLite: jobs run inside the server, so the ones the last stop cut off run again. On
    PostgreSQL the workers own them (a dead worker's jobs are retried by the others)."""
    from fmek.db import is_sqlite
    from fmek.rosters.jobs import requeue_interrupted_jobs

    with database() as engine:
        if is_sqlite(engine) and (count := requeue_interrupted_jobs(engine)):
            typer.echo(f"{count} roster job(s) interrupted by the last stop are queued again")


def _require_data_keys() -> None:
    from fmek.keys.keyring import DataKeyError, keyring

    try:
        keyring()
    except DataKeyError as exc:
        fail(exc)


def _require_audit_key(why: str) -> None:
    """The sealer signs the chain's heads: without the audit key it would seal nothing, so a
    process that runs it refuses to start instead of failing quietly every minute."""
    from fmek.audit.signing import NO_AUDIT_KEY, AuditKeyError, audit_keyring

    try:
        ring = audit_keyring()
    except AuditKeyError as exc:
        fail(exc)
    if ring is None:
        fail(f"{NO_AUDIT_KEY}; {why}, which signs the audit chain")


def _at_newest_migration(engine: "Engine") -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from fmek.health import migration_heads

    try:
        with engine.connect() as conn:
            current = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except SQLAlchemyError:
        return False
    return current == set(migration_heads())
