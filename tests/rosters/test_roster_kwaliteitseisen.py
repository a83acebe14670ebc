"""Generation and manual changes respect a doctor's qualification validity."""

from datetime import timedelta

from tests.rosters.builders import WEEK, day_primary, run_job, week_body


def test_a_lapsed_qualification_is_never_rostered_after_it_lapses(client, region, session):
    lapsing = region.doctors[0]
    lapsing.qualification_records = [
        {
            "qualification": "child_forensic",
            "valid_until": str(WEEK + timedelta(days=1)),
            "evidence_kind": "course",
            "evidence": "Cursus 2025",
        }
    ]
    session.add(lapsing)
    session.commit()

    job = run_job(client, region.planner.headers, week_body())

    assert job["result"]["hard_violations"] == 0
    roster = client.get(
        "/api/v1/regions/GG2514/roster",
        params={"from": str(WEEK), "to": str(WEEK + timedelta(days=6))},
        headers=region.planner.headers,
    ).json()
    late_primaries = [
        p
        for p in roster["positions"]
        if p["role"] == "primary" and p["end"][:10] > str(WEEK + timedelta(days=1))
    ]
    assert late_primaries and all(p["doctor"] != lapsing.id for p in late_primaries)
    shown = next(d for d in roster["doctors"] if d["id"] == lapsing.id)
    assert shown["qualifications_valid_until"] == {"child_forensic": str(WEEK + timedelta(days=1))}
    pinned = client.put(
        "/api/v1/regions/GG2514/roster/assignments",
        json={"position_id": day_primary(WEEK + timedelta(days=3)), "doctor": lapsing.id},
        headers=region.planner.headers,
    )
    assert pinned.status_code == 409
    assert pinned.json()["detail"][0]["type"] == "qualification"
