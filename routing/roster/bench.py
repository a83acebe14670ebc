"""Roster benchmark: all 25 GGD regions x N weeks, CP-SAT against greedy round-robin and
against the previous working-time model (consignatie read as worked time) in the same run,
plus the capacity each model gives: the smallest doctor pool per region it still covers.

Demo doctors are synthetic (seeded): 12 per region, ~70 % child_forensic, ~30 % sexual_abuse,
~20 % senior, contracts 16-40 h, some leave and preferences. `demo_doctors` is reused by the
demo data loader. BIG numbers are 11 random digits (the BIG register publishes no checksum).
Gooi en Vechtstreek, Flevoland and Regio Utrecht share one on-call line (a coverage pool), as
they do in practice; their day shifts stay regional.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from routing.roster import facts
from routing.roster.decompose import components
from routing.roster.fairness import summarise
from routing.roster.greedy import greedy_roster
from routing.roster.model import (
    Assignment,
    CoveragePool,
    DoctorSpec,
    Position,
    RosterProblem,
    Violation,
    WorkingTimeRules,
    default_templates,
)
from routing.roster.positions import build_positions
from routing.roster.solver import generate_roster
from routing.roster.verify import verify

REGION_CODES = (
    "GG0111", "GG7206", "GG0706", "GG1009", "GG1106", "GG1413", "GG1911", "GG2014", "GG2209",
    "GG2514", "GG2707", "GG7306", "GG3109", "GG3406", "GG3606", "GG7014", "GG4506", "GG4607",
    "GG4816", "GG5006", "GG5206", "GG5406", "GG5608", "GG6011", "GG6106",
)  # fmt: skip
SHARED_ON_CALL = CoveragePool("POOL-MNL", frozenset({"GG3606", "GG2209", "GG2514"}))

_FIRST = (
    "Anouk", "Bram", "Charlotte", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Inge", "Jeroen",
    "Karin", "Lotte", "Maarten", "Noor", "Olaf", "Pien", "Ruben", "Sanne", "Thijs", "Vera",
    "Wouter", "Yara", "Marieke", "Sven", "Floor", "Joost", "Linde", "Koen", "Esther", "Niels",
)  # fmt: skip
_LAST = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs",
    "van Dijk", "Vermeulen", "Schouten", "Willems", "Hoekstra", "Koster",
)  # fmt: skip
_CONTRACTS = (16.0, 20.0, 24.0, 28.0, 32.0, 36.0, 36.0, 36.0, 40.0)
PER_REGION = 12
PREVIOUS = WorkingTimeRules.previous_model()


def demo_doctors(
    region_codes: Sequence[str],
    seed: int,
    *,
    per_region: int = PER_REGION,
    start: date | None = None,
    days: int = 28,
    tz: str = "Europe/Amsterdam",
) -> list[DoctorSpec]:
    """Plausible synthetic forensic doctors; leave falls inside [start, start + days)."""
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    doctors = []
    for region in region_codes:
        child_forensic = set(rng.sample(range(per_region), max(6, round(per_region * 0.7))))
        for i in range(per_region):
            quals = {"child_forensic"} if i in child_forensic else set()
            if rng.random() < 0.3:
                quals.add("sexual_abuse")
            if rng.random() < 0.2:
                quals.add("senior")
            leave: tuple[tuple[datetime, datetime], ...] = ()
            if start is not None and rng.random() < 0.25:
                first = start + timedelta(days=rng.randrange(max(1, days - 5)))
                length = rng.randint(4, 8)
                leave = (
                    (
                        datetime.combine(first, datetime.min.time(), zone),
                        datetime.combine(first + timedelta(days=length), datetime.min.time(), zone),
                    ),
                )
            preferred = (
                frozenset(rng.sample(range(7), 4)) if rng.random() < 0.1 else frozenset[int]()
            )
            doctors.append(
                DoctorSpec(
                    id=f"{region}-d{i + 1:02d}",
                    name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    region=region,
                    qualifications=frozenset(quals),
                    contract_hours=rng.choice(_CONTRACTS),
                    unavailable=leave,
                    no_nights=rng.random() < 0.1,
                    preferred_weekdays=preferred,
                    big_number="".join(str(rng.randrange(10)) for _ in range(11)),
                )
            )
    return [_employment_and_validity(d, seed, start) for d in doctors]


_AGENCIES = ("Forensisch Medisch Inhuur BV", "Locum Artsen Nederland", "ZZP (eigen praktijk)")


def _employment_and_validity(doctor: DoctorSpec, seed: int, start: date | None) -> DoctorSpec:
    """About 1 in 7 doctors hired in; BIG re-registration and course validity dates, some of
    which lapse within the first weeks (a separate random stream per doctor, so the rest of
    the synthetic data stays as it was)."""
    rng = random.Random(f"{seed}:{doctor.id}")
    hired = rng.random() < 0.15
    if start is None:
        return replace(doctor, employment="hired" if hired else "employed")
    big_until = start + timedelta(days=rng.randint(20, 5 * 365))
    until = tuple(
        (q, start + timedelta(days=rng.choice((10, 17, 60, 400, 900))))
        for q in sorted(doctor.qualifications)
        if q == "child_forensic" and rng.random() < 0.12
    )
    return replace(
        doctor,
        employment="hired" if hired else "employed",
        agency=rng.choice(_AGENCIES) if hired else None,
        big_valid_until=big_until,
        qualification_until=until,
    )


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
