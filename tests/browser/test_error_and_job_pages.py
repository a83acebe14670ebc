"""Pages that are not a task's main path, in a real browser with axe-core: the error pages
(404, 403, 422, an expired form) and the roster job page, whose progress moves without
reloading the page and which leads to the week when the job is done."""

import pytest
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.rosters.models import RosterJob
from tests.browser.conftest import assert_accessible
from tests.rosters.builders import add_running_job

pytestmark = pytest.mark.browser


def test_error_pages_and_the_job_page_are_accessible(server, browser_page, login, engine):  # type: ignore[no-untyped-def]
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    planner = login(Role.GGD_PLANNER, region="GG2514", name="Planner Utrecht")
    page.goto(f"{server}/login")
    page.get_by_label("Token").fill(planner.token)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijk overzicht dekking")

    for path, heading in [
        ("/planning/regions/GG9999", "Pagina niet gevonden"),
        ("/planning/regions/GG0111", "Geen toegang"),
        ("/planning/regions/GG2514/fairness?weeks=99", "Ongeldige invoer"),
    ]:
        page.goto(f"{server}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    page.goto(f"{server}/planning/regions/GG2514?week=2030-W10")
    page.locator("form[action$='/generate'] input[name=csrf]").evaluate("i => i.value = 'oud'")
    page.get_by_role("button", name="Opnieuw genereren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulier verlopen")
    assert_accessible(page)

    with Session(engine) as s:
        job_id = add_running_job(s, planner.user.id).id
    page.goto(f"{server}/planning/jobs/{job_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rooster genereren")
    assert_accessible(page)
    page.evaluate("window.zelfdePagina = true")

    with Session(engine) as s:
        row = s.get(RosterJob, job_id)
        assert row is not None
        row.progress = 0.6
        s.add(row)
        s.commit()
    expect(page.locator("#voortgang")).to_have_attribute("value", "0.6", timeout=10_000)
    assert page.evaluate("window.zelfdePagina === true")  # no reload while waiting

    with Session(engine) as s:
        row = s.get(RosterJob, job_id)
        assert row is not None
        row.status, row.progress, row.result = "done", 1.0, {"filled": 7, "positions": 7}
        s.add(row)
        s.commit()
    expect(page).to_have_url(f"{server}/planning/regions/GG2514?week=2030-W10", timeout=10_000)
    expect(page.get_by_role("status").first).to_contain_text("Rooster opnieuw gegenereerd: 7 van 7")
