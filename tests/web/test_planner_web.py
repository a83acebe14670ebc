"""Planner pages without a browser: sign-in with a token, session cookie, CSRF, Dutch pages."""

import re
import time
from datetime import date, timedelta

import pytest

from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.rosters.rolling import extend_rolling
from tests.rosters.builders import add_doctor


@pytest.fixture
def app(app):  # type: ignore[no-untyped-def]
    app.state.settings.roster_solver_workers = 1
    app.state.roster_time_limit_s = 2.0
    return app


def sign_in(client, token: str, next: str = "/planning"):  # type: ignore[no-untyped-def]
    form = {"token": token, "next": next, "csrf": csrf_of(client.get("/login").text)}
    return client.post("/login", data=form, follow_redirects=False)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_pages_need_a_session_and_send_you_to_sign_in(client):
    response = client.get("/planning/regions/GG2514?week=2030-W10", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/planning/regions/GG2514%3Fweek%3D2030-W10"


def test_a_wrong_token_is_refused(client, login):
    response = sign_in(client, "fmek_wrong")
    assert response.status_code == 401
    assert "Onbekende, verlopen of ingetrokken token" in response.text
    vt = login(Role.VERTROUWENSARTS)
    assert sign_in(client, vt.token).status_code == 303
    assert client.get("/planning").status_code == 403


def test_sign_in_sets_a_signed_http_only_lax_cookie(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    response = sign_in(client, planner.token)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "fmek_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert planner.token not in response.headers["set-cookie"]


def test_overview_shows_all_25_regions(client, login):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)
    page = client.get("/planning")
    assert page.status_code == 200
    assert page.text.count('data-region="GG') == 25
    assert "<caption>Dekking per GGD-regio" in page.text


def test_week_grid_shows_gaps_in_words_and_pins_need_the_csrf_token(client, login, session):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    doctor = add_doctor(session, "Dr. Gerrit Gat")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    assert page.status_code == 200
    assert "Niet ingevuld" in page.text
    assert '<th scope="col">ma 4 mrt</th>' in page.text
    position = "GG2514:2030-03-04T08:00:00+01:00:day:primary"
    form = {"position_id": position, "doctor": str(doctor.id), "week": "2030-W10"}
    forged = client.post("/planning/regions/GG2514/pin", data={**form, "csrf": "nope"})
    assert forged.status_code == 403
    pinned = client.post("/planning/regions/GG2514/pin", data={**form, "csrf": csrf_of(page.text)})
    assert pinned.status_code == 200  # followed the redirect back to the week
    assert "Arts vastgezet." in pinned.text
    assert "Dr. Gerrit Gat" in pinned.text and "(vast)" in pinned.text


def test_a_forensisch_arts_sees_the_week_read_only(client, login):
    arts = login(Role.FORENSISCH_ARTS, region="GG2514")
    sign_in(client, arts.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    assert page.status_code == 200
    assert "Vastzetten" not in page.text
    assert "Opnieuw genereren" not in page.text
    other = client.get("/planning/regions/GG3406")
    assert other.status_code == 403


def test_regenerate_runs_a_job_and_returns_to_the_week(client, login, session):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    for letter in "ABCDEFGH":
        add_doctor(session, f"Arts {letter}")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    started = client.post(
        "/planning/regions/GG2514/generate",
        data={"csrf": csrf_of(page.text), "week": "2030-W10"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    job_url = started.headers["location"]
    for _ in range(600):
        step = client.get(job_url, follow_redirects=False)
        if step.status_code == 303:
            break
        assert "<progress" in step.text
        time.sleep(0.1)
    assert step.headers["location"] == "/planning/regions/GG2514?week=2030-W10"
    week = client.get(step.headers["location"])
    assert "Rooster opnieuw gegenereerd" in week.text
    assert '<span class="status">Niet ingevuld</span>' not in week.text


@pytest.mark.usefixtures("session")
def test_regenerate_while_the_region_has_a_job_says_to_wait(client, login, engine):
    from datetime import date

    from sqlmodel import Session

    from fmek.rosters.models import JobStatus, RosterJob

    with Session(engine) as s:
        s.add(
            RosterJob(
                region="GG2514",
                regions=["GG2514"],
                from_date=date(2030, 3, 4),
                to_date=date(2030, 3, 10),
                time_limit_s=5,
                status=JobStatus.RUNNING.value,
            )
        )
        s.commit()
    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W11")
    refused = client.post(
        "/planning/regions/GG2514/generate",
        data={"csrf": csrf_of(page.text), "week": "2030-W11"},
        follow_redirects=False,
    )
    assert refused.status_code == 429
    assert "Wacht tot die klaar is" in refused.text


def test_fairness_page_lists_doctors(client, login, session):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    add_doctor(session, "Dr. Eerlijk")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514/fairness?week=2030-W10")
    assert page.status_code == 200
    assert "Dr. Eerlijk" in page.text
    assert '<th scope="col" class="num">Nachten</th>' in page.text


def test_the_week_page_warns_planners_of_lapsing_registrations(client, login, session):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    lapsing = add_doctor(session, "Dr. Bijna Verlopen")
    lapsing.big_valid_until = utcnow().astimezone(AMSTERDAM).date() + timedelta(days=20)
    session.add(lapsing)
    add_doctor(session, "Dr. Nog Lang Geldig")
    session.commit()
    sign_in(client, planner.token)

    page = client.get("/planning/regions/GG2514?week=2030-W10")

    assert page.status_code == 200
    notice = page.text[page.text.index('id="kwaliteitseisen"') :]
    notice = notice[: notice.index("</section>")]
    assert "Dr. Bijna Verlopen: BIG-registratie" in notice
    assert "nog 20 dagen" in notice
    assert "Nog Lang Geldig" not in notice


def test_a_planner_publishes_a_planned_week_from_its_page(client, login, session, engine):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    for letter in "ABCDEFG":
        add_doctor(session, f"Dr. {letter}")
    extend_rolling(
        engine, regions=["GG2514"], weeks_ahead=1, today=date(2030, 3, 4), time_limit_s=1, workers=1
    )
    sign_in(client, planner.token)

    draft = client.get("/planning/regions/GG2514?week=2030-W10")
    assert "een <strong>concept</strong>" in draft.text
    published = client.post(
        "/planning/regions/GG2514/publish",
        data={"csrf": csrf_of(draft.text), "week": "2030-W10"},
        follow_redirects=True,
    )

    assert published.status_code == 200
    assert "is <strong>gepubliceerd</strong>" in published.text
    assert 'id="publiceren"' not in published.text
