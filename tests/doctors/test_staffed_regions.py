"""Intake knows which regions keep doctors in FMEK without a read per referral, and is never
wrong for long: a doctor registered or deactivated here counts from the next referral on; a
change made by another process counts within the interval, and the sweep plans what it missed."""

from collections.abc import Iterator
from time import monotonic
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert
from sqlmodel import Session

from fmek.allocation.jobs import sweep
from fmek.auth.models import Role
from fmek.doctors import staffed
from fmek.doctors.models import Doctor
from fmek.jobs.registry import JobContext
from fmek.main import create_app
from tests.allocation.builders import ZEELAND, acute_body
from tests.jobs.builders import doctor_on_shift_now, queue_settings

API = "/api/v1"


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    app = create_app(queue_settings(engine, jobs_runner="inline"), engine=engine)
    with TestClient(app) as c:
        yield c


def _refer(client: TestClient, headers: dict[str, str], region: str) -> dict[str, Any]:
    answer = client.post(f"{API}/referrals", json=acute_body(region), headers=headers)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_first_referral_after_a_region_registers_a_doctor_is_planned(
    client: TestClient, engine: Engine, login: Any
) -> None:
    vt = login(Role.VERTROUWENSARTS)
    assert _refer(client, vt.headers, ZEELAND)["planning"] is None  # no doctors kept here
    doctor_on_shift_now(engine, region=ZEELAND)
    assert _refer(client, vt.headers, ZEELAND)["planning"] == "pending"  # asked for planning


def test_after_the_last_doctor_is_deactivated_referrals_are_not_planned(
    client: TestClient, engine: Engine, login: Any
) -> None:
    vt = login(Role.VERTROUWENSARTS)
    doctor_id = doctor_on_shift_now(engine, region=ZEELAND)
    assert _refer(client, vt.headers, ZEELAND)["planning"] == "pending"  # asked for planning
    with Session(engine) as session:
        doctor = session.get(Doctor, doctor_id)
        assert doctor is not None
        doctor.active = False
        session.add(doctor)
        session.commit()
    assert _refer(client, vt.headers, ZEELAND)["planning"] is None


def test_a_doctor_added_by_another_process_counts_within_the_interval_and_the_sweep_plans_what_it_missed(
    client: TestClient, engine: Engine, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    vt = login(Role.VERTROUWENSARTS)
    assert _refer(client, vt.headers, ZEELAND)["planning"] is None
    # another web process registers the region's first doctor: this process is not told
    with engine.begin() as conn:
        conn.execute(
            insert(Doctor).values(
                name="Dr. Elders",
                big_number="19876543201",
                region=ZEELAND,
                qualifications=["child_forensic"],
                contract_hours=36,
                preferred_weekdays=[],
                qualification_records=[],
                active=True,
            )
        )
    missed = _refer(client, vt.headers, ZEELAND)
    assert missed["planning"] is None  # within the interval: the set read before still holds

    settings = queue_settings(engine, jobs_runner="inline")
    sweep(JobContext(engine, settings))  # reads the doctors now, plans the referral it missed
    after = client.get(f"{API}/referrals/{missed['id']}", headers=vt.headers).json()
    assert after["planning"] in ("planned", "escalated")

    later = monotonic() + staffed.TTL_S + 1
    monkeypatch.setattr(staffed, "monotonic", lambda: later)  # the interval has passed
    assert _refer(client, vt.headers, ZEELAND)["planning"] == "pending"  # asked for planning
