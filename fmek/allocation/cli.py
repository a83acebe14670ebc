"""`fmek allocate INSTANCE.json [--time-limit S] [--out RESULT.json]`: solve an allocation
instance file without a database.

Exit codes: 0 solved (result written), 2 the instance cannot be read or is malformed.
"""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from routing.allocation import default_time_limit, parse_instance, result_to_dict, solve


def allocate(instance_path: Path, time_limit: float | None, out: Path | None) -> int:
    """Solve the instance file; write the result JSON to `out` (or stdout).

    Without a time limit the solver takes `default_time_limit` (by instance size)."""
    try:
        raw = json.loads(instance_path.read_text(encoding="utf-8"))
        instance = parse_instance(raw)
    except OSError as exc:
        typer.echo(f"cannot read {instance_path}: {exc.strerror or exc}", err=True)
        return 2
    except ValueError as exc:  # json.JSONDecodeError is a ValueError too
        typer.echo(f"malformed instance {instance_path}: {exc}", err=True)
        return 2
    limit = time_limit if time_limit is not None else default_time_limit(instance)
    result = solve(instance, time_limit_s=limit)
    text = json.dumps(result_to_dict(result), indent=1, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        stats = result.stats
        typer.echo(
            f"{len(result.assignments)} assigned, {len(result.unassigned)} unassigned, "
            f"priority-weighted on time {stats.get('on_time_weighted')}, "
            f"{stats.get('solve_time_s')} s -> {out}",
            err=True,
        )
    return 0


def command(
    instance: Annotated[Path, typer.Argument(help="Instance JSON (format fmek-allocation/1)")],
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit", help="Solver seconds (default: 4 s up to 200 requests, else 25 s)"
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Result JSON file (default: stdout)")
    ] = None,
) -> None:
    """Solve an allocation instance and write the fmek-allocation-result/1 JSON."""
    if code := allocate(instance, time_limit, out):
        raise typer.Exit(code)
