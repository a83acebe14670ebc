"""The public verification route is rate-limited per client address: the next request after
the limit gets 429 with Retry-After and a clear message, other addresses go on, and after the
window the client may verify again. The limit is configurable and can be turned off."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from fmek.main import create_app
from fmek.security.rate_limit import SlidingWindowLimiter
from fmek.settings import Settings

UNKNOWN = "/api/v1/verify/" + "ab" * 32


def _client(engine: Engine, **settings: Any) -> TestClient:
    return TestClient(
        create_app(
            Settings(
                database_url=str(engine.url),
                cookie_secure=False,
                secret_key="test-secret",
                jobs_runner="inline",
                **settings,
            ),
            engine=engine,
        )
    )


def test_the_request_after_the_limit_gets_429_with_retry_after(engine: Engine) -> None:
    with _client(engine, verify_rate_limit=3, verify_rate_window_s=60) as client:
        assert [client.get(UNKNOWN).status_code for _ in range(3)] == [404, 404, 404]
        refused = client.get(UNKNOWN)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        (problem,) = refused.json()["detail"]
        assert problem["type"] == "rate_limited"
        assert "at most 3 per 60 seconds" in problem["msg"]
        # the limit is about verification only: the rest of the service answers
        assert client.get("/api/v1/health").status_code == 200


def test_a_limit_of_zero_turns_it_off(engine: Engine) -> None:
    with _client(engine, verify_rate_limit=0) as client:
        assert {client.get(UNKNOWN).status_code for _ in range(40)} == {404}


def test_the_default_allows_a_court_clerk_a_few_checks(engine: Engine) -> None:
    with _client(engine) as client:
        assert {client.get(UNKNOWN).status_code for _ in range(10)} == {404}


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_address_has_its_own_window_and_it_slides() -> None:
    clock = _Clock()
    limiter = SlidingWindowLimiter(2, 10.0, clock=clock)
    assert limiter.retry_after("10.0.0.1") is None
    clock.now += 4
    assert limiter.retry_after("10.0.0.1") is None
    assert limiter.retry_after("10.0.0.1") == 6  # the first request leaves the window in 6 s
    assert limiter.retry_after("10.0.0.2") is None  # another client is not affected
    clock.now += 6
    assert limiter.retry_after("10.0.0.1") is None  # the first one slid out
    assert limiter.retry_after("10.0.0.1") == 4


def test_refused_requests_do_not_extend_the_wait() -> None:
    clock = _Clock()
    limiter = SlidingWindowLimiter(1, 10.0, clock=clock)
    assert limiter.retry_after("a") is None
    for _ in range(50):
        assert limiter.retry_after("a") is not None
    clock.now += 10
    assert limiter.retry_after("a") is None


def test_memory_stays_bounded_under_many_addresses() -> None:
    limiter = SlidingWindowLimiter(5, 60.0, clock=_Clock(), max_clients=100)
    for n in range(1000):
        limiter.retry_after(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._hits) == 100
