"""Routing through the HTTP contract: ages from birth dates on the Amsterdam date, time windows.

These pin handelingskader v1's routing, which a deployment on v1 (FMEK_HANDELINGSKADER_VERSION)
still gets; v2 through the API: test_referral_tasks_v2.py.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fmek.auth.models import Role
from fmek.clock import set_clock

pytestmark = pytest.mark.usefixtures("handelingskader_v1")

URL = "/api/v1/referrals"
NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # a Sunday, 12:00 in Amsterdam


def _body(birth_date: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child": {"name": "Kind", "birth_date": birth_date, "sex": "male"},
        "ggd_region": "GG2514",
        "concerns": ["physical_abuse"],
        "vraagstelling": "Onderzoek gevraagd.",
    }
    body.update(extra)
    return body


def _iso(dt: datetime) -> str:
    return dt.isoformat()


CASES: list[tuple[str, datetime, dict[str, Any], str, str, list[str]]] = [
    (
        "exactly 6 months: mobile infant rule off",
        NOW,
        _body("2026-05-29", injuries=[{"kind": "bruise", "body_region": "arm"}]),
        "ggd",
        "planned",
        ["DEFAULT"],
    ),
    (
        "one day short of 6 months: NIM",
        NOW,
        _body("2026-05-30", injuries=[{"kind": "bruise", "body_region": "arm"}]),
        "leck",
        "acute",
        ["NIM"],
    ),
    (
        "22 months with fracture: infant severe",
        NOW,
        _body("2024-12-30", injuries=[{"kind": "fracture", "body_region": "leg"}]),
        "leck",
        "acute",
        ["INFANT-SEVERE", "INTERNAL"],
    ),
    (
        "24 months with fracture: internal only",
        NOW,
        _body("2024-11-29", injuries=[{"kind": "fracture", "body_region": "leg"}]),
        "leck",
        "urgent",
        ["INTERNAL"],
    ),
    (
        "47 months bruise on back: TEN",
        NOW,
        _body("2022-12-30", injuries=[{"kind": "bruise", "body_region": "back"}]),
        "ggd",
        "acute",
        ["TEN"],
    ),
    (
        "48 months bruise on back: no TEN",
        NOW,
        _body("2022-11-29", injuries=[{"kind": "bruise", "body_region": "back"}]),
        "ggd",
        "planned",
        ["DEFAULT"],
    ),
    (
        "12 years, SA within 7 days: NFI",
        NOW,
        _body(
            "2014-01-01",
            concerns=["sexual_abuse"],
            last_incident_at=_iso(NOW - timedelta(hours=168)),
        ),
        "leck",
        "acute",
        ["SA-ACUTE-CHILD"],
    ),
    (
        "13 years today, SA within 7 days: GGD teen",
        NOW,
        _body(
            "2013-11-29", concerns=["sexual_abuse"], last_incident_at=_iso(NOW - timedelta(days=1))
        ),
        "ggd",
        "acute",
        ["SA-ACUTE-TEEN"],
    ),
    (
        "SA 7 days and a minute ago: non-acute",
        NOW,
        _body(
            "2013-11-29",
            concerns=["sexual_abuse"],
            last_incident_at=_iso(NOW - timedelta(hours=168, minutes=1)),
        ),
        "leck",
        "planned",
        ["SA-NONACUTE"],
    ),
    (
        "abrasion seen 71h59 ago: fresh",
        NOW,
        _body(
            "2016-01-01",
            injuries=[
                {
                    "kind": "abrasion",
                    "body_region": "arm",
                    "observed_at": _iso(NOW - timedelta(hours=71, minutes=59)),
                }
            ],
        ),
        "ggd",
        "urgent",
        ["FRESH"],
    ),
    (
        "abrasion seen 72h ago: not fresh",
        NOW,
        _body(
            "2016-01-01",
            injuries=[
                {
                    "kind": "abrasion",
                    "body_region": "arm",
                    "observed_at": _iso(NOW - timedelta(hours=72)),
                }
            ],
        ),
        "ggd",
        "planned",
        ["DEFAULT"],
    ),
]


@pytest.mark.parametrize(
    ("_case", "now", "body", "destination", "urgency", "rules"), CASES, ids=[c[0] for c in CASES]
)
def test_routing_through_the_api(
    client, login, _case, now, body, destination, urgency, rules
) -> None:
    set_clock(lambda: now)
    va = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 201, response.text
    routing = response.json()["routing"]
    assert (routing["destination"], routing["urgency"]) == (destination, urgency)
    assert [r["id"] for r in routing["rules"]] == rules


def test_amsterdam_date_decides_the_age(client, login) -> None:
    """23:30 UTC on 28 Nov is already 29 Nov in Amsterdam: a child born 29 May is 6 months then."""
    set_clock(lambda: datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    va = login(Role.VERTROUWENSARTS)
    body = _body("2026-05-29", injuries=[{"kind": "bruise", "body_region": "arm"}])
    data = client.post(URL, json=body, headers=va.headers).json()
    assert data["child"]["age_months"] == 6
    assert [r["id"] for r in data["routing"]["rules"]] == ["DEFAULT"]


def test_planned_deadline_is_fifth_working_day_same_clock_time(client, login) -> None:
    # Wednesday 23 Dec 2026 10:15 Amsterdam; 25/26 Dec holidays, weekend, 1 Jan holiday.
    set_clock(lambda: datetime(2026, 12, 23, 9, 15, tzinfo=UTC))
    va = login(Role.VERTROUWENSARTS)
    data = client.post(URL, json=_body("2016-01-01"), headers=va.headers).json()
    assert data["routing"]["urgency"] == "planned"
    # working days after 23 Dec: 24, 28, 29, 30, 31 Dec -> the 5th is Thursday 31 Dec
    assert datetime.fromisoformat(data["routing"]["deadline"]) == datetime(
        2026, 12, 31, 9, 15, tzinfo=UTC
    )
