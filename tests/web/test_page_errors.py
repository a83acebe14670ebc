"""A page that fails answers with the Dutch error page and the same status; the API keeps its
JSON errors. The page never repeats the input."""

from fmek.auth.models import Role
from tests.rosters.builders import add_running_job
from tests.web.test_planner_web import csrf_of, sign_in


def test_page_errors_are_dutch_pages_with_their_status(client, login):  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)

    for path, status, heading in [
        ("/bestaat-niet", 404, "Pagina niet gevonden"),
        ("/planning/regions/GG9999", 404, "Pagina niet gevonden"),
        ("/planning/regions/GG2514/fairness?weeks=99123", 422, "Ongeldige invoer"),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-type"].startswith("text/html")
        assert f"<h1>{heading}</h1>" in response.text
        assert "Afmelden" in response.text  # her navigation stays
        assert "99123" not in response.text

    for path in ("/api/v1/bestaat-niet", "/api/v1/regions/GG9999/roster?from=2030-03-04"):
        api = client.get(path, headers=planner.headers)
        assert api.status_code in (403, 404), path
        assert api.headers["content-type"] == "application/json"
        assert api.json()["detail"][0]["type"]


def test_a_form_with_a_wrong_csrf_token_gets_a_page_that_says_what_to_do(client, login):  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    assert csrf_of(page.text)

    forged = client.post(
        "/planning/regions/GG2514/publish", data={"csrf": "nope", "week": "2030-W10"}
    )

    assert forged.status_code == 403
    assert "<h1>Formulier verlopen</h1>" in forged.text
    assert "Er is niets opgeslagen" in forged.text


def test_the_job_page_does_not_refresh_itself_and_offers_a_link(client, login, session):  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    job = add_running_job(session, planner.user.id, progress=0.4)
    sign_in(client, planner.token)

    full = client.get(f"/planning/jobs/{job.id}")
    assert 'http-equiv="refresh"' not in full.text
    assert 'href="/planning/jobs/' in full.text  # "Stand bijwerken" without JavaScript
    assert "/static/job-progress.js" in full.text

    job.status, job.progress, job.result = "done", 1.0, {"filled": 5, "positions": 5}
    session.add(job)
    session.commit()
    part = client.get(f"/planning/jobs/{job.id}?stand=1", follow_redirects=False)
    assert part.status_code == 200
    assert 'data-klaar="1"' in part.text
    done = client.get(f"/planning/jobs/{job.id}", follow_redirects=False)
    assert done.status_code == 303
    assert "Rooster opnieuw gegenereerd: 5 van 5" in client.get(done.headers["location"]).text


def test_a_failed_job_says_so_in_dutch(client, login, session):  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    job = add_running_job(session, planner.user.id)
    job.status, job.error = "failed", "generation failed (ValueError)"
    session.add(job)
    session.commit()
    sign_in(client, planner.token)

    page = client.get(f"/planning/jobs/{job.id}").text

    assert "De generatie is mislukt. Het rooster is niet gewijzigd" in page
    assert "generation failed" not in page
    assert "job-progress.js" not in page  # nothing left to wait for
