"""A small region (GG2514) with doctors and helpers to run a generation job to the end."""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock_time

import pytest
from fastapi.testclient import TestClient

from fmek.auth.models import Role
from fmek.doctors.models import Doctor
from tests.rosters.builders import add_doctor, position_id

WEEK = date(2030, 3, 4)  # a Monday without holidays


@dataclass
class Region:
    planner: object
    doctors: list[Doctor]
    no_child_forensic: Doctor


@pytest.fixture
def app(app):  # type: ignore[no-untyped-def]
    app.state.settings.roster_solver_workers = 1
    return app


@pytest.fixture
def region(session, login) -> Region:  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    doctors = [add_doctor(session, f"Arts {letter}") for letter in "ABCDEFGH"]
    generalist = add_doctor(session, "Arts Zonder FMEK", qualifications=())
    return Region(planner=planner, doctors=doctors, no_child_forensic=generalist)


def run_job(
    client: TestClient, headers: dict[str, str], body: dict[str, object]
) -> dict[str, object]:
    started = client.post("/api/v1/regions/GG2514/roster/jobs", json=body, headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    deadline = time.monotonic() + 120
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/v1/roster-jobs/{job['id']}", headers=headers).json()
    assert job["status"] == "done", job
    return job


def week_body(time_limit: float = 3.0) -> dict[str, object]:
    return {"from": str(WEEK), "to": str(WEEK + timedelta(days=6)), "time_limit_s": time_limit}


def day_primary(day: date = WEEK) -> str:
    return position_id("GG2514", day, clock_time(8), "day", "primary")


def night_primary(day: date = WEEK) -> str:
    return position_id("GG2514", day, clock_time(17), "on_call", "primary")
