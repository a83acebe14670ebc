"""The job queue: jobs commit with their cause, debounce, survive lost jobs and quotas."""

from datetime import date

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from fmek import jobs
from fmek.allocation.jobs import request_planning, sweep
from fmek.allocation.models import Examination, PlanRun
from fmek.auth.models import Role
from fmek.jobs.registry import JobContext
from fmek.main import create_app
from fmek.referrals.models import Referral
from fmek.rosters.models import JobStatus, RosterJob
from tests.allocation.builders import GOOI, UTRECHT, acute_body
from tests.jobs.builders import doctor_on_shift_now, pg_only, queue_settings

API = "/api/v1"


def _queued(engine: Engine) -> list[tuple[str, str, dict[str, object]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT task_name, status::text, args FROM procrastinate_jobs ORDER BY id")
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


@pg_only
def test_intake_defers_planning_in_its_transaction_and_debounces(client, login, engine) -> None:
    doctor_on_shift_now(engine)
    vt = login(Role.VERTROUWENSARTS)
    first = client.post(f"{API}/referrals", json=acute_body(), headers=vt.headers)
    second = client.post(f"{API}/referrals", json=acute_body(), headers=vt.headers)
    assert first.status_code == second.status_code == 201
    # the answer does not wait for a solver: no worker runs, planning is pending
    assert first.json()["planning"] == second.json()["planning"] == "pending"
    # one waiting planning job for the region carries both referrals (debounced)
    assert _queued(engine) == [
        ("allocation.plan_region", "todo", {"region": UTRECHT, "trigger": "referral"})
    ]
    with Session(engine) as s:  # the debounced second intake committed all the same
        assert len(s.exec(select(Referral.id)).all()) == 2


@pg_only
def test_a_referral_that_is_not_stored_leaves_no_job(client, login, engine) -> None:
    doctor_on_shift_now(engine)
    vt = login(Role.VERTROUWENSARTS)
    key = {"Idempotency-Key": "same-key-0001"}
    stored = client.post(f"{API}/referrals", json=acute_body(), headers={**vt.headers, **key})
    assert stored.status_code == 201
    # same key, other body: the insert is refused, the transaction with its job rolled back
    refused = client.post(
        f"{API}/referrals", json=acute_body(region=GOOI), headers={**vt.headers, **key}
    )
    assert refused.status_code == 422
    assert [args["region"] for _, _, args in _queued(engine)] == [UTRECHT]
    with Session(engine) as s:
        assert s.exec(select(Referral.ggd_region)).all() == [UTRECHT]


@pg_only
def test_deferring_then_rolling_back_leaves_nothing(engine) -> None:
    with Session(engine) as session:
        assert request_planning(session, GOOI, trigger="test")
        session.rollback()
    assert _queued(engine) == []
    with Session(engine) as session:
        assert request_planning(session, GOOI, trigger="test")
        assert not request_planning(session, GOOI, trigger="test")  # a twin is waiting
        session.commit()
    assert len(_queued(engine)) == 1


def test_local_runner_runs_a_job_only_after_commit(engine) -> None:
    settings = queue_settings(engine, jobs_runner="inline")
    jobs.install(engine, settings)
    doctor_on_shift_now(engine)
    with Session(engine) as session:
        request_planning(session, UTRECHT, trigger="test")
        session.rollback()
    with Session(engine) as session:
        assert session.exec(select(PlanRun)).all() == []
        request_planning(session, UTRECHT, trigger="test")
        session.commit()
    with Session(engine) as session:
        assert [r.trigger for r in session.exec(select(PlanRun)).all()] == ["test"]


def test_sweep_plans_a_routed_referral_whose_planning_was_lost(engine, login) -> None:
    # an intake whose planning job never ran (lost with a crashed process, say)
    lost = create_app(queue_settings(engine, allocation_plan_on_submit=False), engine=engine)
    doctor_on_shift_now(engine)
    vt = login(Role.VERTROUWENSARTS)
    from fastapi.testclient import TestClient

    with TestClient(lost) as c:
        referral = c.post(f"{API}/referrals", json=acute_body(), headers=vt.headers).json()
    with Session(engine) as s:
        assert s.exec(select(Examination)).all() == []

    settings = queue_settings(engine, jobs_runner="inline")
    app = create_app(settings, engine=engine)  # also installs the allocation hooks again
    with TestClient(app) as c:
        before = c.get(f"{API}/referrals/{referral['id']}", headers=vt.headers).json()
        sweep(JobContext(engine, settings))
        after = c.get(f"{API}/referrals/{referral['id']}", headers=vt.headers).json()
    assert before["planning"] == "pending"
    assert after["planning"] == "planned"
    with Session(engine) as s:
        exam = s.exec(select(Examination)).one()
        assert exam.referral_id == referral["id"] and exam.status == "assigned"
        assert s.exec(select(PlanRun.trigger)).all() == ["sweep"]


def test_region_plan_lists_a_routed_referral_before_it_is_planned(engine, login) -> None:
    app = create_app(queue_settings(engine, allocation_plan_on_submit=False), engine=engine)
    doctor_on_shift_now(engine)
    vt = login(Role.VERTROUWENSARTS)
    planner = login(Role.GGD_PLANNER, region=UTRECHT)
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        referral = c.post(f"{API}/referrals", json=acute_body(), headers=vt.headers).json()
        plan = c.get(f"{API}/regions/{UTRECHT}/assignments", headers=planner.headers).json()
    assert [w["referral_id"] for w in plan["waiting"]] == [referral["id"]]


def _busy_job(engine: Engine, region: str) -> None:
    with Session(engine) as s:
        s.add(
            RosterJob(
                region=region,
                regions=[region],
                from_date=date(2030, 3, 4),
                to_date=date(2030, 3, 10),
                time_limit_s=5,
                status=JobStatus.RUNNING.value,
            )
        )
        s.commit()


def test_second_roster_job_for_a_region_is_refused_with_429(client, login, engine) -> None:
    _busy_job(engine, UTRECHT)
    planner = login(Role.GGD_PLANNER, region=UTRECHT)
    body = {"from": "2030-03-11", "to": "2030-03-17", "time_limit_s": 1}
    refused = client.post(
        f"{API}/regions/{UTRECHT}/roster/jobs", json=body, headers=planner.headers
    )
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"
    problem = refused.json()["detail"][0]
    assert problem["type"] == "roster_job_busy"
    assert (
        "wacht tot die klaar is" in problem["msg"] and "already queued or running" in problem["msg"]
    )
    with Session(engine) as s:
        assert len(s.exec(select(RosterJob)).all()) == 1  # nothing was added


def test_roster_time_limit_above_the_ceiling_is_refused(client, login, engine) -> None:
    planner = login(Role.GGD_PLANNER, region=UTRECHT)
    client.app.state.settings.roster_time_limit_max_s = 60  # type: ignore[attr-defined]
    body = {"from": "2030-03-11", "to": "2030-03-17", "time_limit_s": 61}
    refused = client.post(
        f"{API}/regions/{UTRECHT}/roster/jobs", json=body, headers=planner.headers
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "time_limit_s"]
    with Session(engine) as s:
        assert s.exec(select(col(RosterJob.id))).all() == []


def test_referral_page_says_planning_is_under_way_then_shows_the_doctor(engine, login) -> None:
    import re

    from fastapi.testclient import TestClient

    settings = queue_settings(engine, allocation_plan_on_submit=False, jobs_runner="inline")
    app = create_app(settings, engine=engine)
    doctor_on_shift_now(engine)
    vt = login(Role.VERTROUWENSARTS)
    with TestClient(app) as c:
        referral = c.post(f"{API}/referrals", json=acute_body(), headers=vt.headers).json()
        login_page = c.get("/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', login_page)
        assert csrf
        c.post("/login", data={"token": vt.token, "csrf": csrf.group(1)})
        waiting = c.get(f"/verwijzingen/{referral['id']}").text
        sweep(JobContext(engine, settings))
        planned = c.get(f"/verwijzingen/{referral['id']}").text
    assert 'id="planning-bezig"' in waiting and 'id="gepland-arts"' not in waiting
    assert 'id="gepland-arts"' in planned and 'id="planning-bezig"' not in planned
