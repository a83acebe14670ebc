"""The colleague who reviews, in a real browser: the report waits for her on /onderzoeken, she
returns it once with a remark the author sees, then approves it and it is signed and final."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.clock import set_clock, utcnow
from fmek.doctors.models import Doctor
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


def _verified_doctor(engine, user_id: int, name: str) -> int:  # type: ignore[no-untyped-def]
    doctor_id = add_doctor(engine, user_id=user_id, name=name)
    with Session(engine) as s:
        doctor = s.get(Doctor, doctor_id)
        assert doctor is not None
        doctor.big_verified_at = utcnow()
        s.add(doctor)
        s.commit()
    return doctor_id


def test_reviewer_returns_then_approves_in_the_browser(server, browser_page, login, engine, client):  # type: ignore[no-untyped-def]
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    author = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Eva Onderzoek")
    on_shift(engine, _verified_doctor(engine, author.user.id, "Dr. Eva Onderzoek"))
    reviewer = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Hanna Toets")
    _verified_doctor(engine, reviewer.user.id, "Dr. Hanna Toets")
    vt = login(Role.VERTROUWENSARTS)
    referral = client.post("/api/v1/referrals", json=acute_body(), headers=vt.headers).json()
    requested_before_sample(engine, referral["id"])
    api = f"/api/v1/referrals/{referral['id']}/report"
    assert client.put(f"{api}/draft", json=draft_body(), headers=author.headers).status_code == 201
    offer = {"reviewer_user_id": reviewer.user.id, "place": "Utrecht"}
    offered = client.post(f"{api}/finalise", json=offer, headers=author.headers)
    assert offered.status_code == 200, offered.text

    page.goto(f"{server}/login")
    page.get_by_label("Token").fill(reviewer.token)
    page.get_by_role("button", name="Aanmelden").click()
    queue = page.locator("#toetsing")
    expect(queue).to_contain_text("Dr. Eva Onderzoek")
    queue.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport toetsen")
    assert_accessible(page)

    page.get_by_role("button", name="Teruggeven aan de auteur").click()  # without a remark
    expect(page.get_by_role("alert")).to_contain_text("Schrijf op wat de auteur moet aanpassen")
    assert_accessible(page)
    page.get_by_label("Wat moet de auteur aanpassen?").fill("Beschrijf de kleur van letsel 3.")
    page.get_by_role("button", name="Teruggeven aan de auteur").click()
    expect(page.get_by_role("status").first).to_contain_text("teruggegeven aan de auteur")
    expect(page.locator("#toetsing")).to_have_count(0)
    assert_accessible(page)

    again = client.post(f"{api}/finalise", json=offer, headers=author.headers)
    assert again.status_code == 200, again.text
    page.goto(f"{server}/verwijzingen/{referral['id']}/rapport/toetsing")
    page.get_by_role("button", name="Goedkeuren en ondertekenen").click()
    expect(page.get_by_role("status").first).to_contain_text("goedgekeurd en ondertekend")
    versions = client.get(f"{api}/versions", headers=author.headers).json()["items"]
    assert versions[-1]["status"] == "final"
