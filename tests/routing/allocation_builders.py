"""Small typed builders for allocation instances in tests (plain dicts in the contract format)."""

from __future__ import annotations

from typing import Any

from routing.allocation.model import Instance, parse_instance

DAY = "2025-03-10"
UTRECHT = {"lat": 52.09, "lon": 5.12}


def at(hhmm: str, day: str = DAY) -> str:
    """A CET timestamp on the test day."""
    return f"{day}T{hhmm}:00+01:00"


def doctor(
    did: str,
    shifts: list[tuple[str, str]],
    quals: list[str] | None = None,
    base: dict[str, float] | None = None,
) -> dict[str, Any]:
    return {
        "id": did,
        "region": "ggd-regio-utrecht",
        "base": base or UTRECHT,
        "qualifications": ["child_forensic"] if quals is None else quals,
        "shifts": [{"start": at(a), "end": at(b)} for a, b in shifts],
    }


def request(
    rid: str,
    *,
    release: str = "06:00",
    deadline: str = "23:00",
    duration: int = 60,
    priority: int = 1,
    quals: list[str] | None = None,
    location: dict[str, float] | None = None,
    fixed: tuple[str, str] | None = None,
) -> dict[str, Any]:
    r: dict[str, Any] = {
        "id": rid,
        "region": "ggd-regio-utrecht",
        "location": location or UTRECHT,
        "release": at(release),
        "deadline": at(deadline),
        "duration_min": duration,
        "required_qualifications": ["child_forensic"] if quals is None else quals,
        "priority": priority,
    }
    if fixed is not None:
        r["fixed"] = {"doctor": fixed[0], "start": at(fixed[1])}
    return r


def raw_instance(
    doctors: list[dict[str, Any]], requests: list[dict[str, Any]], now: str = "07:00"
) -> dict[str, Any]:
    return {
        "format": "fmek-allocation/1",
        "now": at(now),
        "travel": {"speed_kmh": 50, "road_factor": 1.35},
        "doctors": doctors,
        "requests": requests,
    }


def instance(
    doctors: list[dict[str, Any]], requests: list[dict[str, Any]], now: str = "07:00"
) -> Instance:
    return parse_instance(raw_instance(doctors, requests, now))
