"""Doctor records: planners of the region manage them, a doctor reads their own, others see 404."""

from fmek.auth.models import Role

BODY = {
    "name": "Dr. A. Bakker",
    "big_number": "12345678901",
    "qualifications": ["child_forensic", "senior"],
    "contract_hours": 32,
    "no_nights": True,
    "preferred_weekdays": [0, 2],
}


def test_planner_creates_reads_updates_and_deactivates_a_doctor(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    created = client.post("/api/v1/regions/GG2514/doctors", json=BODY, headers=planner.headers)
    assert created.status_code == 201, created.text
    doctor = created.json()
    assert doctor["region"] == "GG2514"
    assert doctor["qualifications"] == ["child_forensic", "senior"]
    assert created.headers["Location"] == f"/api/v1/doctors/{doctor['id']}"

    changed = client.patch(
        f"/api/v1/doctors/{doctor['id']}", json={"contract_hours": 24}, headers=planner.headers
    )
    assert changed.status_code == 200
    assert changed.json()["contract_hours"] == 24
    assert changed.json()["name"] == "Dr. A. Bakker"

    leave = client.post(
        f"/api/v1/doctors/{doctor['id']}/unavailability",
        json={"start_at": "2025-05-01T00:00:00+02:00", "end_at": "2025-05-08T00:00:00+02:00"},
        headers=planner.headers,
    )
    assert leave.status_code == 201
    read = client.get(f"/api/v1/doctors/{doctor['id']}", headers=planner.headers).json()
    assert [p["kind"] for p in read["unavailability"]] == ["leave"]

    assert (
        client.delete(f"/api/v1/doctors/{doctor['id']}", headers=planner.headers).status_code == 204
    )
    listed = client.get("/api/v1/regions/GG2514/doctors", headers=planner.headers).json()
    assert [(d["id"], d["active"]) for d in listed] == [(doctor["id"], False)]


def test_invalid_doctor_fields_are_refused_with_the_field_named(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    bad = {**BODY, "big_number": "1234567890", "contract_hours": 61, "qualifications": ["surgeon"]}
    response = client.post("/api/v1/regions/GG2514/doctors", json=bad, headers=planner.headers)
    assert response.status_code == 422
    problems = {tuple(p["loc"][-1:]): p["type"] for p in response.json()["detail"]}
    assert problems[("big_number",)] == "invalid_big_number"
    assert problems[("contract_hours",)] == "less_than_equal"
    assert ("qualifications",) in {tuple(p["loc"][1:2]) for p in response.json()["detail"]}


def test_leave_must_end_after_it_starts(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    doctor = client.post(
        "/api/v1/regions/GG2514/doctors", json=BODY, headers=planner.headers
    ).json()
    response = client.post(
        f"/api/v1/doctors/{doctor['id']}/unavailability",
        json={"start_at": "2025-05-08T00:00:00+02:00", "end_at": "2025-05-01T00:00:00+02:00"},
        headers=planner.headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "end_before_start"


def test_a_big_number_belongs_to_one_doctor(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    assert (
        client.post(
            "/api/v1/regions/GG2514/doctors", json=BODY, headers=planner.headers
        ).status_code
        == 201
    )
    again = client.post("/api/v1/regions/GG2514/doctors", json=BODY, headers=planner.headers)
    assert again.status_code == 409
    assert again.json()["detail"][0]["type"] == "duplicate_doctor"


def test_other_regions_planner_and_vertrouwensarts_cannot_manage(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    doctor = client.post(
        "/api/v1/regions/GG2514/doctors", json=BODY, headers=planner.headers
    ).json()
    other = login(Role.GGD_PLANNER, region="GG3406")
    response = client.get(f"/api/v1/doctors/{doctor['id']}", headers=other.headers)
    assert response.status_code == 404
    assert response.json()["detail"][0]["type"] == "unknown_doctor"
    create = client.post(
        "/api/v1/regions/GG2514/doctors",
        json={**BODY, "big_number": "99999999999"},
        headers=other.headers,
    )
    assert create.status_code == 403
    assert create.json()["detail"][0]["type"] == "not_planner_of_region"
    vt = login(Role.VERTROUWENSARTS)
    assert client.get("/api/v1/regions/GG2514/doctors", headers=vt.headers).status_code == 403
    assert client.get("/api/v1/regions/GG2514/doctors").status_code == 401


def test_a_forensisch_arts_reads_only_their_own_record(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    arts = login(Role.FORENSISCH_ARTS, region="GG2514")
    mine = client.post(
        "/api/v1/regions/GG2514/doctors",
        json={**BODY, "user_id": arts.user.id},
        headers=planner.headers,
    ).json()
    colleague = client.post(
        "/api/v1/regions/GG2514/doctors",
        json={**BODY, "big_number": "22222222222"},
        headers=planner.headers,
    ).json()
    me = client.get("/api/v1/doctors/me", headers=arts.headers)
    assert me.status_code == 200
    assert me.json()["id"] == mine["id"]
    assert client.get(f"/api/v1/doctors/{colleague['id']}", headers=arts.headers).status_code == 404
    edit = client.patch(
        f"/api/v1/doctors/{mine['id']}", json={"contract_hours": 60}, headers=arts.headers
    )
    assert edit.status_code == 403


def test_only_a_forensisch_arts_of_the_region_can_be_linked(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    stranger = login(Role.FORENSISCH_ARTS, region="GG3406")
    response = client.post(
        "/api/v1/regions/GG2514/doctors",
        json={**BODY, "user_id": stranger.user.id},
        headers=planner.headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "invalid_user_link"
