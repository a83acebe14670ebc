"""Small typed builders for doctors and roster data, shared by the roster, web and browser tests."""

import itertools
import time as clock
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlmodel import Session

from fmek.doctors.models import Doctor, Unavailability
from fmek.rosters.models import RosterJob

AMS = ZoneInfo("Europe/Amsterdam")
_big = itertools.count(10_000_000_001)


def add_doctor(
    session: Session,
    name: str,
    *,
    region: str = "GG2514",
    qualifications: tuple[str, ...] = ("child_forensic",),
    contract_hours: float = 36.0,
    user_id: int | None = None,
) -> Doctor:
    doctor = Doctor(
        name=name,
        big_number=str(next(_big)),
        region=region,
        qualifications=list(qualifications),
        contract_hours=contract_hours,
        user_id=user_id,
    )
    session.add(doctor)
    session.commit()
    session.refresh(doctor)
    return doctor


def add_leave(session: Session, doctor: Doctor, first: date, days: int) -> None:
    assert doctor.id is not None
    session.add(
        Unavailability(
            doctor_id=doctor.id,
            start_at=datetime.combine(first, time(0), AMS),
            end_at=datetime.combine(first + timedelta(days=days), time(0), AMS),
        )
    )
    session.commit()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def position_id(pool: str, day: date, start: time, kind: str, role: str) -> str:
    return f"{pool}:{datetime.combine(day, start, AMS).isoformat()}:{kind}:{role}"


def add_running_job(session: Session, created_by: int | None, progress: float = 0.2) -> RosterJob:
    """A generation of GG2514's week 2030-W10 that a worker is running (nothing really runs)."""
    job = RosterJob(
        region="GG2514",
        regions=["GG2514"],
        from_date=date(2030, 3, 4),
        to_date=date(2030, 3, 10),
        time_limit_s=2,
        status="running",
        progress=progress,
        created_by=created_by,
    )
    session.add(job)
    session.commit()
    return job


WEEK = date(2030, 3, 4)  # a Monday without holidays


def run_job(
    client: TestClient, headers: dict[str, str], body: dict[str, object]
) -> dict[str, object]:
    started = client.post("/api/v1/regions/GG2514/roster/jobs", json=body, headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    deadline = clock.monotonic() + 120
    while job["status"] in ("queued", "running") and clock.monotonic() < deadline:
        clock.sleep(0.1)
        job = client.get(f"/api/v1/roster-jobs/{job['id']}", headers=headers).json()
    assert job["status"] == "done", job
    return job


def week_body(time_limit: float = 3.0) -> dict[str, object]:
    return {"from": str(WEEK), "to": str(WEEK + timedelta(days=6)), "time_limit_s": time_limit}


def day_primary(day: date = WEEK) -> str:
    return position_id("GG2514", day, time(8), "day", "primary")


def night_primary(day: date = WEEK) -> str:
    return position_id("GG2514", day, time(17), "on_call", "primary")
