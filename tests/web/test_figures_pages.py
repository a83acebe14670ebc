"""/cijfers for beleid and planners; a signed-in policy officer still sees no client page."""

from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from reports.figures_view import HalfYear
from tests.referrals.builders import referral_body
from tests.web.test_planner_web import sign_in


def test_beleid_reads_national_and_regional_figures(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    for _ in range(5):
        assert client.post("/api/v1/referrals", json=referral_body(), headers=va.headers).is_success
    policy = login(Role.BELEID)
    assert sign_in(client, policy.token, next="/cijfers").status_code == 303
    national = client.get("/cijfers")
    assert national.status_code == 200
    finished = HalfYear.of(utcnow().astimezone(AMSTERDAM).date()).previous()
    assert f"<h1>Cijfers {finished.name_nl} — landelijk" in national.text  # not the running one
    assert "landelijk" in national.text and "Tijdig ingezet" in national.text
    assert "geen landelijke norm" in national.text
    assert '<select id="regio" name="regio">' in national.text
    regional = client.get("/cijfers", params={"regio": "GG2514"})
    assert regional.status_code == 200 and "regio GG2514" in regional.text
    assert client.get("/cijfers", params={"halfjaar": "2025-H2"}).status_code == 200
    assert client.get("/cijfers", params={"halfjaar": "2026-H3"}).status_code == 422
    assert client.get("/cijfers", params={"regio": "GG9999"}).status_code == 404


def test_a_signed_in_policy_officer_gets_no_client_page(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    made = client.post("/api/v1/referrals", json=referral_body(), headers=va.headers).json()
    assert sign_in(client, login(Role.BELEID).token, next="/cijfers").status_code == 303
    for path in (
        "/verwijzingen",
        f"/verwijzingen/{made['id']}",
        f"/verwijzingen/{made['id']}/toegang",
        "/planning",
        "/planning/regions/GG2514",
        "/onderzoeken",
        "/leck/wachtrij",
        "/advies",
        "/privacy",
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert "Test Kind" not in response.text


def test_a_planner_sees_only_their_own_region(client, login) -> None:
    planner = login(Role.GGD_PLANNER, region="GG2514")
    assert sign_in(client, planner.token, next="/cijfers").status_code == 303
    own = client.get("/cijfers")
    assert own.status_code == 200 and "regio GG2514" in own.text
    assert '<select id="regio"' not in own.text
    assert client.get("/cijfers", params={"regio": "GG3406"}).status_code == 403


def test_other_roles_are_refused(client, login) -> None:
    assert sign_in(client, login(Role.VERTROUWENSARTS).token).status_code == 303
    assert client.get("/cijfers").status_code == 403


def test_the_page_shows_groups_trends_definitions_and_charts_as_images(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    for _ in range(6):
        assert client.post("/api/v1/referrals", json=referral_body(), headers=va.headers).is_success
    assert sign_in(client, login(Role.BELEID).token, next="/cijfers").status_code == 303
    page = client.get("/cijfers", params={"regio": "GG2514"})
    assert page.status_code == 200
    text = page.text
    for word in ("Voldoende beschikbaar", "Tijdig ingezet", "Structureel geborgd"):
        assert f">{word}</h2>" in text
    # four half-years as columns and the change against the previous one
    assert text.count('<th scope="col" class="num">') >= 5 * 3
    assert "Verschil t.o.v." in text
    # every figure with its definition; small numbers explained
    assert "urgentievenster van het handelingskader" in text
    assert "niet getoond" in text
    # charts: images without script, with a text alternative, allowed by the page's own CSP
    assert '<img src="data:image/svg+xml;base64,' in text
    assert 'aria-describedby="grafiek-in_time"' in text and 'id="grafiek-in_time"' in text
    csp = page.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "data:" in csp.split("img-src")[1].split(";")[0]
    assert "<script" not in text
