"""Employment (employed / hired via an agency) and kwaliteitseisen: BIG re-registration and
qualification validity with evidence; expiries shown to the region's planners."""

from datetime import date, timedelta

from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.doctors.models import Doctor
from fmek.doctors.service import valid_qualifications

BODY = {
    "name": "Dr. H. Inhuur",
    "big_number": "12345678902",
    "qualifications": ["child_forensic"],
    "contract_hours": 24,
}


def today() -> date:
    return utcnow().astimezone(AMSTERDAM).date()


def create(client, headers, **fields):
    return client.post("/api/v1/regions/GG2514/doctors", json={**BODY, **fields}, headers=headers)


def test_a_hired_doctor_needs_an_agency_and_an_employed_one_has_none(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")

    missing = create(client, planner.headers, employment="hired")
    stray = create(client, planner.headers, agency="Locum BV")
    hired = create(client, planner.headers, employment="hired", agency="Locum BV")

    assert missing.status_code == 422
    assert missing.json()["detail"][0]["type"] == "agency_required"
    assert stray.status_code == 422
    assert stray.json()["detail"][0]["type"] == "agency_not_hired"
    assert hired.status_code == 201, hired.text
    assert (hired.json()["employment"], hired.json()["agency"]) == ("hired", "Locum BV")
    back = client.patch(
        f"/api/v1/doctors/{hired.json()['id']}",
        json={"employment": "employed"},
        headers=planner.headers,
    )
    assert back.status_code == 422
    assert back.json()["detail"][0]["type"] == "agency_not_hired"


def test_qualification_records_name_held_qualifications_with_evidence(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    record = {
        "qualification": "child_forensic",
        "valid_until": "2031-01-31",
        "evidence_kind": "course",
        "evidence": "Cursus FMEK-kinderen NFI/GGD GHOR 2026",
    }

    created = create(client, planner.headers, qualification_records=[record])
    foreign = create(
        client,
        planner.headers,
        big_number="12345678903",
        qualification_records=[{**record, "qualification": "sexual_abuse"}],
    )

    assert created.status_code == 201, created.text
    assert created.json()["qualification_records"] == [record]
    assert foreign.status_code == 422
    assert foreign.json()["detail"][0]["type"] == "record_without_qualification"


def test_region_planners_see_what_lapses_within_90_days(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    soon = today() + timedelta(days=30)
    later = today() + timedelta(days=200)
    lapsed = today() - timedelta(days=3)
    a = create(client, planner.headers, big_valid_until=str(soon)).json()
    b = create(
        client,
        planner.headers,
        big_number="12345678904",
        big_valid_until=str(later),
        qualification_records=[
            {
                "qualification": "child_forensic",
                "valid_until": str(lapsed),
                "evidence_kind": "registration",
                "evidence": "Register forensisch artsen KNMG",
            }
        ],
    ).json()

    response = client.get("/api/v1/regions/GG2514/qualifications", headers=planner.headers)
    other = login(Role.GGD_PLANNER, region="GG0111")
    refused = client.get("/api/v1/regions/GG2514/qualifications", headers=other.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["notice_days"] == 90
    assert [(e["doctor"], e["item"], e["days_left"]) for e in body["expiring"]] == [
        (b["id"], "child_forensic", -3),
        (a["id"], "big", 30),
    ]
    assert {d["id"] for d in body["doctors"]} == {a["id"], b["id"]}
    assert refused.status_code == 403


def test_allocation_relies_only_on_what_is_still_valid_on_the_last_working_day():
    doctor = Doctor(
        name="Dr. K. Eisen",
        big_number="12345678905",
        region="GG2514",
        qualifications=["child_forensic", "sexual_abuse"],
        contract_hours=36,
        big_valid_until=date(2031, 6, 30),
        qualification_records=[
            {
                "qualification": "sexual_abuse",
                "valid_until": "2031-01-31",
                "evidence_kind": "course",
                "evidence": "Zedencursus",
            }
        ],
    )

    assert valid_qualifications(doctor, date(2031, 1, 31)) == ["child_forensic", "sexual_abuse"]
    assert valid_qualifications(doctor, date(2031, 2, 1)) == ["child_forensic"]
    assert valid_qualifications(doctor, date(2031, 7, 1)) == []
