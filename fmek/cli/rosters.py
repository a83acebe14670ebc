"""`fmek roster generate|extend`: rosters of forensic doctors."""

from typing import Annotated

import typer

from fmek.cli.common import database, domain_errors, fail, prepare_database

app = typer.Typer(help="Rosters of forensic doctors.", no_args_is_help=True)


@app.command("generate")
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
        fail("give either --region GGxxxx or --all")
    try:
        start = (
            date.fromisoformat(from_date) if from_date else utcnow().astimezone(AMSTERDAM).date()
        )
        end = date.fromisoformat(to_date) if to_date else start + timedelta(days=27)
    except ValueError:
        fail("dates are YYYY-MM-DD")
    if end < start or (end - start).days > 62:
        fail("--to must be 0 to 62 days after --from")
    prepare_database()
    with database() as engine:
        with Session(engine) as session:
            known = [r.code for r in list_regions(session)]
        if region and region not in known:
            fail(f"unknown GGD region '{region}'")
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
    typer.echo(
        f"{result['status']}: {result['filled']} of {result['positions']} positions filled in "
        f"{result['solve_seconds']} s; {result['hard_violations']} hard violations"
    )
    for gap in result["unfilled"][:20]:
        typer.echo(f"unfilled {gap['position_id']}: {gap['reason']}")


@app.command("extend")
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

    from fmek.rosters.rolling import extend_rolling

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        fail("--today is YYYY-MM-DD")
    if weeks is not None and not 1 <= weeks <= 26:
        fail("--weeks is 1 to 26")
    prepare_database()
    with database() as engine, domain_errors():
        done = extend_rolling(
            engine,
            regions=[region] if region else None,
            weeks_ahead=weeks,
            today=day,
            time_limit_s=time_limit,
        )
    if not done:
        typer.echo("every region is planned far enough ahead; nothing to do")
    for run in done:
        gaps = ", ".join(f"{code} {count}" for code, count in run.gaps_by_region.items() if count)
        typer.echo(
            f"{'+'.join(run.regions)}: weeks from {run.weeks[0]} to {run.weeks[-1]} planned, "
            f"{run.filled} of {run.positions} positions filled ({run.status}); "
            f"new gaps: {gaps or 'none'}"
        )
