"""`fmek keys init|new|rotate|rotate-audit`: keys for identifying data at rest, and the audit
key that signs the audit chain (a keyring of its own: ``fmek.audit.signing``)."""

from typing import Annotated

import typer

from fmek.cli.common import database, fail, prepare_database
from fmek.settings import get_settings

app = typer.Typer(
    help="Keys for identifying data at rest, and the audit key.", no_args_is_help=True
)


@app.command("init")
def keys_init() -> None:
    """Create the data key file and the audit key file, each with a new key, unless those keys
    are configured (FMEK_DATA_KEYS / FMEK_AUDIT_KEYS, or the file exists)."""
    from fmek.audit.signing import ensure_audit_key_file
    from fmek.keys.keyring import ensure_key_file

    settings = get_settings()
    if ensure_key_file():
        typer.echo(
            f"new data key written to {settings.data_key_file} (mode 600); back it up, keep it "
            "secret"
        )
    else:
        typer.echo("data keys are configured already")
    if ensure_audit_key_file():
        typer.echo(
            f"new audit key written to {settings.audit_key_file} (mode 600); back it up, keep "
            "it secret, and keep it where the sealer runs and the trail is verified"
        )
    else:
        typer.echo("audit keys are configured already")


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


@app.command("rotate-audit")
def keys_rotate_audit() -> None:
    """Put a new audit key first in the audit key file: new heads and purge checkpoints are
    signed with it; the older keys stay after it to verify what they signed (keep them)."""
    from pathlib import Path as _Path

    settings = get_settings()
    if settings.audit_keys:
        fail(
            "audit keys come from FMEK_AUDIT_KEYS; put a new key (`fmek keys new`) first there "
            "and keep the old ones after it"
        )
    from fmek.audit.signing import add_audit_key_to_file

    key_id = add_audit_key_to_file(_Path(settings.audit_key_file))
    typer.echo(
        f"new audit key {key_id} added first to {settings.audit_key_file}; keep the older keys "
        "in it: they verify the heads they signed"
    )
