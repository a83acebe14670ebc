"""Status moves only by explicit actions, along allowed edges, with optimistic versions."""

from fmek.auth.models import Role
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"


def _create(client, headers) -> dict:
    return client.post(URL, json=referral_body(), headers=headers).json()


def test_planner_moves_along_the_lifecycle_with_etags(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    planner = login(Role.GGD_PLANNER, region="GG2514")
    referral = _create(client, va.headers)
    moved = client.post(
        f"{URL}/{referral['id']}/transitions",
        json={"to": "scheduled"},
        headers={**planner.headers, "If-Match": '"1"'},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "scheduled"
    assert moved.headers["ETag"] == '"2"'
    for status, version in (("examined", 3), ("reported", 4), ("closed", 5)):
        step = client.post(
            f"{URL}/{referral['id']}/transitions",
            json={"to": status},
            headers={**planner.headers, "If-Match": f'"{version - 1}"'},
        )
        assert step.status_code == 200, step.text
        assert step.json()["version"] == version


def test_invalid_move_is_409_and_changes_nothing(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    planner = login(Role.GGD_PLANNER, region="GG2514")
    referral = _create(client, va.headers)
    response = client.post(
        f"{URL}/{referral['id']}/transitions", json={"to": "reported"}, headers=planner.headers
    )
    assert response.status_code == 409
    assert "allowed next" in response.json()["detail"][0]["msg"]
    assert client.get(f"{URL}/{referral['id']}", headers=va.headers).json()["version"] == 1


def test_stale_if_match_is_412(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    referral = _create(client, va.headers)
    ok = client.post(
        f"{URL}/{referral['id']}/transitions",
        json={"to": "withdrawn"},
        headers={**va.headers, "If-Match": '"1"'},
    )
    assert ok.status_code == 200
    stale = client.post(
        f"{URL}/{referral['id']}/transitions",
        json={"to": "closed"},
        headers={**va.headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert stale.json()["detail"][0]["loc"] == ["header", "if-match"]


def test_withdrawn_is_final(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    referral = _create(client, va.headers)
    client.post(f"{URL}/{referral['id']}/transitions", json={"to": "withdrawn"}, headers=va.headers)
    again = client.post(
        f"{URL}/{referral['id']}/transitions", json={"to": "closed"}, headers=va.headers
    )
    assert again.status_code == 409
    assert "none (final status)" in again.json()["detail"][0]["msg"]


def test_role_may_not_set_every_status(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    referral = _create(client, va.headers)
    response = client.post(
        f"{URL}/{referral['id']}/transitions", json={"to": "scheduled"}, headers=va.headers
    )
    assert response.status_code == 403


def test_unknown_status_is_422(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    referral = _create(client, va.headers)
    response = client.post(
        f"{URL}/{referral['id']}/transitions", json={"to": "lost"}, headers=va.headers
    )
    assert response.status_code == 422


def test_routing_history_lists_versions(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    referral = _create(client, va.headers)
    history = client.get(f"{URL}/{referral['id']}/routing-decisions", headers=va.headers).json()
    assert [h["version"] for h in history] == [1]
    assert history[0]["rules"] == referral["routing"]["rules"]
