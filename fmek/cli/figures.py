"""`fmek figures report`: the Voortgangsrapportage FMEK of a half-year as PDF/A."""

from pathlib import Path
from typing import Annotated

import typer

from fmek.cli.common import database, domain_errors, fail

app = typer.Typer(help="The half-yearly figures.", no_args_is_help=True)


@app.command("report")
def figures_report(
    half: Annotated[str, typer.Option("--half", help="Half-year, e.g. 2026-H1")],
    pdf: Annotated[Path, typer.Option(help="Write the PDF/A here")],
    region: Annotated[
        str | None, typer.Option(help="Only this region's page (GGxxxx); default: all regions")
    ] = None,
) -> None:
    """National summary, a page per region, the change since the previous half-year and the
    definitions; recorded as an export by the system."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.clock import AMSTERDAM, utcnow
    from fmek.figures.halfyear import report
    from reports.figures_report import figures_report_pdf
    from reports.figures_view import HalfYear

    try:
        chosen = HalfYear.parse(half)
    except ValueError:
        raise typer.BadParameter("a half-year looks like 2026-H1") from None
    today = utcnow().astimezone(AMSTERDAM).date()
    with database() as engine, domain_errors(), Session(engine) as session:
        data = report(session, chosen, region, today, Actor.system())
    if not data.regions:
        fail(f"no region {region}")
    pdf.write_bytes(figures_report_pdf(data))
    typer.echo(
        f"{pdf}: Voortgangsrapportage FMEK {chosen.name_nl}, landelijk en "
        f"{len(data.regions)} regio('s)"
    )
