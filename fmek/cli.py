"""The ``fmek`` command line (Typer). Every command works from any working directory."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fmek.auth.models import Role
from fmek.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(help="FMEK: forensic-medical expertise for children.", no_args_is_help=True)
user_app = typer.Typer(help="Manage users and their bearer tokens.", no_args_is_help=True)
bench_app = typer.Typer(
    help="Benchmarks that print figures against a baseline run.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
app.add_typer(bench_app, name="bench")


def _engine() -> "Engine":
    from fmek.db import make_engine

    return make_engine(get_settings().database_url)


def _prepare_database() -> None:
    """Migrate to head and load the shipped reference data (both idempotent)."""
    from sqlmodel import Session

    from fmek.forensic_reports.certificates import ensure_development_certificates
    from fmek.migrations import upgrade
    from fmek.reference.service import ensure_reference_data

    upgrade(get_settings().database_url)
    engine = _engine()
    with Session(engine) as session:
        ensure_reference_data(session)
        for line in ensure_development_certificates(session):
            typer.echo(line)
    engine.dispose()


def _requeue_interrupted_jobs() -> None:
    """SQLite: jobs run inside the server, so the ones the last stop cut off run again. On
    PostgreSQL the workers own them (a dead worker's jobs are retried by the others)."""
    from fmek.db import is_sqlite
    from fmek.rosters.jobs import requeue_interrupted_jobs

    engine = _engine()
    if is_sqlite(engine) and (count := requeue_interrupted_jobs(engine)):
        typer.echo(f"{count} roster job(s) interrupted by the last stop are queued again")
    engine.dispose()


def _require_data_keys() -> None:
    from fmek.keys.keyring import DataKeyError, keyring

    try:
        keyring()
    except DataKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def migrate() -> None:
    """Run `alembic upgrade head` on the configured database, load reference data and (unless
    FMEK_SIGNING_DEVELOPMENT=false) make self-signed development signing certificates."""
    _prepare_database()
    typer.echo("database is at the newest schema")


@app.command()
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

    _require_data_keys()
    if migrate:
        _prepare_database()
    _requeue_interrupted_jobs()
    settings = get_settings()
    if not settings.secret_key:
        # one session-signing key for every worker process of this server (they inherit env)
        import os
        import secrets

        os.environ["FMEK_SECRET_KEY"] = secrets.token_urlsafe(32)
    typer.echo(
        f"FMEK listening on http://{host}:{port} (database: {settings.database_url.split('://')[0]})"
    )
    uvicorn.run(
        "fmek.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        proxy_headers=False,  # X-Forwarded-* are trusted by fmek itself, only from trusted_proxies
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=drain_s,
    )


def _at_newest_migration(engine) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from fmek.health import migration_heads

    try:
        with engine.connect() as conn:
            current = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except SQLAlchemyError:
        return False
    return current == set(migration_heads())


@app.command()
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
    engine = _engine()
    if is_sqlite(engine):
        typer.echo("on SQLite jobs run inside `fmek serve`; a worker needs PostgreSQL", err=True)
        raise typer.Exit(code=2)
    if not _at_newest_migration(engine):
        typer.echo(
            "the database is not at the newest migration: run `fmek migrate` first", err=True
        )
        raise typer.Exit(code=2)
    typer.echo(f"FMEK worker started (concurrency {concurrency})")
    try:
        run_worker(
            engine,
            settings,
            concurrency=concurrency,
            graceful_timeout_s=settings.worker_graceful_timeout_s,
            name=name,
        )
    finally:
        engine.dispose()
    typer.echo("FMEK worker stopped")


@app.command()
def demo() -> None:
    """Load demo data (regions, organisations, users, doctors, roster, referrals); idempotent.

    Without configured data keys it first writes a new key file (fmek-keys.txt, mode 600)."""
    from fmek.demo import load_demo
    from fmek.keys.keyring import ensure_key_file

    if ensure_key_file():
        typer.echo(f"new data key written to {get_settings().data_key_file} (mode 600)")
    _prepare_database()
    engine = _engine()
    try:
        for line in load_demo(engine, tokens_file=Path.cwd() / "demo-tokens.txt"):
            typer.echo(line)
    finally:
        engine.dispose()


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Option("--name", help="Full name")],
    role: Annotated[Role, typer.Option("--role", help="Role")],
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Organisation code")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="GGD region code (GGxxxx)")] = None,
) -> None:
    """Create a user; prints its bearer token as the last line (shown only this once)."""
    from sqlmodel import Session

    from fmek.auth.service import add_user
    from fmek.errors import DomainError

    _prepare_database()
    engine = _engine()
    try:
        with Session(engine) as session:
            user, token = add_user(
                session,
                name=name,
                role=role,
                organisation=organisation,
                region=region,
                token_days=get_settings().token_lifetime_days,
            )
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(f"created user {user.id} ({user.role}); keep this token safe, it is shown once:")
    typer.echo(token)


@user_app.command("revoke")
def user_revoke(user_id: Annotated[int, typer.Argument(help="User id")]) -> None:
    """Revoke a user's token at once."""
    from sqlmodel import Session

    from fmek.auth.service import revoke_user
    from fmek.errors import DomainError

    engine = _engine()
    try:
        with Session(engine) as session:
            revoke_user(session, user_id)
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(f"user {user_id} revoked")


@user_app.command("rotate")
def user_rotate(user_id: Annotated[int, typer.Argument(help="User id")]) -> None:
    """Issue a new token (printed once, last line); the old token and web sessions end now."""
    from sqlmodel import Session

    from fmek.auth.service import rotate_token
    from fmek.errors import DomainError

    engine = _engine()
    try:
        with Session(engine) as session:
            user, token = rotate_token(session, user_id, get_settings().token_lifetime_days)
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    expires = user.expires_at.date().isoformat() if user.expires_at else "never"
    typer.echo(f"user {user_id} has a new token (expires {expires}); the old one no longer works:")
    typer.echo(token)


@bench_app.command("intake")
def bench_intake(
    clients: Annotated[int, typer.Option(help="Concurrent clients")] = 20,
    seconds: Annotated[float, typer.Option(help="Duration per phase")] = 10.0,
    databases: Annotated[
        str, typer.Option(help="Comma list: sqlite,postgresql")
    ] = "sqlite,postgresql",
    postgres_url: Annotated[str, typer.Option(help="Server URL for PostgreSQL runs")] = (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
    workers: Annotated[int, typer.Option(help="Server worker processes")] = 2,
    seal_every: Annotated[
        float, typer.Option(help="Seal the audit chain every N seconds during the run (0: off)")
    ] = 1.0,
) -> None:
    """Referral intake throughput and latency vs GET /regions, on SQLite and PostgreSQL."""
    from fmek.bench.intake import run

    run(
        clients=clients,
        seconds=seconds,
        databases=databases.split(","),
        postgres_url=postgres_url,
        workers=workers,
        seal_every=seal_every,
    )


@bench_app.command("cluster")
def bench_cluster(
    clients: Annotated[int, typer.Option(help="Concurrent clients (full-speed runs)")] = 12,
    seconds: Annotated[float, typer.Option(help="Chaos run; full-speed runs take half")] = 30.0,
    rate: Annotated[float, typer.Option(help="Referrals per second in the chaos run")] = 2.0,
    postgres_url: Annotated[str, typer.Option(help="PostgreSQL server for the fresh database")] = (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
) -> None:
    """2 web processes + 2 workers vs 1 + 1, one worker SIGKILLed mid-run: nothing lost?"""
    from fmek.bench.cluster import run

    run(clients=clients, seconds=seconds, rate=rate, postgres_url=postgres_url)


def main() -> None:
    app()


report_app = typer.Typer(help="Forensic-medical reports.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("render")
def report_render(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Referral id, report number or id")],
    version: Annotated[int | None, typer.Option(help="Version (default: the latest)")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the archival PDF here")] = None,
    html: Annotated[Path | None, typer.Option(help="Write the HTML here")] = None,
) -> None:
    """Write a report as PDF/A and/or HTML (a final version: the signed PDF as issued); audited
    as a print by the system."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.errors import DomainError
    from fmek.forensic_reports.reading import render_for_print
    from reports import html_to_pdf

    engine = _engine()
    try:
        with Session(engine) as session:
            rendered = render_for_print(session, ident, version=version, actor=Actor.system())
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    status = "final" if rendered.final else "draft (CONCEPT)"
    typer.echo(f"{rendered.report_number} version {rendered.version}: {status}")
    if rendered.sha256:
        typer.echo(f"report code (SHA-256, printed in its footer): {rendered.sha256}")
    if html is not None:
        html.write_text(rendered.html, encoding="utf-8")
        typer.echo(f"HTML written to {html}")
    if pdf is not None:
        if rendered.signed_pdf is not None:
            pdf.write_bytes(rendered.signed_pdf)
            typer.echo(f"signed PDF/A (PAdES) written to {pdf}")
        else:
            pdf.write_bytes(html_to_pdf(rendered.html))
            typer.echo(f"PDF/A written to {pdf}")
    if html is None and pdf is None:
        typer.echo("nothing written: add --pdf out.pdf and/or --html out.html")


@bench_app.command("reports")
def bench_reports(
    repeats: Annotated[int, typer.Option(help="PDF renders per document (HTML: 10x)")] = 15,
) -> None:
    """HTML and PDF render time of a 20-injury report vs a minimal one-page document."""
    from fmek.bench.reports import run

    run(repeats=repeats)


@bench_app.command("pages")
def bench_pages(
    repeats: Annotated[int, typer.Option(help="Requests per page")] = 40,
    database_url: Annotated[
        str | None, typer.Option(help="A database with the demo loaded (default: a fresh one)")
    ] = None,
    tokens_file: Annotated[
        Path | None, typer.Option(help="demo-tokens.txt of that database")
    ] = None,
) -> None:
    """Time per web page (median, p95) with the demo data vs GET /api/v1/health."""
    from fmek.bench.pages import run

    run(repeats=repeats, database_url=database_url, tokens_file=tokens_file)


roster_app = typer.Typer(help="Rosters of forensic doctors.", no_args_is_help=True)
app.add_typer(roster_app, name="roster")


@roster_app.command("generate")
def roster_generate(
    region: Annotated[str | None, typer.Option("--region", help="GGD region code (GGxxxx)")] = None,
    all_regions: Annotated[bool, typer.Option("--all", help="All 25 regions")] = False,
    from_date: Annotated[
        str | None, typer.Option("--from", help="First day YYYY-MM-DD (default today)")
    ] = None,
    to_date: Annotated[
        str | None, typer.Option("--to", help="Last day, inclusive (default from + 27 days)")
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds for the solver")] = 60,
    seed: Annotated[int, typer.Option(help="Solver random seed")] = 0,
    workers: Annotated[
        int | None, typer.Option(help="CP-SAT worker threads (default: up to 4)")
    ] = None,
) -> None:
    """Generate and store a roster (pinned entries are kept); shows the solver's progress."""
    from datetime import date, timedelta

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from sqlmodel import Session

    from fmek.clock import AMSTERDAM, utcnow
    from fmek.reference.service import list_regions
    from fmek.rosters.generation import generate

    if bool(region) == all_regions:
        typer.echo("error: give either --region GGxxxx or --all", err=True)
        raise typer.Exit(2)
    try:
        start = (
            date.fromisoformat(from_date) if from_date else utcnow().astimezone(AMSTERDAM).date()
        )
        end = date.fromisoformat(to_date) if to_date else start + timedelta(days=27)
    except ValueError:
        typer.echo("error: dates are YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    if end < start or (end - start).days > 62:
        typer.echo("error: --to must be 0 to 62 days after --from", err=True)
        raise typer.Exit(2)
    _prepare_database()
    engine = _engine()
    try:
        with Session(engine) as session:
            known = [r.code for r in list_regions(session)]
        if region and region not in known:
            typer.echo(f"error: unknown GGD region '{region}'", err=True)
            raise typer.Exit(2)
        regions = known if all_regions else [region or ""]
        with Progress(
            TextColumn("roster {task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
        ) as bar:
            task = bar.add_task(f"{start}..{end}", total=1.0)
            result = generate(
                engine,
                regions,
                start,
                end,
                time_limit_s=time_limit,
                seed=seed,
                workers=workers,
                progress=lambda fraction: bar.update(task, completed=fraction),
            )
            bar.update(task, completed=1.0)
    finally:
        engine.dispose()
    typer.echo(
        f"{result['status']}: {result['filled']} of {result['positions']} positions filled in "
        f"{result['solve_seconds']} s; {result['hard_violations']} hard violations"
    )
    for gap in result["unfilled"][:20]:
        typer.echo(f"unfilled {gap['position_id']}: {gap['reason']}")


@roster_app.command("extend")
def roster_extend(
    region: Annotated[
        str | None, typer.Option("--region", help="Only this region (and its pool partners)")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", help="Weeks ahead (default FMEK_ROSTER_WEEKS_AHEAD)")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="Plan from this day's week (YYYY-MM-DD)")
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Solver seconds per run")] = 30,
) -> None:
    """Keep rosters planned weeks ahead: solve only the weeks not planned yet (the rolling
    roster); planned and published weeks stay as they are."""
    from datetime import date

    from fmek.errors import DomainError
    from fmek.rosters.rolling import extend_rolling

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        typer.echo("error: --today is YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    if weeks is not None and not 1 <= weeks <= 26:
        typer.echo("error: --weeks is 1 to 26", err=True)
        raise typer.Exit(2)
    _prepare_database()
    engine = _engine()
    try:
        done = extend_rolling(
            engine,
            regions=[region] if region else None,
            weeks_ahead=weeks,
            today=day,
            time_limit_s=time_limit,
        )
    except DomainError as exc:
        typer.echo(f"error: {exc.problems[0].msg if exc.problems else exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    if not done:
        typer.echo("every region is planned far enough ahead; nothing to do")
    for run in done:
        gaps = ", ".join(f"{code} {count}" for code, count in run.gaps_by_region.items() if count)
        typer.echo(
            f"{'+'.join(run.regions)}: weeks from {run.weeks[0]} to {run.weeks[-1]} planned, "
            f"{run.filled} of {run.positions} positions filled ({run.status}); "
            f"new gaps: {gaps or 'none'}"
        )


@bench_app.command("roster")
def bench_roster(
    seed: Annotated[int, typer.Option(help="Seed of the synthetic doctors")] = 1,
    weeks: Annotated[int, typer.Option(help="Weeks to roster")] = 4,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Solver seconds")] = 60,
    capacity_units: Annotated[
        int, typer.Option(help="Regions (pools count as one) in the capacity search; 23 = all")
    ] = 4,
    capacity_time_limit: Annotated[
        float, typer.Option(help="Solver seconds per capacity trial")
    ] = 3.0,
) -> None:
    """Current vs previous working-time model and greedy, all 25 regions: coverage, hard
    violations, consecutive on-call nights, fairness, time; then capacity per region."""
    from fmek.bench.roster import run

    run(
        seed=seed,
        weeks=weeks,
        time_limit=time_limit,
        capacity_units=capacity_units,
        capacity_time_limit=capacity_time_limit,
    )


@app.command()
def allocate(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (format fmek-allocation/1)")],
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit", help="Solver seconds (default: 4 s up to 200 requests, else 25 s)"
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Result JSON file (default: stdout)")
    ] = None,
) -> None:
    """Solve an allocation instance and write the fmek-allocation-result/1 JSON."""
    from fmek.allocation_cli import allocate as run_allocate

    code = run_allocate(instance, time_limit, out)
    if code:
        raise typer.Exit(code)


@bench_app.command("allocation")
def bench_allocation(
    seed: Annotated[int, typer.Option(help="Seed of the generated instances")] = 1,
    sizes: Annotated[
        str | None, typer.Option(help="Comma list of instance sizes (default: all)")
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Solver seconds per instance")
    ] = None,
) -> None:
    """The allocation solver against the greedy planner on generated instances."""
    from fmek.bench.allocation import run

    run(seed=seed, sizes=sizes.split(",") if sizes else None, time_limit=time_limit)


audit_app = typer.Typer(
    help="The audit trail (NEN 7513): seal, verify, export.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("seal")
def audit_seal() -> None:
    """Chain every committed, unsealed audit event now; prints the new head to record elsewhere."""
    from fmek.audit.chain import seal

    engine = _engine()
    try:
        result = seal(engine)
    finally:
        engine.dispose()
    typer.echo(f"sealed {result.sealed} event(s); head: link {result.head.seq} {result.head.hash}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 naming the first broken link if any event was changed,
    deleted or inserted. Events not yet sealed are reported as the unsealed tail."""
    from fmek.audit.chain import verify

    engine = _engine()
    try:
        report = verify(engine)
    finally:
        engine.dispose()
    typer.echo(f"{report.links} link(s) verified; head: link {report.head.seq} {report.head.hash}")
    typer.echo(f"unsealed tail: {report.unsealed} event(s) (run `fmek audit seal`)")
    if report.problem:
        typer.echo(f"BROKEN at link {report.broken_seq}: {report.problem}", err=True)
    if report.suspect_event_ids:
        ids = ", ".join(str(i) for i in report.suspect_event_ids)
        typer.echo(
            f"NOT IN CHAIN: event(s) {ids} are older than the newest seal but unsealed "
            "(inserted behind the sealer?)",
            err=True,
        )
    if not report.ok:
        raise typer.Exit(1)
    typer.echo("audit chain intact")


@audit_app.command("export")
def audit_export(
    from_date: Annotated[str, typer.Option("--from", help="First day YYYY-MM-DD (UTC)")],
    to_date: Annotated[str, typer.Option("--to", help="Last day YYYY-MM-DD, inclusive")],
    out: Annotated[Path | None, typer.Option(help="File to write (default: stdout)")] = None,
) -> None:
    """Audit events of a period as JSON lines (for the privacy officer); audited as an export."""
    from datetime import UTC, date, datetime, time, timedelta

    from sqlmodel import Session

    from fmek.audit.chain import export
    from fmek.audit.models import AuditAction
    from fmek.audit.service import Actor, record

    try:
        start = datetime.combine(date.fromisoformat(from_date), time(), UTC)
        end = datetime.combine(date.fromisoformat(to_date) + timedelta(days=1), time(), UTC)
    except ValueError:
        typer.echo("error: dates are YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    if end <= start:
        typer.echo("error: --to is before --from", err=True)
        raise typer.Exit(2)
    engine = _engine()
    try:
        with Session(engine) as session:
            detail = f"audit events {from_date}..{to_date}"
            record(session, Actor.system(), AuditAction.EXPORT, "audit_event", detail=detail)
            session.commit()
        lines = export(engine, start, end)
        if out is None:
            for line in lines:
                typer.echo(line)
        else:
            with out.open("w", encoding="utf-8") as handle:
                count = 0
                for line in lines:
                    handle.write(line + "\n")
                    count += 1
            typer.echo(f"{count} event(s) written to {out}")
    finally:
        engine.dispose()


keys_app = typer.Typer(help="Keys for identifying data at rest.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def keys_init() -> None:
    """Create the key file with a new key unless keys are configured (FMEK_DATA_KEYS or file)."""
    from fmek.keys.keyring import ensure_key_file

    path = get_settings().data_key_file
    if ensure_key_file():
        typer.echo(f"new data key written to {path} (mode 600); back it up, keep it secret")
    else:
        typer.echo("data keys are configured already")


@keys_app.command("new")
def keys_new() -> None:
    """Print a new key line (id:key) for FMEK_DATA_KEYS; nothing is stored."""
    from fmek.keys.keyring import new_key_line

    typer.echo(new_key_line())


@keys_app.command("rotate")
def keys_rotate(
    new_key: Annotated[
        bool, typer.Option("--new-key", help="First add a new key to the key file")
    ] = False,
) -> None:
    """Re-encrypt every child's name, birth date and BSN under the current (first) key."""
    from pathlib import Path as _Path

    from fmek.keys.keyring import DataKeyError
    from fmek.keys.service import add_key_to_file, rotate

    settings = get_settings()
    if new_key:
        if settings.data_keys:
            typer.echo(
                "error: keys come from FMEK_DATA_KEYS; put the new key first there", err=True
            )
            raise typer.Exit(2)
        key_id = add_key_to_file(_Path(settings.data_key_file))
        typer.echo(f"new key {key_id} added first to {settings.data_key_file}")
    _prepare_database()
    engine = _engine()
    try:
        result = rotate(engine)
    except DataKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(
        f"current key {result.key_id}: {result.reencrypted} of {result.rows} referral(s) "
        "re-encrypted; older keys can be removed once no data uses them"
    )


retention_app = typer.Typer(help="Retention terms and destruction.", no_args_is_help=True)
app.add_typer(retention_app, name="retention")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would go")] = False,
) -> None:
    """Destroy referrals and advices past their retention term (policy: fmek/retention/
    policy.json), leaving tombstones; --dry-run lists them and changes nothing."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.retention.service import due, run

    engine = _engine()
    try:
        with Session(engine) as session:
            found = due(session) if dry_run else run(session, actor=Actor.system())
    finally:
        engine.dispose()
    verb = "would be destroyed" if dry_run else "destroyed"
    for name, item in found.items():
        design = " [design]" if item.rule.design else ""
        typer.echo(
            f"{name}: kept {item.rule.keep_years} years from {item.rule.counted_from}{design}; "
            f"{item.count} past the term"
        )
        for record_id in item.record_ids:
            typer.echo(f"  {verb}: {record_id}")
    if found["audit_event"].count:
        typer.echo("  audit events are not purged yet (the chain needs a sealed checkpoint)")


@retention_app.command("destroy")
def retention_destroy(
    referral_id: Annotated[str, typer.Argument(help="Referral id")],
    reason: Annotated[
        str, typer.Option(help="client_request, report_not_confirmed or court_order")
    ],
    request: Annotated[
        str, typer.Option("--request", help="Reference of the documented request (no names)")
    ],
) -> None:
    """Destroy one referral file on a documented request; a tombstone without client data
    remains, and the destruction is audited."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.errors import DomainError
    from fmek.retention.service import DestructionReason, destroy_referral

    try:
        why = DestructionReason(reason)
    except ValueError:
        typer.echo(
            "error: --reason is client_request, report_not_confirmed or court_order", err=True
        )
        raise typer.Exit(2) from None
    engine = _engine()
    try:
        with Session(engine) as session:
            tombstone = destroy_referral(
                session,
                referral_id,
                actor=Actor.system(),
                basis="request",
                reason=why,
                request_reference=request,
            )
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(
        f"referral {referral_id} destroyed ({tombstone.rows_destroyed} rows); tombstone "
        f"{tombstone.id} kept"
    )


handelingskader_app = typer.Typer(help="Handelingskader rule set versions.", no_args_is_help=True)
app.add_typer(handelingskader_app, name="handelingskader")


@handelingskader_app.command("compare")
def handelingskader_compare(
    before: Annotated[str, typer.Argument(help="Version in force, e.g. v1")],
    after: Annotated[str, typer.Argument(help="Version to try, e.g. v2")],
    from_: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, Amsterdam)")],
    to: Annotated[str, typer.Option("--to", help="Last day, inclusive")],
) -> None:
    """Re-decide every referral of the period under two versions (dry run) and show the changes."""
    from datetime import date

    from sqlmodel import Session

    from fmek.figures.whatif import compare_versions, comparison_lines
    from routing.triage import RuleSetError

    try:
        start, end = date.fromisoformat(from_), date.fromisoformat(to)
    except ValueError:
        raise typer.BadParameter("dates look like 2026-01-01") from None
    if end < start:
        raise typer.BadParameter("--to lies before --from")
    engine = _engine()
    try:
        with Session(engine) as session:
            result = compare_versions(session, before, after, start, end)
    except RuleSetError as unknown:
        typer.echo(str(unknown), err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    for line in comparison_lines(result):
        typer.echo(line)
