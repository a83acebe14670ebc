"""`fmek bench …`: benchmarks that print their figures against a baseline run in the same
command (speed claims come from here, never from timed unit tests)."""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Benchmarks that print figures against a baseline run.", no_args_is_help=True
)


@app.command("intake")
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


@app.command("cluster")
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


@app.command("reports")
def bench_reports(
    repeats: Annotated[int, typer.Option(help="PDF renders per document (HTML: 10x)")] = 15,
) -> None:
    """HTML and PDF render time of a 20-injury report vs a minimal one-page document."""
    from fmek.bench.reports import run

    run(repeats=repeats)


@app.command("pages")
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


@app.command("roster")
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


@app.command("allocation")
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


@app.command("figures-report")
def bench_figures_report(
    repeats: Annotated[int, typer.Option(help="Renders per measurement")] = 3,
    half: Annotated[str, typer.Option(help="Half-year of the report")] = "2026-H1",
) -> None:
    """The Voortgangsrapportage PDF (25 regions, four half-years) vs a minimal one-page PDF."""
    from fmek.bench.figures_report import run

    run(repeats=repeats, half=half)


@app.command("figures")
def bench_figures(
    databases: Annotated[
        str, typer.Option(help="Comma list: sqlite,postgresql")
    ] = "sqlite,postgresql",
    postgres_url: Annotated[str, typer.Option(help="PostgreSQL server for the fresh database")] = (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
    months: Annotated[int, typer.Option(help="Months of demo history")] = 24,
    repeats: Annotated[int, typer.Option(help="Timed runs per measurement")] = 5,
) -> None:
    """National figures of the last complete half-year over the demo history, against a
    SELECT count(*) of the same referrals (target: 1 s)."""
    from fmek.bench.figures import run

    run(databases=databases.split(","), postgres_url=postgres_url, months=months, repeats=repeats)
