"""The roster API contract: read, generate in the background, pin or change one assignment."""

from datetime import timedelta

import pytest

from fmek.auth.models import Role
from tests.rosters.builders import WEEK, day_primary, night_primary, run_job, week_body

WEEK_QUERY = {"from": str(WEEK), "to": str(WEEK + timedelta(days=6))}


def test_an_empty_roster_lists_every_position_as_a_gap(client, region):
    response = client.get(
        "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=region.planner.headers
    )
    assert response.status_code == 200
    body = response.json()
    # 5 weekdays x (day + on-call) + 2 weekend days x (day on-call + on-call), two roles each
    assert len(body["positions"]) == 28
    first = body["positions"][0]
    assert {k: first[k] for k in ("start", "end", "kind", "role", "doctor")} == {
        "start": "2030-03-04T08:00:00+01:00",
        "end": "2030-03-04T17:00:00+01:00",
        "kind": "day",
        "role": "primary",
        "doctor": None,
    }
    assert {d["name"] for d in body["doctors"]} >= {"Arts A", "Arts Zonder FMEK"}
    assert set(body["doctors"][0]) >= {"id", "name", "qualifications", "contract_hours"}
    assert sum(v["rule"] == "coverage" for v in body["violations"]) == 28


def test_generation_fills_the_week_legally_and_reports_progress(client, region):
    job = run_job(client, region.planner.headers, week_body())
    assert job["progress"] == 1.0
    assert job["result"]["positions"] == 28
    assert job["result"]["hard_violations"] == 0
    body = client.get(
        "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=region.planner.headers
    ).json()
    quals = {d["id"]: set(d["qualifications"]) for d in body["doctors"]}
    assert all(p["doctor"] is not None for p in body["positions"])
    assert all(
        "child_forensic" in quals[p["doctor"]] for p in body["positions"] if p["role"] == "primary"
    )
    assert [v for v in body["violations"] if v["severity"] == "hard"] == []


def test_a_pinned_doctor_is_kept_when_the_roster_is_generated_again(client, region):
    chosen = region.doctors[3].id
    pin = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": night_primary(), "doctor": chosen},
        headers=region.planner.headers,
    )
    assert pin.status_code == 200, pin.text
    assert pin.json()["position"]["pinned"] is True
    run_job(client, region.planner.headers, week_body())
    run_job(client, region.planner.headers, week_body())
    body = client.get(
        "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=region.planner.headers
    ).json()
    night = next(p for p in body["positions"] if p["id"] == night_primary())
    assert (night["doctor"], night["pinned"]) == (chosen, True)


def test_a_hard_rule_refuses_the_change_with_the_rule_name(client, region):
    unqualified = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(), "doctor": region.no_child_forensic.id},
        headers=region.planner.headers,
    )
    assert unqualified.status_code == 409
    assert unqualified.json()["detail"][0]["type"] == "qualification"
    assert "qualification" in unqualified.json()["detail"][0]["msg"]

    doctor = region.doctors[0].id
    night = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": night_primary(), "doctor": doctor},
        headers=region.planner.headers,
    )
    assert night.status_code == 200
    # consignatie is availability, not work: the day after it is no rest period
    next_day = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(WEEK + timedelta(days=1)), "doctor": doctor},
        headers=region.planner.headers,
    )
    assert next_day.status_code == 200
    back_up_too = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": night_primary().replace(":primary", ":backup"), "doctor": doctor},
        headers=region.planner.headers,
    )
    assert back_up_too.status_code == 409
    assert back_up_too.json()["detail"][0]["type"] == "one_position_at_a_time"


def test_a_soft_rule_is_returned_as_a_warning(client, region, session):
    doctor = region.doctors[1]
    doctor.no_nights = True
    session.add(doctor)
    session.commit()
    response = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": night_primary(), "doctor": doctor.id},
        headers=region.planner.headers,
    )
    assert response.status_code == 200
    assert [w["rule"] for w in response.json()["warnings"]] == ["pref_no_nights"]


def test_unpin_releases_the_position(client, region):
    body = {"position_id": day_primary(), "doctor": region.doctors[0].id}
    client.put(
        "/api/v1/regions/GG2514/roster/assignments", json=body, headers=region.planner.headers
    )
    released = client.post(
        "/api/v1/regions/GG2514/roster/unpin",
        json={"position_id": day_primary()},
        headers=region.planner.headers,
    )
    assert released.status_code == 200
    assert released.json()["position"]["pinned"] is False
    again = client.post(
        "/api/v1/regions/GG2514/roster/unpin",
        json={"position_id": day_primary()},
        headers=region.planner.headers,
    )
    assert again.status_code == 404
    assert again.json()["detail"][0]["type"] == "not_pinned"


@pytest.mark.usefixtures("login")
def test_unknown_positions_and_doctors_are_refused(client, region):
    unknown = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={
            "position_id": "GG3406:2030-03-04T08:00:00+01:00:day:primary",
            "doctor": region.doctors[0].id,
        },
        headers=region.planner.headers,
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"][0]["type"] == "unknown_position"
    nobody = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(), "doctor": 99999},
        headers=region.planner.headers,
    )
    assert nobody.status_code == 422
    assert nobody.json()["detail"][0]["type"] == "unknown_doctor"


def test_roster_access_follows_region_and_role(client, region, login):
    arts = login(Role.FORENSISCH_ARTS, region="GG2514")
    assert (
        client.get(
            "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=arts.headers
        ).status_code
        == 200
    )
    write = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(), "doctor": region.doctors[0].id},
        headers=arts.headers,
    )
    assert write.status_code == 403
    assert write.json()["detail"][0]["type"] == "not_planner_of_region"
    other = login(Role.GGD_PLANNER, region="GG3406")
    read = client.get("/api/v1/regions/GG2514/roster", headers=other.headers)
    assert read.status_code == 403
    assert read.json()["detail"][0]["type"] == "not_in_region"
    job = run_job(client, region.planner.headers, week_body(1.0))
    assert client.get(f"/api/v1/roster-jobs/{job['id']}", headers=other.headers).status_code == 404
    vt = login(Role.VERTROUWENSARTS)
    assert client.get("/api/v1/coverage", headers=vt.headers).status_code == 403


def test_invalid_ranges_are_refused(client, region):
    backwards = client.get(
        "/api/v1/regions/GG2514/roster",
        params={"from": "2030-03-10", "to": "2030-03-04"},
        headers=region.planner.headers,
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["type"] == "end_before_start"
    job = client.post(
        "/api/v1/regions/GG2514/roster/jobs",
        json={"from": "2030-03-04", "to": "2030-06-04", "time_limit_s": 1},
        headers=region.planner.headers,
    )
    assert job.status_code == 422
    assert job.json()["detail"][0]["type"] == "range_too_long"


def test_dates_may_be_given_as_timestamps_or_left_out(client, region):
    stamped = client.get(
        "/api/v1/regions/GG2514/roster",
        params={"from": "2030-03-04T00:00:00+01:00", "to": "2030-03-10T12:00:00Z"},
        headers=region.planner.headers,
    )
    assert stamped.status_code == 200
    assert (stamped.json()["from"], stamped.json()["to"]) == ("2030-03-04", "2030-03-10")
    assert len(stamped.json()["positions"]) == 28
    default = client.get("/api/v1/regions/GG2514/roster", headers=region.planner.headers)
    assert default.status_code == 200
    bad = client.get(
        "/api/v1/regions/GG2514/roster", params={"from": "maandag"}, headers=region.planner.headers
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "from"]
