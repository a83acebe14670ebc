"""Roster benchmark: all 25 GGD regions x N weeks, CP-SAT against greedy round-robin and
against the previous working-time model (consignatie read as worked time) in the same run,
plus the capacity each model gives: the smallest doctor pool per region it still covers.

The doctors are the synthetic ones of `routing.roster.synthetic`, also used by the demo data.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from routing.roster import facts
from routing.roster.decompose import components
from routing.roster.fairness import summarise
from routing.roster.greedy import greedy_roster
from routing.roster.model import (
    Assignment,
    Position,
    RosterProblem,
    Violation,
    WorkingTimeRules,
    default_templates,
)
from routing.roster.positions import build_positions
from routing.roster.solver import generate_roster
from routing.roster.synthetic import PER_REGION, REGION_CODES, SHARED_ON_CALL, demo_doctors
from routing.roster.verify import verify

PREVIOUS = WorkingTimeRules.previous_model()


def bench_problem(
    seed: int,
    weeks: int = 4,
    start: date = date(2025, 4, 21),
    rules: WorkingTimeRules | None = None,
) -> RosterProblem:
    """All regions; default start week holds Koningsdag (Sat 26 Apr) and 5 May (Monday)."""
    end = start + timedelta(days=7 * weeks - 1)
    templates = default_templates()
    day_templates = [t for t in templates if t.kind == "day" or t.name == "weekend_dag"]
    night_templates = [t for t in templates if t.name == "consignatie"]
    positions: list[Position] = []
    for region in REGION_CODES:
        own = templates if region not in SHARED_ON_CALL.regions else day_templates
        positions += build_positions(region, own, start, end)
    positions += build_positions(SHARED_ON_CALL.code, night_templates, start, end)
    doctors = demo_doctors(REGION_CODES, seed, start=start, days=7 * weeks)
    return RosterProblem(
        tuple(positions), tuple(doctors), pools=(SHARED_ON_CALL,), rules=rules or WorkingTimeRules()
    )


def consecutive_night_share(problem: RosterProblem, assignments: Sequence[Assignment]) -> float:
    """Share of filled on-call nights whose doctor also has the night before or after."""
    tz = ZoneInfo(problem.timezone)
    nights = {
        p.id: facts.local_date(p, tz)
        for p in problem.positions
        if p.kind == "on_call" and facts.covers_night(p, tz)
    }
    dates: dict[str, set[date]] = defaultdict(set)
    for a in assignments:
        if a.doctor_id is not None and a.position_id in nights:
            dates[a.doctor_id].add(nights[a.position_id])
    total = sum(len(own) for own in dates.values())
    joined = sum(
        1
        for own in dates.values()
        for day in own
        if day - timedelta(days=1) in own or day + timedelta(days=1) in own
    )
    return joined / total if total else 0.0


def _figures(
    problem: RosterProblem, assignments: Sequence[Assignment], seconds: float
) -> dict[str, float]:
    """Figures of a roster under its own rules, plus its hard violations under the Atw rules
    as `model` reads them now (the previous model's rosters are judged by those too)."""
    doctors = {d.id: d for d in problem.doctors}
    positions = {p.id: p for p in problem.positions}
    filled = sum(
        1
        for a in assignments
        if a.doctor_id is not None and facts.fits(doctors[a.doctor_id], positions[a.position_id])
    )
    violations: list[Violation] = verify(problem, assignments)
    atw = verify(replace(problem, rules=WorkingTimeRules()), assignments)
    fairness = summarise(problem, assignments)
    return {
        "seconds": round(seconds, 2),
        "coverage": filled / len(problem.positions),
        "hard_violations": sum(1 for v in violations if v.severity == "hard"),
        "atw_violations": sum(1 for v in atw if v.severity == "hard"),
        "soft_violations": sum(1 for v in violations if v.severity == "soft"),
        "consecutive_nights": round(consecutive_night_share(problem, assignments), 3),
        **{k: round(v, 2) for k, v in asdict(fairness).items()},
    }


def smallest_pool(problem: RosterProblem, time_limit_s: float, seed: int, most: int) -> int | None:
    """The fewest doctors per region (the first n of each region's list) with which the solver
    still fills every position without a hard violation; None if even `most` do not."""

    def covers(n: int) -> bool:
        kept = tuple(d for d in problem.doctors if int(d.id.rsplit("-d", 1)[1]) <= n)
        trial = replace(problem, doctors=kept)
        result = generate_roster(trial, time_limit_s=time_limit_s, workers=1, seed=seed)
        hard = [v for v in result.violations if v.severity == "hard"]
        return not result.unfilled and not hard

    if not covers(most):
        return None
    low, high = 1, most  # covers(high) holds; covers(low) is assumed not to
    while high - low > 1:
        middle = (low + high) // 2
        if covers(middle):
            high = middle
        else:
            low = middle
    return high


def capacity(seed: int, weeks: int, units: int, time_limit_s: float) -> list[dict[str, object]]:
    """Smallest pool per region (regions sharing a pool together) under the current and the
    previous model, for the first `units` independent parts of the national instance."""
    rows: list[dict[str, object]] = []
    parts = components(bench_problem(seed, weeks))[:units]
    for part in parts:
        regions = sorted({d.region for d in part.doctors})
        row: dict[str, object] = {"regions": regions}
        for label, rules in (("current", WorkingTimeRules()), ("previous", PREVIOUS)):
            row[label] = smallest_pool(replace(part, rules=rules), time_limit_s, seed, PER_REGION)
        rows.append(row)
    return rows


def run_benchmark(
    seed: int = 1,
    weeks: int = 4,
    time_limit: float = 60,
    capacity_units: int = 4,
    capacity_time_limit: float = 3.0,
) -> dict[str, object]:
    """Solve the national instance with CP-SAT under the current and the previous model and
    with greedy; verify and measure all three; then the capacity search."""
    problem = bench_problem(seed, weeks)
    started = time.perf_counter()
    greedy = greedy_roster(problem)
    greedy_seconds = time.perf_counter() - started
    result = generate_roster(problem, time_limit_s=time_limit, seed=seed)
    previous_problem = replace(problem, rules=PREVIOUS)
    previous = generate_roster(previous_problem, time_limit_s=time_limit, seed=seed)
    return {
        "regions": len(REGION_CODES),
        "weeks": weeks,
        "doctors": len(problem.doctors),
        "positions": len(problem.positions),
        "status": result.status,
        "solver": _figures(problem, result.assignments, result.solve_seconds),
        "previous": _figures(previous_problem, previous.assignments, previous.solve_seconds),
        "greedy": _figures(problem, greedy, greedy_seconds),
        "unfilled": list(result.unfilled),
        "capacity": capacity(seed, weeks, capacity_units, capacity_time_limit),
    }
