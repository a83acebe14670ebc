"""The rolling roster: regions stay planned weeks ahead; only new weeks are solved, planned and
published weeks stay as they were, and new gaps show in /coverage."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from fmek.auth.models import Role
from fmek.clock import set_clock
from fmek.jobs.registry import JobContext, load_tasks
from fmek.rosters.jobs import EXTEND
from fmek.rosters.models import RosterEntry, RosterWeek
from fmek.rosters.rolling import extend_rolling
from fmek.settings import Settings
from tests.rosters.builders import WEEK, add_doctor


def extend(engine, today, weeks=2, regions=("GG2514",)):
    return extend_rolling(
        engine, regions=list(regions), weeks_ahead=weeks, today=today, time_limit_s=2, workers=1
    )


def stored(engine, days):
    """Position -> doctor of GG2514's entries on the `days` days from WEEK."""
    last = str(WEEK + timedelta(days=days))
    with Session(engine) as session:
        rows = session.exec(select(RosterEntry).where(RosterEntry.pool == "GG2514")).all()
    return {e.position_id: e.doctor_id for e in rows if e.position_id.split(":")[1][:10] < last}


def week_rows(engine):
    with Session(engine) as session:
        return {(r.region, r.monday): r.status for r in session.exec(select(RosterWeek)).all()}


@pytest.mark.usefixtures("region")
def test_a_region_is_planned_weeks_ahead_once(engine):
    done = extend(engine, WEEK + timedelta(days=2))

    assert [(run.regions, run.weeks) for run in done] == [
        (["GG2514"], [WEEK, WEEK + timedelta(days=7)])
    ]
    assert done[0].hard_violations == 0
    assert done[0].filled == done[0].positions
    assert week_rows(engine) == {
        ("GG2514", WEEK): "draft",
        ("GG2514", WEEK + timedelta(days=7)): "draft",
    }
    assert extend(engine, WEEK + timedelta(days=2)) == []


def test_when_the_clock_moves_on_only_the_new_week_is_solved(engine, region, client):
    extend(engine, WEEK)
    published = client.post(
        f"/api/v1/regions/GG2514/roster/weeks/{WEEK}/publish", headers=region.planner.headers
    )
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    before = stored(engine, 14)
    assert len(before) == 56 and all(before.values())

    done = extend(engine, WEEK + timedelta(days=7))

    assert [run.weeks for run in done] == [[WEEK + timedelta(days=14)]]
    assert stored(engine, 14) == before
    assert week_rows(engine)[("GG2514", WEEK)] == "published"
    three_weeks = client.get(
        "/api/v1/regions/GG2514/roster",
        params={"from": str(WEEK), "to": str(WEEK + timedelta(days=20))},
        headers=region.planner.headers,
    ).json()
    assert [v for v in three_weeks["violations"] if v["severity"] == "hard"] == []
    weeks = client.get(
        "/api/v1/regions/GG2514/roster/weeks",
        params={"from": str(WEEK), "to": str(WEEK + timedelta(days=20))},
        headers=region.planner.headers,
    ).json()
    assert [w["status"] for w in weeks] == ["published", "draft", "draft"]


def test_publishing_needs_a_planned_monday_and_a_planner_of_the_region(
    engine, region, client, login
):
    extend(engine, WEEK, weeks=1)
    other = login(Role.GGD_PLANNER, region="GG0111")

    not_monday = client.post(
        f"/api/v1/regions/GG2514/roster/weeks/{WEEK + timedelta(days=1)}/publish",
        headers=region.planner.headers,
    )
    unplanned = client.post(
        f"/api/v1/regions/GG2514/roster/weeks/{WEEK + timedelta(days=28)}/publish",
        headers=region.planner.headers,
    )
    foreign = client.post(
        f"/api/v1/regions/GG2514/roster/weeks/{WEEK}/publish", headers=other.headers
    )

    assert not_monday.status_code == 422
    assert unplanned.status_code == 409
    assert unplanned.json()["detail"][0]["type"] == "week_not_planned"
    assert foreign.status_code == 403
    assert week_rows(engine)[("GG2514", WEEK)] == "draft"


def test_new_gaps_are_reported_in_coverage(engine, session, region, client):
    add_doctor(session, "Enige Arts", region="GG0111")
    extend(engine, WEEK, weeks=1, regions=("GG0111",))

    cover = client.get(
        "/api/v1/coverage",
        params={"from": str(WEEK), "to": str(WEEK + timedelta(days=6))},
        headers=region.planner.headers,
    ).json()

    row = next(r for r in cover["regions"] if r["code"] == "GG0111")
    assert row["planned_until"] == str(WEEK + timedelta(days=6))
    assert row["open_gaps"] > 0
    assert row["open_gaps"] == row["gaps"]
    untouched = next(r for r in cover["regions"] if r["code"] == "GG7206")
    assert (untouched["planned_until"], untouched["open_gaps"]) == (None, 0)


def test_each_region_in_coverage_counts_its_own_open_gaps(engine, session, region, client):
    add_doctor(session, "Enige Arts", region="GG0111")
    extend(engine, WEEK, weeks=2, regions=("GG0111", "GG7206"))

    cover = client.get(
        "/api/v1/coverage",
        params={"from": str(WEEK), "to": str(WEEK + timedelta(days=6))},
        headers=region.planner.headers,
    ).json()

    stored_gaps = {}
    with Session(engine) as s:
        for row in s.exec(select(RosterWeek)).all():
            stored_gaps[row.region] = stored_gaps.get(row.region, 0) + row.gaps
    rows = {r["code"]: r for r in cover["regions"]}
    assert rows["GG0111"]["open_gaps"] == stored_gaps["GG0111"] > 0
    assert rows["GG7206"]["open_gaps"] == stored_gaps["GG7206"] > stored_gaps["GG0111"]
    assert rows["GG0111"]["planned_until"] == str(WEEK + timedelta(days=13))


@pytest.mark.usefixtures("region")
def test_the_nightly_job_keeps_the_roster_planned_ahead(engine):
    spec = load_tasks()[EXTEND]
    settings = Settings(roster_weeks_ahead=1, roster_extend_time_limit_s=2, roster_solver_workers=1)
    set_clock(lambda: datetime(2030, 3, 6, 12, tzinfo=UTC))

    spec.func(JobContext(engine=engine, settings=settings))
    spec.func(JobContext(engine=engine, settings=settings))  # a rerun changes nothing

    assert spec.cron
    rows = week_rows(engine)
    assert rows[("GG2514", WEEK)] == "draft"
    assert {monday for _, monday in rows} == {WEEK}
    assert len(rows) == 25
