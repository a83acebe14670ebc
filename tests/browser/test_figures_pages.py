"""The half-yearly figures and the what-if in a real browser at phone width (390 px): axe-core
finds no serious violation, the charts load as images under the page's CSP (no violation
reported), the page never scrolls sideways, and everything works from the keyboard."""

from datetime import UTC, datetime, timedelta

import pytest

from fmek.auth.models import Role
from tests.browser.conftest import assert_accessible
from tests.referrals.builders import birth_date_for_age, referral_body

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def make_referrals(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    recent = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    child = {"name": "Kind", "birth_date": birth_date_for_age(120), "sex": "female"}
    bodies = [
        referral_body(child=child, concerns=["sexual_abuse"], last_incident_at=recent)
        for _ in range(5)
    ] + [referral_body() for _ in range(6)]
    for body in bodies:
        assert client.post("/api/v1/referrals", json=body, headers=va.headers).is_success


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    """Nothing sticks out to the right, except inside a table's own scrolling box."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && !e.closest('.tabel-wrap'))
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == [], wide
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_figures_and_what_if_at_390_px_by_keyboard(server, chromium, client, login):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    make_referrals(client, login)
    policy = login(Role.BELEID)
    context = chromium.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    try:
        page.goto(f"{server}/login")
        page.get_by_label("Token").fill(policy.token)
        page.get_by_label("Token").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cijfers")
        expect(page.get_by_role("heading", level=2, name="Tijdig ingezet")).to_be_visible()
        charts = page.locator("figure.grafiek img")
        assert charts.count() >= 1
        for n in range(charts.count()):
            loaded = charts.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
            assert loaded, f"chart {n} did not load"
            described = charts.nth(n).get_attribute("aria-describedby")
            expect(page.locator(f"#{described}")).to_contain_text("per halfjaar")
        assert fits_the_screen(page)
        assert_accessible(page)

        # the form by keyboard: choose the half-year before, submit with Enter
        page.get_by_label("Halfjaar").focus()
        page.keyboard.press("ArrowDown")
        chosen = page.get_by_label("Halfjaar").input_value()
        page.keyboard.press("Tab")  # to the region
        page.keyboard.press("Tab")  # to the button
        expect(page.get_by_role("button", name="Toon cijfers")).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**halfjaar={chosen}**")
        expect(page.get_by_role("heading", level=1)).to_contain_text("halfjaar")
        # a table scrolls in its own box and can be reached with Tab
        wrap = page.locator(".tabel-wrap").first
        wrap.focus()
        expect(wrap).to_be_focused()

        page.get_by_role("link", name="Wat als: een ander handelingskader").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Wat als")
        page.get_by_label("Versie nu").select_option("v1")
        page.get_by_label("Versie straks").select_option("v2")
        page.get_by_role("button", name="Vergelijk").press("Enter")
        expect(page.get_by_role("table", name="Extra taken per maand")).to_contain_text("+5")
        assert "Kind" not in page.locator("main").inner_text().replace("Kinderen", "")
        assert fits_the_screen(page)
        assert_accessible(page)
        assert refused == []
    finally:
        context.close()
