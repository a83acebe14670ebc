"""`fmek user add|revoke|rotate`: users and their bearer tokens."""

from typing import Annotated

import typer

from fmek.auth.models import Role
from fmek.cli.common import database, domain_errors, prepare_database
from fmek.settings import get_settings

app = typer.Typer(help="Manage users and their bearer tokens.", no_args_is_help=True)


@app.command("add")
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

    prepare_database()
    with database() as engine, domain_errors(), Session(engine) as session:
        user, token = add_user(
            session,
            name=name,
            role=role,
            organisation=organisation,
            region=region,
            token_days=get_settings().token_lifetime_days,
        )
        user_id, user_role = user.id, user.role
    typer.echo(f"created user {user_id} ({user_role}); keep this token safe, it is shown once:")
    typer.echo(token)


@app.command("revoke")
def user_revoke(user_id: Annotated[int, typer.Argument(help="User id")]) -> None:
    """Revoke a user's token at once."""
    from sqlmodel import Session

    from fmek.auth.service import revoke_user

    with database() as engine, domain_errors(), Session(engine) as session:
        revoke_user(session, user_id)
    typer.echo(f"user {user_id} revoked")


@app.command("rotate")
def user_rotate(user_id: Annotated[int, typer.Argument(help="User id")]) -> None:
    """Issue a new token (printed once, last line); the old token and web sessions end now."""
    from sqlmodel import Session

    from fmek.auth.service import rotate_token

    with database() as engine, domain_errors(), Session(engine) as session:
        user, token = rotate_token(session, user_id, get_settings().token_lifetime_days)
        expires = user.expires_at.date().isoformat() if user.expires_at else "never"
    typer.echo(f"user {user_id} has a new token (expires {expires}); the old one no longer works:")
    typer.echo(token)
