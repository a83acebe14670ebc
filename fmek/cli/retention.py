"""`fmek retention run|destroy`: retention terms and destruction."""

from typing import Annotated

import typer

from fmek.cli.common import database, domain_errors, fail

app = typer.Typer(help="Retention terms and destruction.", no_args_is_help=True)


@app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would go")] = False,
) -> None:
    """Destroy referrals and advices past their retention term (policy: fmek/retention/
    policy.json), leaving tombstones; --dry-run lists them and changes nothing."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.retention.service import due, run

    with database() as engine, Session(engine) as session:
        found = due(session) if dry_run else run(session, actor=Actor.system())
    verb = "would be destroyed" if dry_run else "destroyed"
    for name, item in found.items():
        design = " [design]" if item.rule.design else ""
        typer.echo(
            f"{name}: kept {item.rule.keep_years} years from {item.rule.counted_from}{design}; "
            f"{item.count} past the term"
        )
        for record_id in item.record_ids:
            typer.echo(f"  {verb}: {record_id}")
    if found["audit_event"].count:
        typer.echo(
            "  audit events are purged by `fmek audit purge --before YYYY-MM-DD` (as the schema "
            "owner), which keeps the chain verifiable from a checkpoint"
        )


@app.command("destroy")
def retention_destroy(
    referral_id: Annotated[str, typer.Argument(help="Referral id")],
    reason: Annotated[
        str, typer.Option(help="client_request, report_not_confirmed or court_order")
    ],
    request: Annotated[
        str, typer.Option("--request", help="Reference of the documented request (no names)")
    ],
) -> None:
    """Destroy one referral file on a documented request; a tombstone without client data
    remains, and the destruction is audited."""
    from sqlmodel import Session

    from fmek.audit.service import Actor
    from fmek.retention.service import DestructionReason, destroy_referral

    try:
        why = DestructionReason(reason)
    except ValueError:
        fail("--reason is client_request, report_not_confirmed or court_order")
    with database() as engine, domain_errors(), Session(engine) as session:
        tombstone = destroy_referral(
            session,
            referral_id,
            actor=Actor.system(),
            basis="request",
            reason=why,
            request_reference=request,
        )
    typer.echo(
        f"referral {referral_id} destroyed ({tombstone.rows_destroyed} rows); tombstone "
        f"{tombstone.id} kept"
    )
