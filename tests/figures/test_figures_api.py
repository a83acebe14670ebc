"""GET /figures against hand counts of referrals filed through the API, and who may see it."""

import csv
import io
import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from fmek.auth.models import Role
from tests.referrals.builders import hours_ago, referral_body

URL = "/api/v1/figures"
REFERRALS = "/api/v1/referrals"


def shown(cell: dict) -> dict:
    """What a cell publishes (without its label, unit and definition)."""
    return {"value": cell["value"], "suppressed": cell["suppressed"]}


def period(region: str | None = None) -> dict[str, str]:
    # last year and this one: whatever today is, the referrals filed now fall inside
    now = datetime.now(UTC)
    params = {"from": f"{now.year - 1}-01-01", "to": f"{now.year}-12-31"}
    if region:
        params["region"] = region
    return params


def file_referrals(client, headers, bodies) -> list[dict]:
    made = []
    for body in bodies:
        response = client.post(REFERRALS, json=body, headers=headers)
        assert response.status_code == 201, response.text
        made.append(response.json())
    return made


def test_figures_match_hand_counts_and_hide_small_cells(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    bodies = [referral_body(ggd_region="GG2514") for _ in range(6)]
    bodies += [
        referral_body(
            ggd_region="GG2514",
            concerns=["physical_abuse"],
            injuries=[{"kind": "bruise", "body_region": "face", "observed_at": hours_ago(2)}],
            last_incident_at=hours_ago(3),
        )
        for _ in range(2)
    ]
    bodies += [referral_body(ggd_region="GG3406") for _ in range(5)]
    made = file_referrals(client, va.headers, bodies)
    policy = login(Role.BELEID)
    national = client.get(URL, params=period(), headers=policy.headers)
    assert national.status_code == 200, national.text
    body = national.json()
    assert set(body) == {"period", "available", "in_time", "secured", "definitions"}
    referrals = body["in_time"]["referrals"]
    assert shown(referrals["total"]) == {"value": 13, "suppressed": False}
    by_urgency = Counter(r["routing"]["urgency"] for r in made)
    for urgency, cell in referrals["by_urgency"].items():
        hand = by_urgency[urgency]
        if 1 <= hand <= 4:
            assert shown(cell) == {"value": None, "suppressed": True}
        elif not cell["suppressed"]:
            assert cell["value"] == hand
    assert (
        sum(c["suppressed"] for c in [*referrals["by_urgency"].values(), referrals["total"]]) != 1
    )
    regional = client.get(URL, params=period("GG3406"), headers=policy.headers).json()
    assert regional["period"]["region"] == "GG3406"
    assert shown(regional["in_time"]["referrals"]["total"]) == {"value": 5, "suppressed": False}
    # nothing that identifies: no ids, names or birth dates anywhere in the answer
    text = national.text
    for referral in made:
        assert referral["id"] not in text
    assert "Test Kind" not in text


def test_a_planner_sees_their_own_region_only(client, login) -> None:
    planner = login(Role.GGD_PLANNER, region="GG2514")
    own = client.get(URL, params=period(), headers=planner.headers)
    assert own.status_code == 200
    assert own.json()["period"]["region"] == "GG2514"
    other = client.get(URL, params=period("GG3406"), headers=planner.headers)
    assert other.status_code == 403


@pytest.mark.parametrize(
    "role", [Role.VERTROUWENSARTS, Role.FORENSISCH_ARTS, Role.LECK_CONSULTANT, Role.PRIVACY]
)
def test_other_roles_get_no_figures(client, login, role: Role) -> None:
    assert client.get(URL, params=period(), headers=login(role).headers).status_code == 403


@pytest.mark.parametrize(
    ("params", "kind"),
    [
        ({"from": "2026-07-01", "to": "2026-01-01"}, "invalid_period"),
        ({"from": "2026-13-01", "to": "2026-12-31"}, None),
        ({"from": "2026-01-01"}, None),
        ({"from": "2000-01-01", "to": "2026-12-31"}, "period_too_long"),
        ({"from": "2026-01-01", "to": "2026-06-30", "region": "nope"}, None),
    ],
)
def test_bad_periods_are_422(client, login, params, kind) -> None:
    response = client.get(URL, params=params, headers=login(Role.BELEID).headers)
    assert response.status_code == 422
    if kind:
        assert response.json()["detail"][0]["type"] == kind


def test_an_unknown_region_is_404(client, login) -> None:
    params = {"from": "2026-01-01", "to": "2026-06-30", "region": "GG9999"}
    assert client.get(URL, params=params, headers=login(Role.BELEID).headers).status_code == 404


def test_one_csv_per_table(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    file_referrals(client, va.headers, [referral_body() for _ in range(5)])
    headers = login(Role.BELEID).headers
    for table in ("available", "in_time", "secured"):
        response = client.get(f"{URL}/{table}.csv", params=period(), headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = {row["figure"]: row for row in csv.DictReader(io.StringIO(response.text))}
        assert rows
    in_time = client.get(f"{URL}/in_time.csv", params=period(), headers=headers).text
    rows = {row["figure"]: row for row in csv.DictReader(io.StringIO(in_time))}
    assert rows["referrals.total"] == {
        "figure": "referrals.total",
        "value": "5",
        "suppressed": "False",
        "label": "Verwijzingen, totaal",
        "unit": "aantal",
    }
    assert client.get(f"{URL}/other.csv", params=period(), headers=headers).status_code == 422


# --- a policy officer never gets a client record --------------------------------------

NO_CLIENT_DATA = re.compile(
    r"^/api/v1/(health|live|ready|regions|organisations|figures.*|verify/\{sha256\})$"
)


def test_beleid_gets_403_or_404_from_every_client_data_endpoint(client, login, app) -> None:
    va = login(Role.VERTROUWENSARTS)
    (referral,) = file_referrals(client, va.headers, [referral_body()])
    advice = client.post(
        "/api/v1/advice-requests",
        json={
            "age_months": 14,
            "sex": "male",
            "ggd_region": "GG2514",
            "concerns": ["physical_abuse"],
            "injuries": [{"kind": "fracture", "body_region": "leg", "side": "right"}],
            "question": "Past een spiraalfractuur bij een val van de bank?",
            "clinical_summary": "Jongen van 14 maanden, loopt sinds kort.",
        },
        headers=va.headers,
    )
    assert advice.status_code == 201, advice.text
    values = {
        "referral_id": referral["id"],
        "case_number": advice.json()["case_number"],
        "code": "GG2514",
    }
    policy = login(Role.BELEID)
    probed = 0
    for path, operations in app.openapi()["paths"].items():
        if "get" not in operations or NO_CLIENT_DATA.match(path):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)
        response = client.get(url, headers=policy.headers)
        assert response.status_code in (403, 404), (path, response.status_code, response.text)
        assert referral["id"] not in response.text
        probed += 1
    assert probed >= 25
    search = client.post(f"{REFERRALS}/search", json={"bsn": "111222333"}, headers=policy.headers)
    assert search.status_code == 403


def test_beleid_cannot_sign_in_to_client_pages(client, login) -> None:
    policy = login(Role.BELEID)
    for page in ("/verwijzingen", "/planning", "/onderzoeken", "/leck/wachtrij"):
        response = client.get(page, headers=policy.headers, follow_redirects=False)
        assert response.status_code in (303, 401, 403, 404), page
        assert "Test Kind" not in response.text


def test_a_regional_count_cannot_be_had_as_national_minus_the_other_regions(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    counts = {"GG3406": 3, "GG2514": 6, "GG0111": 7}
    file_referrals(
        client,
        va.headers,
        [referral_body(ggd_region=code) for code, n in counts.items() for _ in range(n)],
    )
    policy = login(Role.BELEID)

    def total(region: str | None) -> dict:
        answer = client.get(URL, params=period(region), headers=policy.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()["in_time"]["referrals"]["total"]

    assert total(None)["value"] == 16
    regional = {code: total(code) for code in counts}
    assert regional["GG3406"]["suppressed"] and regional["GG3406"]["value"] is None
    assert regional["GG2514"]["suppressed"]  # else 16 - 6 - 7 would give Amsterdam's 3
    assert regional["GG0111"]["value"] == 7
    # a planner of Utrecht sees the same hidden cell for their own region
    planner = login(Role.GGD_PLANNER, region="GG2514")
    own = client.get(URL, params=period(), headers=planner.headers).json()
    assert own["in_time"]["referrals"]["total"]["suppressed"]


def test_trend_over_four_half_years_and_labels_for_any_renderer(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    file_referrals(client, va.headers, [referral_body(ggd_region="GG2514") for _ in range(5)])
    policy = login(Role.BELEID)
    today = datetime.now(UTC).date()
    params = {"from": today.isoformat(), "to": today.isoformat(), "trend": "4"}
    body = client.get(URL, params=params, headers=policy.headers).json()
    trend = body["trend"]
    assert len(trend["periods"]) == 4
    assert trend["periods"][-1]["from"] <= today.isoformat() <= trend["periods"][-1]["to"]
    series = trend["series"]["in_time.referrals.total"]
    assert [cell["value"] for cell in series] == [0, 0, 0, 5]
    cell = body["available"]["doctors_per_100k_children"]
    assert cell["label"] and cell["unit"] == "per 100.000 kinderen" and cell["definition"]
    assert body["available"]["children_0_17"]["value"] > 3_000_000
    too_many = client.get(URL, params={**params, "trend": "9"}, headers=policy.headers)
    assert too_many.status_code == 422
