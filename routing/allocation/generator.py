"""Seeded generator of realistic `fmek-allocation/1` instances for benchmarks and tests.

Shape of the Dutch situation it imitates: 25 GGD regions, each covered 24/7 by forensic
physicians on 8-hour (07-15, 15-23, 23-07) or 12-hour (08-20, 20-08) shifts, one shift per doctor
per day; only some doctors hold the child-forensic and sexual-abuse qualifications. Requests mix
acute (priority 5, deadline 4-6 h after release), urgent (3, 22-26 h) and planned (1, 3-5 days);
examinations take 60-180 minutes; some requests are already released before `now` (a backlog)
and a few are fixed to a doctor and time. Same `(kind, seed)` -> same instance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from routing.allocation.model import INSTANCE_FORMAT, Point, Travel, format_time
from routing.allocation.regions import REGIONS, Region
from routing.allocation.travel import travel_minutes

Kind = Literal["region_day", "national_day", "surge", "national_week"]
KINDS: tuple[Kind, ...] = ("region_day", "national_day", "surge", "national_week")

_TZ = timezone(timedelta(hours=1))  # CET; the generated dates avoid the DST switches
_PRIORITY = {"acute": 5, "urgent": 3, "planned": 1}
_DEADLINE_H = {"acute": (4.0, 6.0), "urgent": (22.0, 26.0), "planned": (72.0, 120.0)}


@dataclass(frozen=True)
class _Size:
    regions: int  # 1 = a single region, else all 25
    days: int
    requests: int
    doctors_per_region: int
    urgency_mix: tuple[float, float, float]  # acute, urgent, planned
    surge_regions: int = 0
    surge_share: float = 0.0
    day_off: float = 0.1  # chance a doctor has no shift on a given day


_SIZES: dict[str, _Size] = {
    "region_day": _Size(1, 1, 12, 4, (0.25, 0.4, 0.35)),
    "national_day": _Size(25, 1, 120, 3, (0.15, 0.4, 0.45)),
    # a mass-abuse case: most children are seen acutely or within a day, in two regions
    "surge": _Size(25, 2, 300, 3, (0.35, 0.45, 0.2), surge_regions=2, surge_share=0.9),
    "national_week": _Size(25, 7, 600, 10, (0.15, 0.4, 0.45), day_off=0.6),
}


def _code(region: Region) -> str:
    parts = region.id.removeprefix("ggd-").split("-")
    return "".join(p[0] for p in parts).upper() if len(parts) > 1 else parts[0][:3].upper()


def _jitter(rng: random.Random, centre: Point, spread_km: float) -> Point:
    return Point(
        round(centre.lat + rng.gauss(0.0, spread_km / 111.0), 5),
        round(centre.lon + rng.gauss(0.0, spread_km / 68.0), 5),
    )


def _shift_pattern(rng: random.Random) -> list[tuple[int, int]]:
    """Daily (start hour, length h) slots covering 24 h."""
    return [(7, 8), (15, 8), (23, 8)] if rng.random() < 0.5 else [(8, 12), (20, 12)]


def _doctors(
    rng: random.Random, regions: list[Region], size: _Size, day0: datetime
) -> list[dict[str, Any]]:
    per_region, days = size.doctors_per_region, size.days
    out: list[dict[str, Any]] = []
    for region in regions:
        pattern = _shift_pattern(rng)
        n = max(per_region, len(pattern))
        for j in range(n):
            quals = ["forensic_physician"]
            if j == 0 or rng.random() < 0.45:
                quals.append("child_forensic")
                if rng.random() < 0.5:
                    quals.append("sexual_abuse")
            shifts = []
            for day in range(days):
                if rng.random() < size.day_off:
                    continue
                hour, length = pattern[(j + day) % len(pattern)]
                start = day0 + timedelta(days=day, hours=hour)
                end = start + timedelta(hours=length)
                if end <= day0 or start >= day0 + timedelta(days=days):
                    continue
                shifts.append({"start": format_time(start), "end": format_time(end)})
            out.append(
                {
                    "id": f"dr-{_code(region)}-{j + 1:02d}",
                    "region": region.id,
                    "base": {"lat": region.centroid.lat, "lon": region.centroid.lon},
                    "qualifications": quals,
                    "shifts": shifts,
                }
            )
    return out


def _requirements(rng: random.Random) -> list[str]:
    x = rng.random()
    if x < 0.2:
        return []
    if x < 0.55:
        return ["child_forensic"]
    return ["child_forensic", "sexual_abuse"]


def generate(kind: Kind, seed: int) -> dict[str, Any]:
    """A fresh instance dict of the given size; deterministic in `(kind, seed)`."""
    if kind not in _SIZES:
        raise ValueError(f"unknown instance kind {kind!r}; expected one of {', '.join(KINDS)}")
    size = _SIZES[kind]
    rng = random.Random(f"{kind}:{seed}")
    day0 = datetime(2025, 1, 13, tzinfo=_TZ) + timedelta(days=rng.randrange(0, 40))
    now = day0 + timedelta(hours=7)
    horizon_h = 24 * size.days
    regions = [rng.choice(REGIONS)] if size.regions == 1 else list(REGIONS)
    doctors = _doctors(rng, regions, size, day0)
    focus = rng.sample(regions, size.surge_regions) if size.surge_regions else []
    epicentre = _jitter(rng, focus[0].centroid, 5.0) if focus else None

    requests: list[dict[str, Any]] = []
    for i in range(size.requests):
        release = now + timedelta(minutes=5 * rng.randrange(-72, 12 * (horizon_h - 4)))
        if focus and rng.random() < size.surge_share:
            region = focus[0] if rng.random() < 0.75 else rng.choice(focus[1:] or focus)
            assert epicentre is not None
            centre = epicentre if region == focus[0] and rng.random() < 0.6 else region.centroid
            spread = 8.0
            # cases surface in waves: most within hours of the disclosure, a second day later
            wave = 0 if rng.random() < 0.7 else 24
            release = now + timedelta(hours=1 + wave + min(20.0, rng.expovariate(1 / 4.0)))
            release = release.replace(
                minute=release.minute - release.minute % 5, second=0, microsecond=0
            )
        else:
            region = rng.choice(regions)
            centre, spread = region.centroid, 12.0
        urgency = rng.choices(list(_PRIORITY), weights=size.urgency_mix)[0]
        lo, hi = _DEADLINE_H[urgency]
        deadline = release + timedelta(minutes=5 * rng.randrange(int(lo * 12), int(hi * 12) + 1))
        where = _jitter(rng, centre, spread)
        requests.append(
            {
                "id": f"req-{i + 1:04d}",
                "region": region.id,
                "location": {"lat": where.lat, "lon": where.lon},
                "release": format_time(release),
                "deadline": format_time(deadline),
                "duration_min": 15 * rng.randint(4, 12),
                "required_qualifications": _requirements(rng),
                "priority": _PRIORITY[urgency],
            }
        )
    _fix_some(rng, requests, doctors, now)
    return {
        "format": INSTANCE_FORMAT,
        "now": format_time(now),
        "travel": {"speed_kmh": 50, "road_factor": 1.35},
        "doctors": doctors,
        "requests": requests,
        "meta": {"generator": "routing.allocation.generator", "kind": kind, "seed": seed},
    }


def _fix_some(
    rng: random.Random,
    requests: list[dict[str, Any]],
    doctors: list[dict[str, Any]],
    now: datetime,
) -> None:
    """Fix ~3 % of requests to a qualified doctor of their region, without conflicts."""
    taken: dict[tuple[str, int], bool] = {}
    by_region: dict[str, list[dict[str, Any]]] = {}
    for d in doctors:
        by_region.setdefault(d["region"], []).append(d)
    travel = Travel(speed_kmh=50, road_factor=1.35)
    for r in requests:
        if rng.random() >= 0.03:
            continue
        quals = set(r["required_qualifications"])
        options = [d for d in by_region.get(r["region"], []) if quals <= set(d["qualifications"])]
        rng.shuffle(options)
        release = datetime.fromisoformat(r["release"])
        for d in options:
            for k, s in enumerate(d["shifts"]):
                start = datetime.fromisoformat(s["start"])
                end = datetime.fromisoformat(s["end"])
                here = Point(r["location"]["lat"], r["location"]["lon"])
                base = Point(d["base"]["lat"], d["base"]["lon"])
                first = start + timedelta(minutes=travel_minutes(base, here, travel))
                at = max(first, release, now)
                at += timedelta(minutes=(-at.minute) % 15 + 15 * rng.randint(0, 4))
                if taken.get((d["id"], k)) or at + timedelta(minutes=r["duration_min"]) > end:
                    continue
                taken[(d["id"], k)] = True
                r["fixed"] = {"doctor": d["id"], "start": format_time(at)}
                break
            if "fixed" in r:
                break
