"""On PostgreSQL a roster change waits for the region's write lock (as planning writes do), so
two changes of overlapping rosters never validate against the same old state."""

import threading

import pytest
from sqlalchemy import text
from sqlmodel import Session

from fmek.allocation.locks import NS_WRITE, region_key
from fmek.auth.models import Role

POSITION = "GG2514:2030-03-04T08:00:00+01:00:day:primary"


def test_a_pin_waits_for_the_regions_write_lock(client, login, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every writing transaction already (BEGIN IMMEDIATE)")
    planner = login(Role.GGD_PLANNER, region="GG2514")
    body = {
        "name": "Dr. A",
        "big_number": "12345678901",
        "contract_hours": 32,
        "qualifications": ["child_forensic"],
    }
    doctor = client.post("/api/v1/regions/GG2514/doctors", json=body, headers=planner.headers)
    answers: list[int] = []

    def pin() -> None:
        response = client.put(
            "/api/v1/regions/GG2514/roster/assignments",
            json={"position_id": POSITION, "doctor": doctor.json()["id"]},
            headers=planner.headers,
        )
        answers.append(response.status_code)

    with Session(engine) as holder:
        holder.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :key)"),
            {"ns": NS_WRITE, "key": region_key("GG2514")},
        )
        worker = threading.Thread(target=pin)
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and answers == []  # blocked behind the held lock
        holder.rollback()  # releases the transaction-level lock
    worker.join(timeout=30)
    assert answers == [200], answers
