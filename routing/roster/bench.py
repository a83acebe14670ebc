"""Roster benchmark: all 25 GGD regions x N weeks, CP-SAT against greedy round-robin.

Demo doctors are synthetic (seeded): 12 per region, ~70 % child_forensic, ~30 % sexual_abuse,
~20 % senior, contracts 16-40 h, some leave and preferences. `demo_doctors` is reused by the
demo data loader. BIG numbers are 11 random digits (the BIG register publishes no checksum).
Gooi en Vechtstreek, Flevoland and Regio Utrecht share one on-call line (a coverage pool), as
they do in practice; their day shifts stay regional.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from routing.roster.fairness import summarise
from routing.roster.greedy import greedy_roster
from routing.roster.model import (
    Assignment,
    CoveragePool,
    DoctorSpec,
    Position,
    RosterProblem,
    Violation,
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


def demo_doctors(
    region_codes: Sequence[str],
    seed: int,
    *,
    per_region: int = 12,
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


def bench_problem(seed: int, weeks: int = 4, start: date = date(2025, 4, 21)) -> RosterProblem:
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
    return RosterProblem(tuple(positions), tuple(doctors), pools=(SHARED_ON_CALL,))


def _figures(
    problem: RosterProblem, assignments: Sequence[Assignment], seconds: float
) -> dict[str, float]:
    qualified = {d.id: d.qualifications for d in problem.doctors}
    required = {p.id: p.required_qualifications for p in problem.positions}
    filled = sum(
        1
        for a in assignments
        if a.doctor_id is not None and required[a.position_id] <= qualified[a.doctor_id]
    )
    violations: list[Violation] = verify(problem, assignments)
    fairness = summarise(problem, assignments)
    return {
        "seconds": round(seconds, 2),
        "coverage": filled / len(problem.positions),
        "hard_violations": sum(1 for v in violations if v.severity == "hard"),
        "soft_violations": sum(1 for v in violations if v.severity == "soft"),
        **{k: round(v, 2) for k, v in asdict(fairness).items()},
    }


def run_benchmark(seed: int = 1, weeks: int = 4, time_limit: float = 60) -> dict[str, object]:
    """Solve the national instance with CP-SAT and greedy; verify and measure both."""
    problem = bench_problem(seed, weeks)
    started = time.perf_counter()
    greedy = greedy_roster(problem)
    greedy_seconds = time.perf_counter() - started
    result = generate_roster(problem, time_limit_s=time_limit, seed=seed)
    return {
        "regions": len(REGION_CODES),
        "weeks": weeks,
        "doctors": len(problem.doctors),
        "positions": len(problem.positions),
        "status": result.status,
        "solver": _figures(problem, result.assignments, result.solve_seconds),
        "greedy": _figures(problem, greedy, greedy_seconds),
        "unfilled": list(result.unfilled),
    }
