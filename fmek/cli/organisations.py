"""`fmek organisation add`: care providers whose doctors ask LECK for advice."""

from typing import Annotated

import typer

from fmek.cli.common import database, domain_errors, prepare_database

app = typer.Typer(help="Manage care providers (zorgaanbieders).", no_args_is_help=True)


@app.command("add")
def organisation_add(
    code: Annotated[str, typer.Option("--code", help="Code, e.g. ZA-UMCU-KG")],
    name: Annotated[str, typer.Option("--name", help="Name as printed on letters")],
    region: Annotated[
        str | None, typer.Option("--region", help="GGD region code (GGxxxx), if one")
    ] = None,
) -> None:
    """Register a care provider (hospital, GP practice, youth-health organisation); its
    kinderartsen, huisartsen and jeugdartsen are then added with `fmek user add`."""
    from sqlmodel import Session

    from fmek.reference.service import add_care_provider

    prepare_database()
    with database() as engine, domain_errors(), Session(engine) as session:
        organisation = add_care_provider(session, code=code, name=name, region=region)
        created = organisation.code
    typer.echo(f"care provider {created} added (kind zorgaanbieder)")
