"""`fmek keys init|new|rotate`: keys for identifying data at rest."""

from typing import Annotated

import typer

from fmek.cli.common import database, fail, prepare_database
from fmek.settings import get_settings

app = typer.Typer(help="Keys for identifying data at rest.", no_args_is_help=True)


@app.command("init")
def keys_init() -> None:
    """Create the key file with a new key unless keys are configured (FMEK_DATA_KEYS or file)."""
    from fmek.keys.keyring import ensure_key_file

    path = get_settings().data_key_file
    if ensure_key_file():
        typer.echo(f"new data key written to {path} (mode 600); back it up, keep it secret")
    else:
        typer.echo("data keys are configured already")


@app.command("new")
def keys_new() -> None:
    """Print a new key line (id:key) for FMEK_DATA_KEYS; nothing is stored."""
    from fmek.keys.keyring import new_key_line

    typer.echo(new_key_line())


@app.command("rotate")
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
            fail("keys come from FMEK_DATA_KEYS; put the new key first there")
        key_id = add_key_to_file(_Path(settings.data_key_file))
        typer.echo(f"new key {key_id} added first to {settings.data_key_file}")
    prepare_database()
    with database() as engine:
        try:
            result = rotate(engine)
        except DataKeyError as exc:
            fail(exc)
    typer.echo(
        f"current key {result.key_id}: {result.reencrypted} of {result.rows} referral(s) "
        "re-encrypted; older keys can be removed once no data uses them"
    )
