"""`fmek audit seal|verify|export|purge`: the audit trail (NEN 7513)."""

from pathlib import Path
from typing import Annotated

import typer

from fmek.cli.common import database, fail
from fmek.settings import get_settings

app = typer.Typer(
    help="The audit trail (NEN 7513): seal, verify, export, purge.", no_args_is_help=True
)


@app.command("seal")
def audit_seal(
    adopt: Annotated[
        bool,
        typer.Option(
            "--adopt",
            help="First sign the chain as it stands, also links no signed head covers: once "
            "after an upgrade, or after investigating what `fmek audit verify` reported",
        ),
    ] = False,
) -> None:
    """Chain every committed, unsealed audit event now and sign the new head under the audit
    key; prints the head to record outside the database."""
    from fmek.audit.chain import NoAuditKey, seal
    from fmek.audit.heads import UnsignedTail
    from fmek.audit.signing import AuditKeyError

    with database() as engine:
        try:
            result = seal(engine, adopt=adopt)
        except (NoAuditKey, UnsignedTail, AuditKeyError) as exc:
            fail(exc)
    typer.echo(f"sealed {result.sealed} event(s); head: link {result.head.seq} {result.head.hash}")
    if result.signed:
        typer.echo(f"{result.signed.describe()}, key {result.signed.key_id}")
    if result.held_back:
        ids = ", ".join(map(str, result.held_back))
        typer.echo(
            f"NOT SEALED: event(s) {ids} are dated before the newest signed head (inserted with "
            "an old date?); run `fmek audit verify`",
            err=True,
        )


@app.command("verify")
def audit_verify() -> None:
    """Recompute the chain and check every signed head and purge checkpoint against it; exit 1
    naming the first point that does not hold (an event changed, deleted or inserted, a chain
    recomputed without the key, a head or checkpoint forged or missing), or when no audit key is
    configured. Events not yet sealed are reported as the unsealed tail."""
    from fmek.audit.chain import verify
    from fmek.audit.signing import NO_AUDIT_KEY, AuditKeyError

    with database() as engine:
        try:
            report = verify(engine)
        except AuditKeyError as exc:
            fail(exc)
    if report.checkpoint:
        typer.echo(
            f"from the purge checkpoint: link {report.checkpoint.seq} {report.checkpoint.hash}"
        )
    typer.echo(f"{report.links} link(s) verified; head: link {report.head.seq} {report.head.hash}")
    if report.signed is not None:
        keys = ", ".join(sorted(report.signed.key_ids)) or "none"
        typer.echo(f"{report.signed.checked} signed head(s) checked (audit keys: {keys})")
        if (newest := report.signed.newest) is not None and report.signed.problem is None:
            typer.echo(
                f"newest {newest.describe()}: anything cut off after it is visible only against "
                "a record kept outside the database (the seal log)"
            )
    typer.echo(f"unsealed tail: {report.unsealed} event(s) (run `fmek audit seal`)")
    if report.key_missing:
        typer.echo(
            f"NOT VERIFIED: {NO_AUDIT_KEY}; the signed heads were not checked, so a chain "
            "recomputed by someone with write access to the database would pass",
            err=True,
        )
    if report.problem:
        typer.echo(f"BROKEN at link {report.broken_seq}: {report.problem}", err=True)
    if report.suspect_event_ids:
        ids = ", ".join(str(i) for i in report.suspect_event_ids)
        typer.echo(
            f"NOT IN CHAIN: event(s) {ids} are unsealed but dated before the newest seal or "
            "signed head (inserted behind the sealer, or with an old date?); the sealer leaves "
            "them out of the chain",
            err=True,
        )
    if report.wiped is not None:
        users, referrals = report.wiped
        typer.echo(
            f"NOT INTACT: the audit trail is empty, but the database holds {users} user(s) and "
            f"{referrals} referral(s) whose creation was audited: the trail was deleted",
            err=True,
        )
    if not report.ok:
        raise typer.Exit(1)
    typer.echo("audit chain intact")


@app.command("export")
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
        fail("dates are YYYY-MM-DD")
    if end <= start:
        fail("--to is before --from")
    with database() as engine:
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


@app.command("purge")
def audit_purge(
    before: Annotated[
        str, typer.Option("--before", help="Purge events before this day, YYYY-MM-DD (UTC)")
    ],
    owner_url: Annotated[
        str | None,
        typer.Option(
            "--owner-url",
            help="Database URL of the schema owner (default FMEK_OWNER_DATABASE_URL, else "
            "FMEK_DATABASE_URL); prefer the setting: a password on the command line is visible "
            "to other users of the machine",
        ),
    ] = None,
) -> None:
    """Purge audit events older than the NEN 7513 term (5 years) from the start of the chain,
    leaving a signed checkpoint from which `verify` continues; audited. On PostgreSQL it runs
    as the schema owner (the service's role may not delete audit rows): --owner-url or
    FMEK_OWNER_DATABASE_URL."""
    from datetime import UTC, date, datetime, time

    from sqlalchemy.exc import OperationalError

    from fmek.audit.purge import PurgeRefused, purge
    from fmek.audit.service import Actor
    from fmek.audit.signing import AuditKeyError

    try:
        cutoff = datetime.combine(date.fromisoformat(before), time(), UTC)
    except ValueError:
        fail("--before is a day, YYYY-MM-DD")
    url = owner_url or get_settings().owner_database_url or get_settings().database_url
    with database(url) as engine:
        try:
            result = purge(engine, cutoff, actor=Actor.system())
        except (PurgeRefused, AuditKeyError) as exc:
            fail(exc)
        except OperationalError:
            fail("cannot connect to the database with that URL (role, password, host?)")
    if result.checkpoint is None:
        typer.echo("nothing to purge")
        return
    typer.echo(
        f"purged {result.purged_links} link(s); checkpoint: link {result.checkpoint.seq} "
        f"{result.checkpoint.hash} (record it with the head)"
    )
