"""The vertrouwensarts in a real browser: sign in, fill the form for a GGD case and a LECK case,
watch the routing preview change before submitting, submit twice (one referral), and read the
decision and the planned doctor. axe-core checks every page reached."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.referrals.models import Referral
from tests.allocation.builders import add_doctor, add_shift
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_vertrouwensarts_refers_a_ggd_case_and_a_leck_case(
    server, browser_page, session, login, engine
):  # type: ignore[no-untyped-def]
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    vt = login(Role.VERTROUWENSARTS, name="Dr. Vera Trouw")
    doctor = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Frits Arts")
    doctor_id = add_doctor(engine, user_id=doctor.user.id, name="Dr. Frits Arts")
    now = utcnow()
    add_shift(engine, doctor_id, now - timedelta(hours=1), now + timedelta(hours=30))

    page.goto(f"{server}/login")
    assert_accessible(page)
    page.get_by_label("Token").fill(vt.token)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(f"{server}/verwijzingen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwijzingen")
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe verwijzing").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe verwijzing")
    today = now.astimezone(AMSTERDAM).date()
    page.get_by_label("Naam kind").fill("Sanne de Boer")
    page.get_by_label("Geboortedatum").fill((today - timedelta(days=7 * 365)).isoformat())
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("BSN").fill("123456782")
    page.get_by_label("Mobiliteit").select_option("mobile")
    page.get_by_label("GGD-regio").select_option("GG2514")
    zorgen = page.get_by_role("group", name="Zorgen")
    zorgen.get_by_label("lichamelijke mishandeling").check()
    page.get_by_label("Vraagstelling").fill("Passen de blauwe plekken bij een val van de fiets?")
    page.get_by_role("button", name="Letsel toevoegen").click()
    row = page.get_by_role("group", name="Letsel 1")
    row.get_by_label("Soort letsel").select_option("bruise")
    row.get_by_label("Lichaamsdeel").select_option("arm")
    row.get_by_label("Zijde").select_option("left")
    seen = (now - timedelta(hours=3)).astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")
    row.get_by_label("Gezien op").fill(seen)

    preview = page.locator("#voorbeeld")
    expect(preview.locator("#voorbeeld-bestemming")).to_have_text("GGD")  # live, no click
    expect(preview).to_contain_text(re.compile("FRESH|VISIBLE"))  # handelingskader v1 | v2
    expect(preview.locator("#voorbeeld-urgentie")).to_have_text("urgent")
    assert_accessible(page)

    page.get_by_role("button", name="Verwijzing indienen").dblclick()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verwijzing S.D.B.")
    expect(page.locator("#bestemming")).to_have_text("GGD")
    for _ in range(40):  # planning runs beside the request: the page shows it once done
        if page.locator("#gepland-arts").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator("#gepland-arts")).to_have_text("Dr. Frits Arts")
    expect(page.locator("#deadline")).to_contain_text(str(today.year))
    assert "123456782" not in page.url and "Sanne" not in page.url
    assert_accessible(page)
    session.rollback()
    assert len(session.exec(select(Referral)).all()) == 1

    # A LECK case: a fracture in a toddler; the preview turns to LECK before submitting.
    page.get_by_role("link", name="Nieuwe verwijzing").click()
    page.get_by_label("Naam kind").fill("Tim Jansen")
    page.get_by_label("Geboortedatum").fill((today - timedelta(days=400)).isoformat())
    page.get_by_label("Geslacht").select_option("male")
    page.get_by_label("GGD-regio").select_option("GG2514")
    page.get_by_role("group", name="Zorgen").get_by_label("lichamelijke mishandeling").check()
    page.get_by_label("Vraagstelling").fill("Is de breuk toegebracht?")
    page.get_by_role("button", name="Letsel toevoegen").click()
    row = page.get_by_role("group", name="Letsel 1")
    row.get_by_label("Soort letsel").select_option("bruise")
    row.get_by_label("Lichaamsdeel").select_option("leg")
    expect(preview.locator("#voorbeeld-bestemming")).to_have_text("GGD")
    row.get_by_label("Soort letsel").select_option("fracture")
    expect(preview.locator("#voorbeeld-bestemming")).to_have_text("LECK")
    expect(preview).to_contain_text("INFANT-SEVERE")
    page.get_by_role("button", name="Controleren").click()  # the no-JS path says the same
    expect(page.locator("#voorbeeld-bestemming")).to_have_text("LECK")
    page.get_by_role("button", name="Verwijzing indienen").click()
    expect(page.locator("#bestemming")).to_have_text("LECK")
    expect(page.locator("#urgentie")).to_have_text("acuut")
    expect(page.locator(".decision").first).to_contain_text("INFANT-SEVERE")

    page.get_by_role("link", name="Verwijzingen", exact=True).click()
    table = page.locator("#verwijzingen")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("T.J.")
    expect(table).not_to_contain_text("Tim")
    expect(table).to_contain_text("Dr. Frits Arts")
    page.get_by_label("Bestemming").select_option("leck")
    page.get_by_role("button", name="Filteren").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
