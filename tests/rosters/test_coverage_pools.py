"""Coverage pools: regions sharing one on-call line are rostered together on shared positions."""

from datetime import timedelta

from fmek.auth.models import Role
from tests.rosters.builders import WEEK, add_doctor, run_job, week_body

POOL = {"name": "Midden", "regions": ["GG2514", "GG3606"]}
WEEK_QUERY = {"from": str(WEEK), "to": str(WEEK + timedelta(days=6))}


def test_a_pool_shares_the_on_call_line_between_its_regions(client, login, region, session):
    admin = login(Role.ADMIN)
    created = client.put("/api/v1/coverage-pools/POOL-M", json=POOL, headers=admin.headers)
    assert created.status_code == 200, created.text
    assert created.json()["shared_templates"] == ["consignatie"]
    session.rollback()
    for letter in "PQRSTU":
        add_doctor(session, f"Gooi {letter}", region="GG3606")
    run_job(client, region.planner.headers, week_body(2.0))
    utrecht = client.get(
        "/api/v1/regions/GG2514/roster", params=WEEK_QUERY, headers=region.planner.headers
    ).json()
    pooled = [p for p in utrecht["positions"] if p["pool"] == "POOL-M"]
    assert len(pooled) == 14 and all(p["kind"] == "on_call" for p in pooled)
    assert all(p["doctor"] is not None for p in utrecht["positions"])
    gooi = login(Role.GGD_PLANNER, region="GG3606")
    other = client.get(
        "/api/v1/regions/GG3606/roster", params=WEEK_QUERY, headers=gooi.headers
    ).json()
    assert {p["id"] for p in other["positions"] if p["pool"] == "POOL-M"} == {
        p["id"] for p in pooled
    }
    assert all(p["doctor"] is not None for p in other["positions"])


def test_a_region_joins_one_pool_only_and_only_admins_edit_pools(client, login, region):
    admin = login(Role.ADMIN)
    assert (
        client.put("/api/v1/coverage-pools/POOL-M", json=POOL, headers=admin.headers).status_code
        == 200
    )
    clash = client.put(
        "/api/v1/coverage-pools/POOL-N",
        json={"name": "N", "regions": ["GG3606", "GG2209"]},
        headers=admin.headers,
    )
    assert clash.status_code == 409
    assert clash.json()["detail"][0]["type"] == "region_in_other_pool"
    planner = client.put("/api/v1/coverage-pools/POOL-X", json=POOL, headers=region.planner.headers)
    assert planner.status_code == 403
    listed = client.get("/api/v1/coverage-pools", headers=region.planner.headers).json()
    assert [p["code"] for p in listed] == ["POOL-M"]
