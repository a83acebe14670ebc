"""The forensisch arts in a real browser: she accepts her examination, writes findings with two
injuries placed on the body map, sees the completeness panel shrink, meets a stale save from a
second tab refused visibly, submits it to a colleague for review and, once approved, downloads the
signed PDF. axe-core checks every page."""

from collections.abc import Iterator

import pytest

from fmek.auth.models import Role
from fmek.clock import set_clock
from fmek.forensic_reports.sample import draft_body
from tests.allocation.builders import NOW, acute_body, add_doctor, on_shift
from tests.browser.conftest import assert_accessible
from tests.forensic_reports.builders import requested_before_sample

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    set_clock(lambda: NOW)
    yield
    set_clock(None)


def _big_verified(engine, *doctor_ids: int) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    from fmek.clock import utcnow
    from fmek.doctors.models import Doctor

    with Session(engine) as s:
        for doctor_id in doctor_ids:
            doctor = s.get(Doctor, doctor_id)
            assert doctor is not None
            doctor.big_verified_at = utcnow()
            s.add(doctor)
        s.commit()


def _fill_injury(row, region: str, side: str, photo: str) -> None:  # type: ignore[no-untyped-def]
    row.get_by_label("Lichaamsdeel").select_option(region)
    row.get_by_label("Zijde").select_option(side)
    row.get_by_label("Soort letsel").select_option("bruise")
    row.get_by_label("Lengte (mm)").fill("20")
    row.get_by_label("Breedte (mm)").fill("12")
    row.get_by_label("Vorm").fill("ovaal")
    row.get_by_label("Begrenzing").fill("onscherp")
    row.get_by_label("Patroon").fill("geen patroon")
    row.get_by_label("Foto's (nummers, één per regel)").fill(photo)


def test_forensisch_arts_accepts_writes_findings_and_signs(
    server, browser_page, login, engine, client
):  # type: ignore[no-untyped-def]
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    me = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Eva Onderzoek")
    doctor_id = add_doctor(engine, user_id=me.user.id, name="Dr. Eva Onderzoek")
    on_shift(engine, doctor_id)
    reviewer = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Hanna Toets")
    reviewer_doctor = add_doctor(engine, user_id=reviewer.user.id, name="Dr. Hanna Toets")
    _big_verified(engine, doctor_id, reviewer_doctor)
    vt = login(Role.VERTROUWENSARTS)
    referral = client.post("/api/v1/referrals", json=acute_body(), headers=vt.headers).json()
    requested_before_sample(engine, referral["id"])
    body = draft_body()
    body["injuries"] = []  # the sample without its injury inventory: she writes it now
    saved = client.put(
        f"/api/v1/referrals/{referral['id']}/report/draft", json=body, headers=me.headers
    )
    assert saved.status_code == 201, saved.text

    page.goto(f"{server}/login")
    page.get_by_label("Token").fill(me.token)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(f"{server}/onderzoeken")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn onderzoeken")
    assert_accessible(page)
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_role("status").first).to_contain_text("Onderzoek geaccepteerd.")
    expect(page.locator("section.card h3").first).to_contain_text("geaccepteerd")

    page.get_by_role("link", name="Bevindingen en rapport").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bevindingen en rapport")
    missing = page.locator("#ontbreekt li")
    expect(missing.filter(has_text="Letselinventaris")).to_have_count(1)
    before = missing.count()
    assert_accessible(page)

    inventory = page.locator("#veld-injuries")
    inventory.get_by_role("button", name="Letsel toevoegen").click()
    inventory.get_by_role("button", name="Letsel toevoegen").click()
    _fill_injury(page.get_by_role("group", name="Letsel 1", exact=True), "arm", "left", "F001")
    _fill_injury(page.get_by_role("group", name="Letsel 2", exact=True), "back", "right", "F001")

    body_map = page.get_by_role("button", name="Lichaamsschema: klik om het gekozen letsel")
    page.get_by_role("radio", name="Letsel 1").check()
    page.evaluate("window.zelfdePagina = true")
    body_map.click(position={"x": 95, "y": 130})
    expect(page.get_by_role("radio", name="Letsel 2")).to_be_checked()  # on to the next one
    body_map.click(position={"x": 215, "y": 110})
    first = page.get_by_role("group", name="Letsel 1", exact=True)
    second = page.get_by_role("group", name="Letsel 2", exact=True)
    expect(first.get_by_label("Positie op het lichaamsschema, horizontaal")).to_have_value("95.0")
    expect(second.get_by_label("Positie op het lichaamsschema, verticaal")).to_have_value("110.0")
    expect(page.locator("#kaart-status")).to_contain_text("Geplaatst")
    assert page.evaluate("window.zelfdePagina === true")  # placed without loading the page again

    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Concept opgeslagen.")
    expect(missing.filter(has_text="Letselinventaris")).to_have_count(0)
    assert missing.count() < before
    expect(first.get_by_label("Positie op het lichaamsschema, horizontaal")).to_have_value("95.0")
    assert_accessible(page)

    # A second tab saves; the first tab's older state is refused, visibly, and kept on screen.
    other = page.context.new_page()
    other.goto(page.url)
    other.get_by_role("group", name="Letsel 2", exact=True).get_by_label("Vorm").fill("streep")
    other.get_by_role("button", name="Concept opslaan").click()
    expect(other.get_by_role("status").first).to_contain_text("Concept opgeslagen.")
    other.close()
    first.get_by_label("Vorm").fill("rond")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("intussen elders opgeslagen")
    expect(
        page.get_by_role("group", name="Letsel 1", exact=True).get_by_label("Vorm")
    ).to_have_value("rond")
    page.goto(page.url)  # open the newest state (a reload would post the stale form again)

    page.get_by_label("Collegiale toetser").select_option(label="Dr. Hanna Toets")
    page.get_by_label("Plaats van ondertekening").fill("Utrecht")
    page.get_by_role("button", name="Ter toetsing aanbieden").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapport ter toetsing aangeboden.")
    expect(page.locator("#bij-toetser")).to_be_visible()
    assert_accessible(page)
    approved = client.post(
        f"/api/v1/referrals/{referral['id']}/report/review",
        json={"decision": "approve"},
        headers=reviewer.headers,
    )
    assert approved.status_code == 200, approved.text
    page.goto(page.url)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
