"""Fairness, CSV, the per-doctor iCalendar feed, national coverage and allocation's view."""

import csv
import io
from datetime import UTC, datetime, timedelta

from fmek.auth.models import Role
from fmek.rosters.coverage import shifts_for
from tests.rosters.builders import WEEK, day_primary, night_primary, run_job, week_body

WEEK_QUERY = {"from": str(WEEK), "to": str(WEEK + timedelta(days=6))}


def pin(client, region, position: str, doctor: int) -> None:  # type: ignore[no-untyped-def]
    response = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": position, "doctor": doctor},
        headers=region.planner.headers,
    )
    assert response.status_code == 200, response.text


def test_fairness_counts_nights_and_hours_per_doctor(client, region):
    doctor = region.doctors[0].id
    pin(client, region, night_primary(), doctor)
    response = client.get(
        "/api/v1/regions/GG2514/roster/fairness", params=WEEK_QUERY, headers=region.planner.headers
    )
    assert response.status_code == 200
    rows = {r["id"]: r for r in response.json()["doctors"]}
    assert (rows[doctor]["nights"], rows[doctor]["hours"], rows[doctor]["positions"]) == (
        1,
        15.0,
        1,
    )
    assert rows[region.doctors[1].id]["nights"] == 0
    assert {"night_spread", "weekend_spread", "hours_deviation"} <= set(response.json())


def test_csv_export_has_one_row_per_position(client, region):
    pin(client, region, day_primary(), region.doctors[0].id)
    response = client.get(
        "/api/v1/regions/GG2514/roster.csv", params=WEEK_QUERY, headers=region.planner.headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 28
    first = rows[0]
    assert (first["position_id"], first["doctor_name"], first["qualified"], first["pinned"]) == (
        day_primary(),
        "Arts A",
        "yes",
        "yes",
    )
    assert rows[1]["doctor_id"] == ""


def test_ics_feed_works_with_a_feed_token_and_with_a_bearer(client, region, login):
    doctor = region.doctors[0].id
    pin(client, region, night_primary(), doctor)
    link = client.post(f"/api/v1/doctors/{doctor}/feed-token", headers=region.planner.headers)
    assert link.status_code == 201
    url = link.json()["url"]
    assert url.endswith(f"/api/v1/doctors/{doctor}/roster.ics?token={link.json()['token']}")
    feed = client.get(
        f"/api/v1/doctors/{doctor}/roster.ics",
        params={"token": link.json()["token"], **WEEK_QUERY},
    )
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    text = feed.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20300304T160000Z" in text and "DTEND:20300305T070000Z" in text
    assert "SUMMARY:Consignatie primair (GG2514)" in text
    wrong = client.get(f"/api/v1/doctors/{doctor}/roster.ics", params={"token": "fmek_nope"})
    assert wrong.status_code == 404
    assert wrong.json()["detail"][0]["type"] == "unknown_feed"
    with_bearer = client.get(
        f"/api/v1/doctors/{doctor}/roster.ics", params=WEEK_QUERY, headers=region.planner.headers
    )
    assert with_bearer.status_code == 200
    assert client.get(f"/api/v1/doctors/{doctor}/roster.ics").status_code == 401
    stranger = login(Role.GGD_PLANNER, region="GG3406")
    assert (
        client.get(f"/api/v1/doctors/{doctor}/roster.ics", headers=stranger.headers).status_code
        == 404
    )


def test_coverage_counts_a_shift_only_with_a_qualified_primary_and_backup(client, region):
    run_job(client, region.planner.headers, week_body())
    response = client.get("/api/v1/coverage", params=WEEK_QUERY, headers=region.planner.headers)
    assert response.status_code == 200
    regions = {r["code"]: r for r in response.json()["regions"]}
    assert len(regions) == 25
    assert regions["GG2514"]["share"] == 1.0
    assert regions["GG3406"]["share"] == 0.0
    assert regions["GG3406"]["gaps"] == 28
    clear = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(), "doctor": None},
        headers=region.planner.headers,
    )
    assert clear.status_code == 200
    assert [w["rule"] for w in clear.json()["warnings"]] == ["coverage"]
    after = {
        r["code"]: r
        for r in client.get(
            "/api/v1/coverage", params=WEEK_QUERY, headers=region.planner.headers
        ).json()["regions"]
    }
    assert after["GG2514"]["share"] < 1.0
    assert after["GG2514"]["gaps"] == 1


def test_shifts_for_gives_each_doctors_on_shift_intervals(client, region, session):
    doctor = region.doctors[0].id
    pin(client, region, night_primary(), doctor)
    session.rollback()
    start = datetime(2030, 3, 1, tzinfo=UTC)
    shifts = shifts_for(session, ["GG2514"], start, start + timedelta(days=14))
    assert shifts[doctor] == [
        (datetime(2030, 3, 4, 16, tzinfo=UTC), datetime(2030, 3, 5, 7, tzinfo=UTC))
    ]
    assert shifts[region.doctors[1].id] == []


def test_shift_templates_can_be_replaced_by_the_planner(client, region):
    current = client.get("/api/v1/regions/GG2514/shift-templates", headers=region.planner.headers)
    assert [t["name"] for t in current.json()] == ["dag", "consignatie", "weekend_dag"]
    only_nights = [
        {"name": "nacht", "kind": "on_call", "start": "18:00", "end": "08:00", "applies_on": "all"}
    ]
    replaced = client.put(
        "/api/v1/regions/GG2514/shift-templates", json=only_nights, headers=region.planner.headers
    )
    assert replaced.status_code == 200
    roster = client.get(
        "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=region.planner.headers
    ).json()
    assert len(roster["positions"]) == 14
    assert roster["positions"][0]["start"] == "2030-03-04T18:00:00+01:00"
