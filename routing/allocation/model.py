"""The `fmek-allocation/1` instance and `fmek-allocation-result/1` result as frozen dataclasses.

Times are kept as timezone-aware `datetime`s in the public dataclasses (what a reader of the
contract expects) and converted once to integer microseconds since the epoch for computation
(`to_us`): exact, so planner, verifier and explanations agree to the microsecond.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

INSTANCE_FORMAT = "fmek-allocation/1"
RESULT_FORMAT = "fmek-allocation-result/1"

US_PER_MIN = 60_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment: datetime) -> int:
    """Aware datetime -> integer microseconds since the Unix epoch (exact)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_us(us: int, tz: timezone) -> datetime:
    """Microseconds since the epoch -> aware datetime in `tz`."""
    return (_EPOCH + timedelta(microseconds=us)).astimezone(tz)


def format_time(moment: datetime) -> str:
    """ISO 8601 with offset; seconds precision unless the value has microseconds."""
    spec = "seconds" if moment.microsecond == 0 else "microseconds"
    return moment.isoformat(timespec=spec)


def parse_time(value: object, where: str) -> datetime:
    """ISO 8601 string with offset -> aware datetime; an offset-less time is an error."""
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected an ISO 8601 timestamp string, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{where}: timestamp {value!r} has no UTC offset")
    return moment


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Travel:
    speed_kmh: float
    road_factor: float


@dataclass(frozen=True)
class Shift:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Doctor:
    id: str
    region: str | None
    base: Point
    qualifications: frozenset[str]
    shifts: tuple[Shift, ...]


@dataclass(frozen=True)
class Fixed:
    doctor: str
    start: datetime


@dataclass(frozen=True)
class Request:
    id: str
    region: str | None
    location: Point
    release: datetime
    deadline: datetime
    duration_min: int
    required_qualifications: frozenset[str]
    priority: int
    fixed: Fixed | None = None
    excluded_doctors: frozenset[str] = frozenset()
    """Doctors who may not take this request (e.g. one who declined it)."""


@dataclass(frozen=True)
class Instance:
    now: datetime
    travel: Travel
    doctors: tuple[Doctor, ...]
    requests: tuple[Request, ...]

    @property
    def tz(self) -> timezone:
        """The offset results are written in: the one `now` was given in."""
        offset = self.now.utcoffset()
        return timezone(offset) if offset is not None else UTC


@dataclass(frozen=True)
class Assignment:
    request: str
    doctor: str
    start: datetime
    explanation: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unassigned:
    request: str
    reason: str
    explanation: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    stats: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- parsing


def _obj(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _key(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise ValueError(f"{where}: missing key {key!r}")
    return obj[key]


def _number(value: object, where: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{where}: expected a number, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{where}: must be > 0, got {value!r}")
    return float(value)


def _positive_int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{where}: expected an integer >= 1, got {value!r}")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _point(value: object, where: str) -> Point:
    obj = _obj(value, where)
    lat = _number(_key(obj, "lat", where), f"{where}.lat")
    lon = _number(_key(obj, "lon", where), f"{where}.lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{where}: coordinates ({lat}, {lon}) out of range")
    return Point(lat, lon)


def _qualifications(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
        raise ValueError(f"{where}: expected a list of strings")
    return frozenset(value)


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = _key(obj, key, where)
    if not isinstance(value, list):
        raise ValueError(f"{where}.{key}: expected a list")
    return value


def _region(obj: Mapping[str, Any], where: str) -> str | None:
    region = obj.get("region")
    if region is not None and not isinstance(region, str):
        raise ValueError(f"{where}.region: expected a string")
    return region


def _doctor(raw: object, where: str) -> Doctor:
    obj = _obj(raw, where)
    shifts = []
    for j, s in enumerate(_list(obj, "shifts", where)):
        sw = f"{where}.shifts[{j}]"
        so = _obj(s, sw)
        start = parse_time(_key(so, "start", sw), f"{sw}.start")
        end = parse_time(_key(so, "end", sw), f"{sw}.end")
        if end <= start:
            raise ValueError(f"{sw}: ends before it starts")
        shifts.append(Shift(start, end))
    shifts.sort(key=lambda s: to_us(s.start))
    for a, b in pairwise(shifts):
        if b.start < a.end:
            raise ValueError(f"{where}: overlapping shifts ({a.start} and {b.start})")
    return Doctor(
        id=_string(_key(obj, "id", where), f"{where}.id"),
        region=_region(obj, where),
        base=_point(_key(obj, "base", where), f"{where}.base"),
        qualifications=_qualifications(obj.get("qualifications", []), f"{where}.qualifications"),
        shifts=tuple(shifts),
    )


def _request(raw: object, where: str, doctor_ids: set[str]) -> Request:
    obj = _obj(raw, where)
    fixed = None
    if obj.get("fixed") is not None:
        fw = f"{where}.fixed"
        fo = _obj(obj["fixed"], fw)
        doctor = _string(_key(fo, "doctor", fw), f"{fw}.doctor")
        if doctor not in doctor_ids:
            raise ValueError(f"{fw}.doctor: unknown doctor {doctor!r}")
        fixed = Fixed(doctor, parse_time(_key(fo, "start", fw), f"{fw}.start"))
    return Request(
        id=_string(_key(obj, "id", where), f"{where}.id"),
        region=_region(obj, where),
        location=_point(_key(obj, "location", where), f"{where}.location"),
        release=parse_time(_key(obj, "release", where), f"{where}.release"),
        deadline=parse_time(_key(obj, "deadline", where), f"{where}.deadline"),
        duration_min=_positive_int(_key(obj, "duration_min", where), f"{where}.duration_min"),
        required_qualifications=_qualifications(
            obj.get("required_qualifications", []), f"{where}.required_qualifications"
        ),
        priority=_positive_int(_key(obj, "priority", where), f"{where}.priority"),
        fixed=fixed,
        excluded_doctors=_excluded(obj, where, doctor_ids),
    )


def _excluded(obj: Mapping[str, Any], where: str, doctor_ids: set[str]) -> frozenset[str]:
    raw = obj.get("excluded_doctors", [])
    if not isinstance(raw, list):
        raise ValueError(f"{where}.excluded_doctors: expected a list")
    ids = frozenset(_string(v, f"{where}.excluded_doctors") for v in raw)
    if unknown := sorted(ids - doctor_ids):
        raise ValueError(f"{where}.excluded_doctors: unknown doctor {unknown[0]!r}")
    return ids


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)


def parse_instance(raw: object) -> Instance:
    """Parsed JSON -> Instance; raises ValueError naming the offending field."""
    obj = _obj(raw, "instance")
    fmt = _key(obj, "format", "instance")
    if fmt != INSTANCE_FORMAT:
        raise ValueError(f"instance.format: expected {INSTANCE_FORMAT!r}, got {fmt!r}")
    now = parse_time(_key(obj, "now", "instance"), "instance.now")
    tr = _obj(_key(obj, "travel", "instance"), "instance.travel")
    travel = Travel(
        speed_kmh=_number(_key(tr, "speed_kmh", "travel"), "travel.speed_kmh", positive=True),
        road_factor=_number(_key(tr, "road_factor", "travel"), "travel.road_factor", positive=True),
    )
    doctors = [_doctor(d, f"doctors[{i}]") for i, d in enumerate(_list(obj, "doctors", "instance"))]
    _unique([d.id for d in doctors], "doctor")
    doctor_ids = {d.id for d in doctors}
    requests = [
        _request(r, f"requests[{i}]", doctor_ids)
        for i, r in enumerate(_list(obj, "requests", "instance"))
    ]
    _unique([r.id for r in requests], "request")
    return Instance(now=now, travel=travel, doctors=tuple(doctors), requests=tuple(requests))


# --------------------------------------------------------------------------- output


def result_to_dict(result: Result, tz: timezone | None = None) -> dict[str, Any]:
    """Result -> `fmek-allocation-result/1` JSON dict (explanations inline, stats extra)."""

    def when(moment: datetime) -> str:
        return format_time(moment.astimezone(tz) if tz is not None else moment)

    assignments = [
        {"request": a.request, "doctor": a.doctor, "start": when(a.start), **a.explanation}
        for a in result.assignments
    ]
    unassigned = [
        {"request": u.request, "reason": u.reason, **u.explanation} for u in result.unassigned
    ]
    late = [a["request"] for a in assignments if a.get("on_time") is False]
    return {
        "format": RESULT_FORMAT,
        "assignments": assignments,
        "unassigned": unassigned,
        "late": late,
        "stats": dict(result.stats),
    }


def result_from_dict(raw: Mapping[str, Any]) -> Result:
    """Result JSON dict -> Result (for re-verifying files); raises ValueError if malformed."""
    if raw.get("format") != RESULT_FORMAT:
        raise ValueError(f"result.format: expected {RESULT_FORMAT!r}")
    assignments = []
    for i, a in enumerate(_list(raw, "assignments", "result")):
        obj = _obj(a, f"assignments[{i}]")
        assignments.append(
            Assignment(
                request=_string(_key(obj, "request", "assignment"), f"assignments[{i}].request"),
                doctor=_string(_key(obj, "doctor", "assignment"), f"assignments[{i}].doctor"),
                start=parse_time(_key(obj, "start", "assignment"), f"assignments[{i}].start"),
            )
        )
    unassigned = []
    for i, u in enumerate(_list(raw, "unassigned", "result")):
        obj = _obj(u, f"unassigned[{i}]")
        unassigned.append(
            Unassigned(
                request=_string(_key(obj, "request", "unassigned"), f"unassigned[{i}].request"),
                reason=str(obj.get("reason", "")),
            )
        )
    return Result(tuple(assignments), tuple(unassigned))
