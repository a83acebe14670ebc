"""`fmek bench roster`: CP-SAT rosters against greedy round-robin for all 25 regions."""

from __future__ import annotations

from routing.roster.bench import run_benchmark

_ROWS = (
    ("solve time (s)", "seconds", "{:.1f}"),
    ("coverage", "coverage", "{:.1%}"),
    ("night spread (full-time)", "night_spread", "{:g}"),
    ("weekend spread (full-time)", "weekend_spread", "{:g}"),
    ("on-call day spread (full-time)", "on_call_spread", "{:g}"),
    ("max |nights - fair share|", "night_deviation", "{:.2f}"),
    ("max |hours - fair share|", "hours_deviation", "{:.1f}"),
    ("hard violations", "hard_violations", "{:d}"),
    ("soft violations", "soft_violations", "{:d}"),
)


def run(seed: int = 1, weeks: int = 4, time_limit: float = 60) -> None:
    """Print solver vs greedy figures; spreads are worst region (pool), lower is fairer."""
    figures = run_benchmark(seed=seed, weeks=weeks, time_limit=time_limit)
    solver: dict[str, float] = figures["solver"]  # type: ignore[assignment]
    greedy: dict[str, float] = figures["greedy"]  # type: ignore[assignment]
    print(
        f"roster benchmark: {figures['regions']} regions x {weeks} weeks, "
        f"{figures['doctors']} doctors, {figures['positions']} positions, seed {seed}, "
        f"status {figures['status']}"
    )
    print(f"{'':32}{'CP-SAT':>10}{'greedy':>10}{'ratio':>8}")
    for label, key, fmt in _ROWS:
        ours, theirs = solver[key], greedy[key]
        ratio = f"{ours / theirs:.2f}" if theirs else "-"
        print(f"{label:32}{fmt.format(ours):>10}{fmt.format(theirs):>10}{ratio:>8}")
    unfilled = figures["unfilled"]
    assert isinstance(unfilled, list)
    for position_id, reason in unfilled[:10]:
        print(f"unfilled {position_id}: {reason}")
