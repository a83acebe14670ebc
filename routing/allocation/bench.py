"""The allocation benchmark: greedy and solver on the same generated instances, both verified."""

from __future__ import annotations

import time
from dataclasses import dataclass

from routing.allocation.generator import KINDS, generate
from routing.allocation.model import Instance, Result, parse_instance
from routing.allocation.solver import plan_greedy, solve
from routing.allocation.verify import Score, score, verify

# time limits per size: the targets are <= 5 s (region-day, national day) and <= 30 s
DEFAULT_TIME_LIMIT_S: dict[str, float] = {
    "region_day": 4.5,
    "national_day": 4.5,
    "surge": 28.0,
    "national_week": 28.0,
}


@dataclass(frozen=True)
class Run:
    score: Score
    seconds: float
    valid: bool


@dataclass(frozen=True)
class BenchRow:
    instance: str
    size: str
    requests: int
    doctors: int
    greedy: Run
    solver: Run

    @property
    def difference_pp(self) -> float:
        """Solver minus greedy priority-weighted on-time share, in percentage points."""
        return 100.0 * (self.solver.score.on_time_weighted - self.greedy.score.on_time_weighted)


def _timed(instance: Instance, plan: str, time_limit: float, workers: int | None) -> Run:
    t0 = time.monotonic()
    result: Result = (
        plan_greedy(instance)
        if plan == "greedy"
        else solve(instance, time_limit_s=time_limit, workers=workers)
    )
    seconds = time.monotonic() - t0
    return Run(score(instance, result), seconds, not verify(instance, result))


def run_benchmark(
    seed: int = 1,
    sizes: list[str] | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
) -> list[BenchRow]:
    """One row per size: the generated instance of `seed`, greedy and solver, both verified."""
    rows = []
    for size in [s.replace("-", "_") for s in sizes or list(KINDS)]:
        if size not in KINDS:
            raise ValueError(f"unknown size {size!r}; expected one of {', '.join(KINDS)}")
        instance = parse_instance(generate(size, seed))
        limit = time_limit if time_limit is not None else DEFAULT_TIME_LIMIT_S[size]
        rows.append(
            BenchRow(
                instance=f"{size}-s{seed}",
                size=size,
                requests=len(instance.requests),
                doctors=len(instance.doctors),
                greedy=_timed(instance, "greedy", limit, workers),
                solver=_timed(instance, "solver", limit, workers),
            )
        )
    return rows
