"""`fmek audit seal|verify|export|purge`: the audit trail (NEN 7513)."""

from pathlib import Path
from typing import Annotated

import typer

from fmek.cli.common import database, fail

app = typer.Typer(
    help="The audit trail (NEN 7513): seal, verify, export, purge.", no_args_is_help=True
)


@app.command("seal")
def audit_seal() -> None:
    """Chain every committed, unsealed audit event now; prints the new head to record elsewhere."""
    from fmek.audit.chain import seal

    with database() as engine:
        result = seal(engine)
    typer.echo(f"sealed {result.sealed} event(s); head: link {result.head.seq} {result.head.hash}")


@app.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 naming the first broken link if any event was changed,
    deleted or inserted. Events not yet sealed are reported as the unsealed tail."""
    from fmek.audit.chain import verify

    with database() as engine:
        report = verify(engine)
    if report.checkpoint:
        typer.echo(
            f"from the purge checkpoint: link {report.checkpoint.seq} {report.checkpoint.hash}"
        )
    typer.echo(f"{report.links} link(s) verified; head: link {report.head.seq} {report.head.hash}")
    typer.echo(f"unsealed tail: {report.unsealed} event(s) (run `fmek audit seal`)")
    if report.problem:
        typer.echo(f"BROKEN at link {report.broken_seq}: {report.problem}", err=True)
    if report.suspect_event_ids:
        ids = ", ".join(str(i) for i in report.suspect_event_ids)
        typer.echo(
            f"NOT IN CHAIN: event(s) {ids} are older than the newest seal but unsealed "
            "(inserted behind the sealer?)",
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
) -> None:
    """Purge audit events older than the NEN 7513 term (5 years) from the start of the chain,
    leaving a checkpoint from which `verify` continues; audited. Run it as the schema owner
    on PostgreSQL (the service's role may not delete audit rows)."""
    from datetime import UTC, date, datetime, time

    from fmek.audit.purge import PurgeRefused, purge
    from fmek.audit.service import Actor

    try:
        cutoff = datetime.combine(date.fromisoformat(before), time(), UTC)
    except ValueError:
        fail("--before is a day, YYYY-MM-DD")
    with database() as engine:
        try:
            result = purge(engine, cutoff, actor=Actor.system())
        except PurgeRefused as exc:
            fail(exc)
    if result.checkpoint is None:
        typer.echo("nothing to purge")
        return
    typer.echo(
        f"purged {result.purged_links} link(s); checkpoint: link {result.checkpoint.seq} "
        f"{result.checkpoint.hash} (record it with the head)"
    )
