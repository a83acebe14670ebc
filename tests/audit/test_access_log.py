"""A child's access overview after a known set of accesses, for the API and the page."""

import re
from collections import Counter

import pytest

from fmek.auth.models import Role
from tests.referrals.builders import referral_body
from tests.web.test_planner_web import sign_in

URL = "/api/v1/referrals"
ORG_NAME = "Veilig Thuis Utrecht"


@pytest.fixture
def accessed(client, login):  # type: ignore[no-untyped-def]
    """owner submits and reads; a colleague lists; a planner reads; a stranger is refused;
    another child's referral is read (must not show)."""
    owner = login(Role.VERTROUWENSARTS, name="Dr. Eigenaar")
    rid = client.post(URL, json=referral_body(), headers=owner.headers).json()["id"]
    other = client.post(URL, json=referral_body(), headers=owner.headers).json()["id"]
    assert client.get(f"{URL}/{rid}", headers=owner.headers).status_code == 200
    assert client.get(f"{URL}/{other}", headers=owner.headers).status_code == 200
    colleague = login(Role.VERTROUWENSARTS, name="Dr. Collega")
    assert client.get(URL, headers=colleague.headers).json()["total"] == 2
    planner = login(Role.GGD_PLANNER, name="P. Planner")
    assert client.get(f"{URL}/{rid}", headers=planner.headers).status_code == 200
    stranger = login(
        Role.VERTROUWENSARTS, organisation="VT-AMSTERDAM-AMSTELLAND", name="Dr. Vreemde"
    )
    assert client.get(f"{URL}/{rid}", headers=stranger.headers).status_code == 404
    privacy = login(Role.PRIVACY, name="F. Privacy")
    return {
        "rid": rid,
        "owner": owner,
        "stranger": stranger,
        "privacy": privacy,
        "planner": planner,
    }


def test_the_owner_sees_who_did_what_from_where(client, accessed) -> None:
    response = client.get(f"{URL}/{accessed['rid']}/access-log", headers=accessed["owner"].headers)
    assert response.status_code == 200
    log = response.json()
    seen = Counter(
        (e["user_name"], e["user_role"], e["action"], e["outcome"], e["in_list"])
        for e in log["items"]
    )
    assert seen == Counter(
        {
            ("Dr. Eigenaar", "vertrouwensarts", "create", "success", False): 1,
            ("Dr. Eigenaar", "vertrouwensarts", "read", "success", False): 1,
            ("Dr. Collega", "vertrouwensarts", "list", "success", True): 1,
            ("P. Planner", "ggd_planner", "read", "success", False): 1,
            ("Dr. Vreemde", "vertrouwensarts", "read", "denied", False): 1,
        }
    )
    assert log["total"] == 5
    by_name = {e["user_name"]: e for e in log["items"]}
    assert by_name["Dr. Eigenaar"]["organisation"] == ORG_NAME
    assert by_name["P. Planner"]["on_behalf_of"] == "GG2514"
    assert by_name["P. Planner"]["organisation"]  # the GGD region's name
    assert all(e["client_address"] == "testclient" for e in log["items"])
    times = [e["at"] for e in log["items"]]
    assert times == sorted(times, reverse=True)


def test_reading_the_overview_is_itself_logged(client, accessed) -> None:
    headers = accessed["privacy"].headers
    client.get(f"{URL}/{accessed['rid']}/access-log", headers=headers)
    again = client.get(f"{URL}/{accessed['rid']}/access-log", headers=headers).json()
    assert again["items"][0]["user_name"] == "F. Privacy"
    assert again["items"][0]["record_type"] == "access_log"


@pytest.mark.parametrize(("who", "status"), [("stranger", 404), ("planner", 403)])
def test_others_may_not_read_the_overview(client, accessed, who: str, status: int) -> None:
    response = client.get(f"{URL}/{accessed['rid']}/access-log", headers=accessed[who].headers)
    assert response.status_code == status


def test_the_privacy_officer_reads_no_client_data(client, accessed) -> None:
    headers = accessed["privacy"].headers
    assert client.get(f"{URL}/{accessed['rid']}", headers=headers).status_code == 403
    assert client.get(URL, headers=headers).status_code == 403
    unknown = client.get(f"{URL}/00000000-0000-4000-8000-000000000000/access-log", headers=headers)
    assert unknown.status_code == 404


def test_the_page_shows_the_overview_in_dutch(client, accessed) -> None:
    assert sign_in(client, accessed["owner"].token).status_code == 303
    page = client.get(f"/verwijzingen/{accessed['rid']}/toegang")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = page.text
    assert "Toegangsoverzicht" in text and "Dr. Vreemde" in text and "geweigerd" in text
    assert "in een lijst getoond" in text and "GGD-planner" in text
    assert '<th scope="col">Wanneer</th>' in text


def test_the_page_refuses_other_roles(client, accessed) -> None:
    sign_in(client, accessed["planner"].token)
    assert client.get(f"/verwijzingen/{accessed['rid']}/toegang").status_code == 403


def test_the_privacy_officer_opens_an_overview_from_the_start_page(client, accessed) -> None:
    assert sign_in(client, accessed["privacy"].token, next="").headers["location"] == "/privacy"
    start = client.get("/privacy")
    assert start.status_code == 200 and '<label for="verwijzing">' in start.text
    opened = client.post(
        "/privacy", data={"csrf": _csrf_of(start.text), "verwijzing": accessed["rid"]}
    )
    assert "Dr. Vreemde" in opened.text


def test_reads_of_the_childs_forensic_report_are_in_the_overview(client, login, engine) -> None:
    from tests.forensic_reports.builders import good_draft, new_case

    case = new_case(client, login, engine)
    assert case.put_draft(good_draft()).status_code == 201
    assert case.html().status_code == 200
    log = client.get(f"{URL}/{case.referral_id}/access-log", headers=case.vt.headers).json()
    report_events = [e for e in log["items"] if e["record_type"] == "forensic_report"]
    assert {e["user_name"] for e in report_events} == {"dr. E. van den Berg"}
    assert {e["action"] for e in report_events} >= {"read"}
    assert not any(e["in_list"] for e in report_events)


def test_a_page_refusal_names_the_signed_in_user(client, accessed) -> None:
    """A refusal on a page (403: not her overview; 404: not her referral) is in the overview
    with who was signed in, not as an anonymous request."""
    sign_in(client, accessed["planner"].token)
    assert client.get(f"/verwijzingen/{accessed['rid']}/toegang").status_code == 403
    sign_in(client, accessed["stranger"].token)
    assert client.get(f"/verwijzingen/{accessed['rid']}").status_code == 404
    log = client.get(
        f"{URL}/{accessed['rid']}/access-log", headers=accessed["owner"].headers
    ).json()
    denied = [(e["user_name"], e["user_role"]) for e in log["items"] if e["outcome"] == "denied"]
    assert denied == [
        ("Dr. Vreemde", "vertrouwensarts"),  # the page, newest first
        ("P. Planner", "ggd_planner"),
        ("Dr. Vreemde", "vertrouwensarts"),  # the API refusal of the fixture
    ]


@pytest.mark.parametrize("typed", ["123456782", "Piet Puk", "2024-03-14"])
def test_the_privacy_start_page_never_puts_what_is_not_a_referral_number_in_a_path(
    client, accessed, typed: str
) -> None:
    """A BSN, name or birth date typed by mistake stays out of any redirect, path or page."""
    sign_in(client, accessed["privacy"].token, next="")
    csrf = _csrf_of(client.get("/privacy").text)
    answer = client.post(
        "/privacy", data={"csrf": csrf, "verwijzing": typed}, follow_redirects=False
    )
    assert answer.status_code == 422
    assert "location" not in answer.headers
    assert typed not in answer.text and typed not in str(answer.url)
    assert "geen BSN, naam of geboortedatum" in answer.text
    assert 'aria-invalid="true"' in answer.text


def _csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)
