"""Concurrent referrals never double-book a doctor; a failed plan leaves the previous plan."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from sqlmodel import Session, col, select

from fmek.allocation import engine as solver
from fmek.allocation import planning
from fmek.allocation.models import LIVE_VALUES, Assignment, Examination, PlanRun
from fmek.allocation.planning import DoubleBooking, assert_no_double_booking
from fmek.auth.models import Role
from fmek.clock import as_utc
from fmek.referrals.models import Referral
from tests.allocation.builders import GOOI, NOW, UTRECHT, acute_body, add_doctor, on_shift

API = "/api/v1"


def _overlaps(session: Session) -> list[tuple[int, int]]:
    rows = session.exec(
        select(Assignment)
        .where(col(Assignment.status).in_(LIVE_VALUES))
        .order_by(col(Assignment.doctor_id), col(Assignment.start_at))
    ).all()
    clashes = []
    for a, b in pairwise(rows):
        if a.doctor_id == b.doctor_id and as_utc(b.start_at) < as_utc(a.end_at):
            clashes.append((a.id or 0, b.id or 0))
    return clashes


@pytest.mark.parametrize(
    "regions",
    [(UTRECHT,), (UTRECHT, GOOI)],
    ids=["one region", "two neighbouring regions sharing Utrecht's doctors"],
)
def test_concurrent_submissions_never_double_book(
    client, login, engine, session, regions: tuple[str, ...]
) -> None:
    for _ in range(2):
        on_shift(engine, add_doctor(engine), from_h=-1, to_h=5)
    vt = login(Role.VERTROUWENSARTS)

    def submit(i: int) -> dict:  # type: ignore[type-arg]
        body = acute_body(
            region=regions[i % len(regions)], location={"lat": 52.05 + i / 100, "lon": 5.10}
        )
        response = client.post(f"{API}/referrals", json=body, headers=vt.headers)
        assert response.status_code == 201, response.text
        return response.json()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(submit, range(10)))

    session.rollback()
    assert _overlaps(session) == []
    exams = {e.referral_id: e for e in session.exec(select(Examination)).all()}
    live = {
        a.examination_id
        for a in session.exec(
            select(Assignment).where(col(Assignment.status).in_(LIVE_VALUES))
        ).all()
    }
    assigned = escalated = 0
    for r in results:
        referral = session.get(Referral, r["id"])
        exam = exams[r["id"]]
        if exam.status == "assigned":
            assert exam.id in live and referral.destination == "ggd"  # type: ignore[union-attr]
            assigned += 1
        else:
            assert exam.status == "escalated", exam.status
            assert referral.destination == "leck" and referral.decision_version == 2  # type: ignore[union-attr]
            assert exam.id not in live
            escalated += 1
    assert assigned >= 4 and escalated >= 1
    # intake never waits for the solver: every answer says "pending"; reading it back tells
    assert {r["planning"] for r in results} == {"pending"}
    states = [
        client.get(f"{API}/referrals/{r['id']}", headers=vt.headers).json()["planning"]
        for r in results
    ]
    assert states.count("planned") == assigned and states.count("escalated") == escalated


def test_failed_planning_keeps_the_previous_plan(
    client, login, engine, session, monkeypatch
) -> None:
    on_shift(engine, add_doctor(engine))
    vt = login(Role.VERTROUWENSARTS)
    first = client.post(f"{API}/referrals", json=acute_body(), headers=vt.headers).json()
    session.rollback()
    before = session.exec(select(Assignment)).one()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(solver, "solve", broken)
    second = client.post(f"{API}/referrals", json=acute_body(), headers=vt.headers)
    assert second.status_code == 201  # the referral is stored whatever planning does
    assert second.json()["routing"]["destination"] == "ggd"
    monkeypatch.undo()

    # now the write itself fails, after the new rows were flushed
    def explode(*_args: object, **_kwargs: object) -> None:
        raise DoubleBooking("simulated crash while writing")

    monkeypatch.setattr(planning, "assert_no_double_booking", explode)
    planner = login(Role.GGD_PLANNER)
    crashed = client.post(f"{API}/regions/GG2514/replan", headers=planner.headers)
    assert crashed.status_code == 500
    assert crashed.json()["detail"][0]["type"] == "internal_error"
    assert "nothing was changed" in crashed.json()["detail"][0]["msg"]

    session.rollback()
    after = session.exec(select(Assignment)).all()
    assert [(a.id, a.status, a.doctor_id, a.start_at) for a in after] == [
        (before.id, "proposed", before.doctor_id, before.start_at)
    ]
    exams = session.exec(select(Examination).order_by(col(Examination.id))).all()
    assert [e.status for e in exams] == ["assigned", "pending"]
    runs = session.exec(select(PlanRun).order_by(col(PlanRun.id))).all()
    # the planning job was retried (each attempt a failed run), then the on-demand replan failed
    assert runs[0].status == "done" and len(runs) >= 3
    assert {r.status for r in runs[1:]} == {"failed"}
    assert session.get(Referral, first["id"]).decision_version == 1  # type: ignore[union-attr]

    monkeypatch.undo()
    assert client.post(f"{API}/regions/GG2514/replan", headers=planner.headers).status_code == 200
    session.rollback()
    assert [e.status for e in session.exec(select(Examination)).all()] == ["assigned", "assigned"]


@pytest.mark.usefixtures("session")
def test_the_last_guard_refuses_overlapping_assignments(engine) -> None:
    doctor = add_doctor(engine)
    with Session(engine) as s:
        for i, referral_start in enumerate((NOW, NOW + timedelta(minutes=30))):
            s.add(_exam_and_assignment(s, doctor, referral_start, i))
        s.commit()
        with pytest.raises(DoubleBooking):
            assert_no_double_booking(s, [doctor])


def _exam_and_assignment(s: Session, doctor: int, start: datetime, i: int) -> Assignment:
    from fmek.referrals.models import Referral as R

    referral = R(
        organisation_code="VT-UTRECHT",
        submitted_by=_user(s),
        request_hash="x",
        child_name="K",
        child_birth_date=NOW.date(),
        child_sex="male",
        age_months=12,
        ggd_region="GG2514",
        concerns=["neglect"],
        injuries=[],
        questions=[],
        vraagstelling="v",
        destination="ggd",
        urgency="acute",
        deadline_at=NOW + timedelta(hours=6),
        idempotency_key=f"k{i}",
    )
    s.add(referral)
    s.flush()
    exam = Examination(
        referral_id=referral.id,
        region="GG2514",
        location_lat=52.1,
        location_lon=5.1,
        duration_min=90,
        required_qualifications=["child_forensic"],
        priority=10,
        release_at=NOW,
        deadline_at=NOW + timedelta(hours=6),
    )
    s.add(exam)
    s.flush()
    assert exam.id is not None
    return Assignment(
        examination_id=exam.id,
        doctor_id=doctor,
        start_at=start,
        end_at=start + timedelta(minutes=90),
        plan_version=1,
    )


def _user(s: Session) -> int:
    from fmek.auth.service import add_user

    user, _ = add_user(s, name="vt", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    assert user.id is not None
    return user.id
