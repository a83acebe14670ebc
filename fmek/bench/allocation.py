"""`fmek bench allocation`: solver against the greedy planner on generated instances."""

from __future__ import annotations

from routing.allocation import run_benchmark


def run(seed: int = 1, sizes: list[str] | None = None, time_limit: float | None = None) -> None:
    """Print one line per instance: on-time shares, difference, unassigned, travel, time."""
    rows = run_benchmark(seed=seed, sizes=sizes, time_limit=time_limit)
    print(
        f"{'instance':20} {'size':>9} {'greedy':>7} {'solver':>7} {'diff pp':>8} "
        f"{'unassigned g/s':>15} {'mean travel g/s':>16} {'solve s':>8} {'verified':>9}"
    )
    for row in rows:
        g, s = row.greedy, row.solver
        ok = "OK" if g.valid and s.valid else "FAILED"
        print(
            f"{row.instance:20} {f'{row.requests}r/{row.doctors}d':>9} "
            f"{g.score.on_time_weighted:>7.1%} {s.score.on_time_weighted:>7.1%} "
            f"{row.difference_pp:>+8.1f} "
            f"{f'{g.score.unassigned}/{s.score.unassigned}':>15} "
            f"{f'{g.score.mean_travel_minutes:.0f}/{s.score.mean_travel_minutes:.0f}':>16} "
            f"{s.seconds:>8.1f} {ok:>9}"
        )
