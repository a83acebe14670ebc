"""Synthetic forensic doctors (seeded) for the demo data and the roster benchmark.

12 per region, ~70 % child_forensic, ~30 % sexual_abuse, ~20 % senior, contracts 16-40 h, some
leave and preferences; about 1 in 7 hired in. BIG numbers are 11 random digits (the BIG
register publishes no checksum). Gooi en Vechtstreek, Flevoland and Regio Utrecht share one
on-call line (a coverage pool), as they do in practice; their day shifts stay regional.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from routing.roster.model import CoveragePool, DoctorSpec

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
