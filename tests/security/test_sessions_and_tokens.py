"""Web sessions end for certain (logout, idle, absolute, revocation, rotation); tokens expire."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session
from typer.testing import CliRunner

from fmek.auth.models import Role, User
from fmek.auth.service import revoke_user, rotate_token
from fmek.cli import app as cli_app
from fmek.clock import set_clock
from tests.web.test_planner_web import csrf_of, sign_in

PAGE = "/planning/regions/GG2514?week=2030-W10"


def pin_clock(at: datetime) -> None:
    set_clock(lambda: at)


def test_a_cookie_copied_before_logout_is_worthless_after_it(client, login):
    planner = login(Role.GGD_PLANNER)
    sign_in(client, planner.token)
    page = client.get(PAGE)
    assert page.status_code == 200
    stolen = dict(client.cookies)
    client.post("/logout", data={"csrf": csrf_of(page.text)})
    client.cookies.clear()
    for name, value in stolen.items():
        client.cookies.set(name, value)
    again = client.get(PAGE, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")


def test_idle_for_15_minutes_ends_the_session_with_a_dutch_sign_in_again_page(client, login):
    start = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    pin_clock(start)
    planner = login(Role.GGD_PLANNER)
    sign_in(client, planner.token)
    pin_clock(start + timedelta(minutes=14))
    assert client.get(PAGE).status_code == 200  # activity keeps it alive
    pin_clock(start + timedelta(minutes=28))
    assert client.get(PAGE).status_code == 200
    pin_clock(start + timedelta(minutes=44))
    expired = client.get(PAGE, follow_redirects=False)
    assert expired.status_code == 303
    location = expired.headers["location"]
    assert location == "/login?next=/planning/regions/GG2514%3Fweek%3D2030-W10&reden=verlopen"
    page = client.get(location)
    assert "Uw sessie is verlopen" in page.text
    back = sign_in(client, planner.token, next="/planning/regions/GG2514?week=2030-W10")
    assert back.headers["location"] == PAGE  # returned to where she was


def test_eight_hours_after_sign_in_the_session_ends_however_active(client, login):
    start = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    pin_clock(start)
    planner = login(Role.GGD_PLANNER)
    sign_in(client, planner.token)
    for minutes in range(10, 8 * 60, 10):
        pin_clock(start + timedelta(minutes=minutes))
        assert client.get(PAGE).status_code == 200
    pin_clock(start + timedelta(hours=8, minutes=1))
    assert "reden=verlopen" in client.get(PAGE, follow_redirects=False).headers["location"]


def test_revoking_or_rotating_the_token_ends_web_sessions(client, login, engine):
    planner = login(Role.GGD_PLANNER)
    sign_in(client, planner.token)
    assert client.get(PAGE).status_code == 200
    with Session(engine) as s:
        _user, new_token = rotate_token(s, planner.user.id)
    assert client.get(PAGE, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/referrals", headers=planner.headers).status_code == 401
    sign_in(client, new_token)
    assert client.get(PAGE).status_code == 200
    with Session(engine) as s:
        revoke_user(s, planner.user.id)
    assert client.get(PAGE, follow_redirects=False).status_code == 303


def test_sign_in_needs_the_forms_csrf_token(client, login):
    planner = login(Role.GGD_PLANNER)
    missing = client.post("/login", data={"token": planner.token, "next": "/planning"})
    assert missing.status_code == 422
    forged = client.post("/login", data={"token": planner.token, "csrf": "forged"})
    assert forged.status_code == 403
    assert client.get(PAGE, follow_redirects=False).status_code == 303


def test_bearer_tokens_expire_and_record_their_last_use(client, login, session):
    start = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    pin_clock(start)
    vt = login(Role.VERTROUWENSARTS)
    user = session.get(User, vt.user.id)
    assert user is not None and user.expires_at is not None
    assert user.last_used_at is None
    assert client.get("/api/v1/referrals", headers=vt.headers).status_code == 200
    session.rollback()
    used = session.get(User, vt.user.id)
    assert used is not None and used.last_used_at is not None
    pin_clock(start + timedelta(days=89))
    assert client.get("/api/v1/referrals", headers=vt.headers).status_code == 200
    pin_clock(start + timedelta(days=90, minutes=1))
    refused = client.get("/api/v1/referrals", headers=vt.headers)
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"][0]["msg"]


def test_fmek_user_rotate_prints_a_working_new_token(engine, login, client, monkeypatch):
    monkeypatch.setenv("FMEK_DATABASE_URL", str(engine.url))
    from fmek.settings import get_settings

    get_settings.cache_clear()
    try:
        vt = login(Role.VERTROUWENSARTS)
        result = CliRunner().invoke(cli_app, ["user", "rotate", str(vt.user.id)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    new_token = result.output.strip().splitlines()[-1]
    assert new_token.startswith("fmek_") and new_token != vt.token
    assert client.get("/api/v1/referrals", headers=vt.headers).status_code == 401
    ok = client.get("/api/v1/referrals", headers={"Authorization": f"Bearer {new_token}"})
    assert ok.status_code == 200
