"""The small probes of the hardening review: names without control characters, one-line
iCalendar properties, plausible leave, status-change reasons kept."""

from datetime import date

import pytest

from fmek.auth.models import Role
from fmek.doctors.models import Doctor
from fmek.rosters.exports import doctor_ics
from fmek.text import clean_name

NASTY = "Dr. Eva\r\nBEGIN:VEVENT\u202e kcab\u200b Jansen\x00"


def test_names_lose_control_and_format_characters():
    assert clean_name(NASTY) == "Dr. Eva BEGIN:VEVENT kcab Jansen"
    assert clean_name("  Anna\tde\u00a0Vries  ") == "Anna de Vries"


def test_a_doctor_name_is_stored_clean(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    body = {"name": NASTY, "big_number": "12345678901", "contract_hours": 32}
    created = client.post("/api/v1/regions/GG2514/doctors", json=body, headers=planner.headers)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Dr. Eva BEGIN:VEVENT kcab Jansen"


def test_a_child_name_is_stored_clean(client, login):
    from tests.referrals.builders import referral_body

    vt = login(Role.VERTROUWENSARTS)
    body = referral_body()
    body["child"]["name"] = "Sanne\u202e\r\nde Boer"
    created = client.post("/api/v1/referrals", json=body, headers=vt.headers)
    assert created.status_code == 201, created.text
    assert created.json()["child"]["name"] == "Sanne de Boer"


def test_ics_text_stays_on_one_line_even_for_names_stored_before_cleaning(session):
    doctor = Doctor(name=NASTY, region="GG2514", big_number="12345678901", contract_hours=32)
    feed = doctor_ics(session, doctor, date(2030, 3, 4), date(2030, 3, 10))
    lines = feed.split("\r\n")
    assert not any(line.startswith("BEGIN:VEVENT") for line in lines)
    assert all("\r" not in line and "\n" not in line and "\u202e" not in line for line in lines)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0202-05-01T00:00:00+02:00", "0202-05-08T00:00:00+02:00"),
        ("2025-05-01T00:00:00+02:00", "20255-05-08T00:00:00+02:00"),
        ("2025-05-01T00:00:00+02:00", "9999-12-31T00:00:00+01:00"),
        ("2025-05-01T00:00:00+02:00", "2027-05-01T00:00:00+02:00"),  # two years in one go
    ],
)
def test_implausible_leave_is_422(client, login, start, end):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    body = {"name": "Dr. A", "big_number": "12345678901", "contract_hours": 32}
    doctor = client.post("/api/v1/regions/GG2514/doctors", json=body, headers=planner.headers)
    response = client.post(
        f"/api/v1/doctors/{doctor.json()['id']}/unavailability",
        json={"start_at": start, "end_at": end},
        headers=planner.headers,
    )
    assert response.status_code == 422
    assert start not in response.text and end not in response.text


def test_the_week_pages_csv_link_works_with_the_session(client, login):
    import re

    from tests.web.test_planner_web import sign_in

    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    link = re.search(r'href="([^"]+\.csv[^"]*)"', page.text)
    assert link is not None
    csv = client.get(link.group(1).replace("&amp;", "&"))
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.startswith("position_id,")
    assert len(csv.text.strip().splitlines()) == 1 + 28  # a header and the week's positions
    other = client.get("/planning/regions/GG3406/rooster.csv?week=2030-W10")
    assert other.status_code == 403


def test_the_status_change_reason_is_kept_and_shown_to_who_may_know(client, login):
    from tests.referrals.builders import referral_body

    vt = login(Role.VERTROUWENSARTS)
    planner = login(Role.GGD_PLANNER, region="GG2514")
    referral = client.post("/api/v1/referrals", json=referral_body(), headers=vt.headers).json()
    url = f"/api/v1/referrals/{referral['id']}"
    moved = client.post(
        f"{url}/transitions",
        json={"to": "scheduled", "reason": "afspraak met moeder gemaakt"},
        headers={**planner.headers, "If-Match": '"1"'},
    )
    assert moved.status_code == 200, moved.text
    seen_by_vt = client.get(f"{url}/status-history", headers=vt.headers).json()
    assert [(s["from_status"], s["to_status"], s["reason"]) for s in seen_by_vt] == [
        ("routed", "scheduled", "afspraak met moeder gemaakt")
    ]
    assert seen_by_vt[0]["user_id"] == planner.user.id
    seen_by_planner = client.get(f"{url}/status-history", headers=planner.headers).json()
    assert seen_by_planner[0]["reason"] is None  # free text goes with the child's identity
