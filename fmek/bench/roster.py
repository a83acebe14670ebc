"""`fmek bench roster`: the current working-time model against the previous one (consignatie
read as worked time) and greedy round-robin, all 25 regions, in one run; then capacity."""

from __future__ import annotations

from routing.roster.bench import run_benchmark

_ROWS = (
    ("solve time (s)", "seconds", "{:.1f}"),
    ("coverage", "coverage", "{:.1%}"),
    ("hard violations (own rules)", "hard_violations", "{:d}"),
    ("hard violations (Atw as now)", "atw_violations", "{:d}"),
    ("consecutive on-call nights", "consecutive_nights", "{:.1%}"),
    ("night spread (full-time)", "night_spread", "{:g}"),
    ("weekend spread (full-time)", "weekend_spread", "{:g}"),
    ("on-call day spread (full-time)", "on_call_spread", "{:g}"),
    ("max |nights - fair share|", "night_deviation", "{:.2f}"),
    ("max |hours - fair share|", "hours_deviation", "{:.1f}"),
    ("soft violations", "soft_violations", "{:d}"),
)


def _cell(fmt: str, value: float) -> str:
    return fmt.format(int(value) if fmt == "{:d}" else value)


def run(
    seed: int = 1,
    weeks: int = 4,
    time_limit: float = 60,
    capacity_units: int = 4,
    capacity_time_limit: float = 3.0,
) -> None:
    """Print the three rosters' figures; spreads are worst region (pool), lower is fairer."""
    figures = run_benchmark(
        seed=seed,
        weeks=weeks,
        time_limit=time_limit,
        capacity_units=capacity_units,
        capacity_time_limit=capacity_time_limit,
    )
    columns = (("current", "solver"), ("previous", "previous"), ("greedy", "greedy"))
    print(
        f"roster benchmark: {figures['regions']} regions x {weeks} weeks, "
        f"{figures['doctors']} doctors, {figures['positions']} positions, seed {seed}, "
        f"status {figures['status']}"
    )
    print("current = CP-SAT, consignatie as availability; previous = CP-SAT, consignatie as work;")
    print("greedy = round-robin under the current rules")
    print(f"{'':34}" + "".join(f"{label:>11}" for label, _ in columns))
    for label, key, fmt in _ROWS:
        cells = "".join(
            f"{_cell(fmt, figures[source][key]):>11}"  # type: ignore[index]  # the three runs are dicts
            for _, source in columns
        )
        print(f"{label:34}{cells}")
    capacity = figures["capacity"]
    assert isinstance(capacity, list)
    if capacity:
        print(
            f"capacity: fewest doctors per region still fully covered, 4 weeks "
            f"({capacity_time_limit:g} s per solve, 1 worker)"
        )
        saved = 0
        for row in capacity:
            regions = "+".join(row["regions"])
            current, previous = row["current"], row["previous"]
            print(f"  {regions:24} current {_n(current):>4}   previous {_n(previous):>4}")
            if isinstance(current, int) and isinstance(previous, int):
                saved += (previous - current) * len(row["regions"])
        print(f"  doctors freed in these regions: {saved}")
    unfilled = figures["unfilled"]
    assert isinstance(unfilled, list)
    for position_id, reason in unfilled[:10]:
        print(f"unfilled {position_id}: {reason}")


def _n(value: object) -> str:
    return str(value) if value is not None else ">12"
