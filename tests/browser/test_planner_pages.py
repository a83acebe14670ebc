"""The planner pages in a real browser (Debian's chromium via Playwright): sign in, open a
week, see a gap, pin a doctor, regenerate, and see the pin kept."""

from datetime import time as time_of_day

import pytest

from fmek.auth.models import Role
from tests.browser.conftest import assert_accessible
from tests.rosters.builders import WEEK, add_doctor, position_id

pytestmark = pytest.mark.browser


def test_sign_in_open_a_week_pin_a_gap_and_keep_the_pin_on_regeneration(
    server, browser_page, session, login
):  # type: ignore[no-untyped-def]
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    planner = login(Role.GGD_PLANNER, region="GG2514", name="Planner Utrecht")
    # One FMEK-trained doctor cannot cover a week of primaries within the working-time rules:
    # gaps remain after generating.
    pinned_doctor = add_doctor(session, "Dr. Anna Pin")
    for name in ("Dr. Cor Achter", "Dr. Dirk Achter", "Dr. Eva Achter"):
        add_doctor(session, name, qualifications=())

    page.goto(f"{server}/planning/regions/GG2514?week=2030-W10")
    expect(page).to_have_url(f"{server}/login?next=/planning/regions/GG2514%3Fweek%3D2030-W10")
    page.get_by_label("Token").fill(planner.token)
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Rooster GGD Regio Utrecht")
    assert_accessible(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "fmek_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"

    monday_day = position_id("GG2514", WEEK, time_of_day(8), "day", "primary")
    cell = page.locator(f'td[data-position="{monday_day}"]')
    expect(cell).to_contain_text("Niet ingevuld")
    expect(cell).to_have_class("gap")

    cell.get_by_label("Arts voor maandag 4 maart, 08:00–17:00 primair").select_option(
        str(pinned_doctor.id)
    )
    cell.get_by_role("button", name="Vastzetten").click()
    expect(page.get_by_role("status").first).to_contain_text("Arts vastgezet.")
    expect(cell).to_contain_text("Dr. Anna Pin")
    expect(cell).to_contain_text("(vast)")

    page.get_by_role("button", name="Opnieuw genereren").click()
    expect(page.get_by_text("Rooster opnieuw gegenereerd")).to_be_visible(timeout=60_000)
    expect(page).to_have_url(f"{server}/planning/regions/GG2514?week=2030-W10")
    expect(cell).to_contain_text("Dr. Anna Pin")
    expect(cell).to_contain_text("(vast)")
    expect(page.locator("#rooster td.gap").first).to_contain_text("Niet ingevuld")
    expect(page.locator("#rooster td.violation, #rooster td.gap").first).to_be_visible()
    page.get_by_role("link", name="Verdeling per arts").click()
    assert_accessible(page)
    page.get_by_role("link", name="Landelijk overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijk overzicht dekking")
    assert_accessible(page)
