"""The `fmek` command line (Typer). Every command works from any working directory.

One module per sub-app (`fmek audit …` lives in `audit.py`, `fmek bench …` in `bench.py`); the
top-level commands that run FMEK are in `server.py`; `fmek allocate` is in `fmek/allocation/cli.py`
beside its domain. What commands share (the database, failing with a message) is `common.py`.
"""

import typer

from fmek.allocation.cli import command as allocate_command
from fmek.cli import (
    audit,
    bench,
    figures,
    handelingskader,
    keys,
    organisations,
    reports,
    retention,
    rosters,
    server,
    users,
)

app = typer.Typer(help="FMEK: forensic-medical expertise for children.", no_args_is_help=True)
app.command()(server.migrate)
app.command()(server.serve)
app.command()(server.worker)
app.command()(server.demo)
app.command("allocate")(allocate_command)
app.add_typer(users.app, name="user")
app.add_typer(organisations.app, name="organisation")
app.add_typer(bench.app, name="bench")
app.add_typer(reports.app, name="report")
app.add_typer(rosters.app, name="roster")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
app.add_typer(retention.app, name="retention")
app.add_typer(handelingskader.app, name="handelingskader")
app.add_typer(figures.app, name="figures")
