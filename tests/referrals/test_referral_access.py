"""Tokens, roles and scope: outside one's scope a referral does not exist."""

import pytest
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.auth.service import revoke_user
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"


@pytest.mark.parametrize("path", ["/api/v1/referrals", "/api/v1/regions", "/api/v1/organisations"])
def test_no_token_is_401_with_challenge(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"][0]["loc"] == ["header", "authorization"]


def test_unknown_and_revoked_tokens_are_401(client, login, engine) -> None:
    assert (
        client.get("/api/v1/regions", headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    va = login(Role.VERTROUWENSARTS)
    assert client.get("/api/v1/regions", headers=va.headers).status_code == 200
    with Session(engine) as s:
        revoke_user(s, va.user.id)
    assert client.get("/api/v1/regions", headers=va.headers).status_code == 401


def test_health_needs_no_token(client) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "role", [Role.GGD_PLANNER, Role.FORENSISCH_ARTS, Role.LECK_CONSULTANT, Role.ADMIN]
)
def test_only_vertrouwensartsen_submit(client, login, role: Role) -> None:
    other = login(role)
    response = client.post(URL, json=referral_body(), headers=other.headers)
    assert response.status_code == 403
    assert "vertrouwensarts" in response.json()["detail"][0]["msg"]


def test_other_organisation_gets_404_never_a_hint(client, login) -> None:
    mine = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    theirs = login(Role.VERTROUWENSARTS, organisation="VT-ZEELAND")
    created = client.post(URL, json=referral_body(), headers=mine.headers).json()
    foreign = client.get(f"{URL}/{created['id']}", headers=theirs.headers)
    missing = client.get(f"{URL}/00000000-0000-0000-0000-000000000000", headers=theirs.headers)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert client.get(URL, headers=theirs.headers).json()["total"] == 0
    assert client.get(URL, headers=mine.headers).json()["total"] == 1


def test_ggd_sees_only_its_region_and_ggd_cases_leck_only_leck(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    ggd_case = client.post(URL, json=referral_body(ggd_region="GG2514"), headers=va.headers).json()
    leck_case = client.post(
        URL, json=referral_body(concerns=["medical_child_abuse"]), headers=va.headers
    ).json()
    assert ggd_case["routing"]["destination"] == "ggd"
    assert leck_case["routing"]["destination"] == "leck"
    planner = login(Role.GGD_PLANNER, region="GG2514")
    planner_elsewhere = login(Role.GGD_PLANNER, region="GG5006")
    leck = login(Role.LECK_CONSULTANT)
    assert client.get(f"{URL}/{ggd_case['id']}", headers=planner.headers).status_code == 200
    assert client.get(f"{URL}/{leck_case['id']}", headers=planner.headers).status_code == 404
    assert (
        client.get(f"{URL}/{ggd_case['id']}", headers=planner_elsewhere.headers).status_code == 404
    )
    assert client.get(f"{URL}/{leck_case['id']}", headers=leck.headers).status_code == 200
    assert client.get(f"{URL}/{ggd_case['id']}", headers=leck.headers).status_code == 404


def test_admin_has_no_access_to_client_data(client, login) -> None:
    admin = login(Role.ADMIN)
    assert client.get(URL, headers=admin.headers).status_code == 403


def test_list_paginates_and_filters(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    for _ in range(3):
        client.post(URL, json=referral_body(), headers=va.headers)
    client.post(URL, json=referral_body(concerns=["growth_delay"]), headers=va.headers)
    page = client.get(URL, params={"limit": 2, "offset": 0}, headers=va.headers).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    rest = client.get(URL, params={"limit": 2, "offset": 2}, headers=va.headers).json()
    assert {i["id"] for i in page["items"]}.isdisjoint({i["id"] for i in rest["items"]})
    leck = client.get(URL, params={"destination": "leck"}, headers=va.headers).json()
    assert leck["total"] == 1 and leck["items"][0]["routing"]["destination"] == "leck"
    planned = client.get(
        URL, params={"urgency": "planned", "status": "routed"}, headers=va.headers
    ).json()
    assert planned["total"] == 4
    bad = client.get(URL, params={"urgency": "soon"}, headers=va.headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "urgency"]
    assert client.get(URL, params={"limit": 0}, headers=va.headers).status_code == 422


def test_organisations_and_regions_reference_data(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    regions = client.get("/api/v1/regions", headers=va.headers).json()
    assert len(regions) == 25
    codes = {r["code"] for r in regions}
    for region in regions:
        assert set(region["neighbours"]) <= codes and region["code"] not in region["neighbours"]
        assert 50.7 < region["lat"] < 53.6 and 3.3 < region["lon"] < 7.3
    vt = client.get(
        "/api/v1/organisations", params={"kind": "veilig_thuis"}, headers=va.headers
    ).json()
    assert len(vt) == 26 and all(o["ggd_region"] in codes for o in vt)
    leck = client.get("/api/v1/organisations", params={"kind": "leck"}, headers=va.headers).json()
    assert {"LECK", "LECK-NFI"} <= {o["code"] for o in leck}
    assert (
        client.get(
            "/api/v1/organisations", params={"kind": "police"}, headers=va.headers
        ).status_code
        == 422
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/doctors/215023233812788740096",
        "/api/v1/doctors/9223372036854775808/unavailability/1",
    ],
)
def test_ids_beyond_any_stored_id_are_422_not_500(client, login, path: str) -> None:
    planner = login(Role.GGD_PLANNER)
    response = client.request(
        "DELETE" if "unavailability" in path else "GET", path, headers=planner.headers
    )
    assert response.status_code in (404, 422), response.text
    assert response.json()["detail"][0]["msg"]
