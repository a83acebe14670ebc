"""`fmek handelingskader compare`: rule set versions side by side."""

from typing import Annotated

import typer

from fmek.cli.common import database

app = typer.Typer(help="Handelingskader rule set versions.", no_args_is_help=True)


@app.command("compare")
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
    with database() as engine, Session(engine) as session:
        try:
            result = compare_versions(session, before, after, start, end)
        except RuleSetError as unknown:
            typer.echo(str(unknown), err=True)
            raise typer.Exit(2) from None
    for line in comparison_lines(result):
        typer.echo(line)
