"""Idempotency-Key: retries return the first referral, also when they race."""

import threading

import pytest
from sqlmodel import func, select

from fmek.auth.models import Role
from fmek.referrals.models import Referral
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"


def test_same_key_same_body_returns_same_referral(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    headers = {**va.headers, "Idempotency-Key": "retry-1"}
    first = client.post(URL, json=referral_body(), headers=headers)
    second = client.post(URL, json=referral_body(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    session.rollback()
    assert session.exec(select(func.count()).select_from(Referral)).one() == 1


def test_same_key_other_body_is_422_and_stores_nothing(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    headers = {**va.headers, "Idempotency-Key": "retry-2"}
    assert client.post(URL, json=referral_body(), headers=headers).status_code == 201
    other = client.post(URL, json=referral_body(vraagstelling="Een andere vraag"), headers=headers)
    assert other.status_code == 422
    assert other.json()["detail"][0]["type"] == "idempotency_key_reused"
    assert other.json()["detail"][0]["loc"] == ["header", "idempotency-key"]
    session.rollback()
    assert session.exec(select(func.count()).select_from(Referral)).one() == 1


@pytest.mark.usefixtures("session")
def test_keys_are_per_user(client, login) -> None:
    one, two = login(Role.VERTROUWENSARTS), login(Role.VERTROUWENSARTS)
    a = client.post(URL, json=referral_body(), headers={**one.headers, "Idempotency-Key": "k"})
    b = client.post(URL, json=referral_body(), headers={**two.headers, "Idempotency-Key": "k"})
    assert a.json()["id"] != b.json()["id"]


def test_concurrent_retries_create_exactly_one(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    headers = {**va.headers, "Idempotency-Key": "race-1"}
    barrier = threading.Barrier(8)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def submit() -> None:
        barrier.wait()
        response = client.post(URL, json=referral_body(), headers=headers)
        with lock:
            results.append((response.status_code, response.json().get("id", "")))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [code for code, _ in results] == [201] * 8
    assert len({rid for _, rid in results}) == 1
    session.rollback()
    assert session.exec(select(func.count()).select_from(Referral)).one() == 1


def test_blank_key_is_rejected(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        URL, json=referral_body(), headers={**va.headers, "Idempotency-Key": "  "}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "idempotency-key"]
