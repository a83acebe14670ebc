"""`fmek report render`: a forensic-medical report as PDF/A and/or HTML."""

from pathlib import Path
from typing import Annotated

import typer

from fmek.cli.common import database, domain_errors

app = typer.Typer(help="Forensic-medical reports.", no_args_is_help=True)


@app.command("render")
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
    from fmek.forensic_reports.reading import render_for_print
    from reports import html_to_pdf

    with database() as engine, domain_errors(), Session(engine) as session:
        rendered = render_for_print(session, ident, version=version, actor=Actor.system())
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
