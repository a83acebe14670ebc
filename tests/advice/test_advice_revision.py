"""A released advice can be revised: the letter starts at version 1 and rises by one only when a
released advice is revised, and the revised letter says which version it replaces and why."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from tests.advice.builders import URL, Team, answer_body, post, release, submit

REASON = "Uitslag skeletstatus ontvangen: geen aanvullende fracturen."


def _letter(client: TestClient, case_number: str, who: Any) -> str:
    response = client.get(f"{URL}/{case_number}/letter", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.text


def _advice(client: TestClient, case_number: str, who: Any) -> dict[str, Any]:
    response = client.get(f"{URL}/{case_number}", headers=who.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _revise_and_release(client: TestClient, team: Team, case_number: str, reason: str) -> None:
    revised = post(client, f"{case_number}/revision", team.reviewer, {"reason": reason})
    assert revised.status_code == 200, revised.text
    assert revised.json()["status"] == "claimed"
    answer = answer_body(inflicted="onbeslist", advice="Geen verder onderzoek nodig.")
    assert post(client, f"{case_number}/answer", team.reviewer, answer).status_code == 200
    released = post(client, f"{case_number}/review", team.author, {"decision": "release"})
    assert released.status_code == 200, released.text


def test_version_one_until_a_released_advice_is_revised(client: TestClient, team: Team) -> None:
    case_number = submit(client, team.requester.headers)
    assert post(client, f"{case_number}/claim", team.author).status_code == 200
    assert post(client, f"{case_number}/answer", team.author, answer_body()).status_code == 200
    returned = post(
        client, f"{case_number}/review", team.reviewer, {"decision": "return", "remark": "DD?"}
    )
    assert returned.status_code == 200
    assert post(client, f"{case_number}/answer", team.author, answer_body()).status_code == 200
    assert (
        post(client, f"{case_number}/review", team.reviewer, {"decision": "release"}).status_code
        == 200
    )
    # a return before the first release is not a revision
    assert _advice(client, case_number, team.requester)["advice"]["letter_version"] == 1
    first = _letter(client, case_number, team.requester)
    assert 'class="set-version">1<' in first and "Herziene adviesbrief" not in first

    _revise_and_release(client, team, case_number, REASON)
    advice = _advice(client, case_number, team.requester)["advice"]
    assert advice["letter_version"] == 2 and advice["revision_reason"] == REASON
    second = _letter(client, case_number, team.requester)
    assert 'class="set-version">2<' in second
    assert f"Deze versie 2 vervangt versie 1. Reden van herziening: {REASON}" in second
    assert "Of het letsel is toegebracht, is onbeslist." in second

    _revise_and_release(client, team, case_number, "Correctie van de leeftijd.")
    assert _advice(client, case_number, team.requester)["advice"]["letter_version"] == 3
    assert "Deze versie 3 vervangt versie 2" in _letter(client, case_number, team.requester)


def test_while_revised_the_requester_sees_no_advice_and_leck_a_draft(
    client: TestClient, team: Team
) -> None:
    case_number = submit(client, team.requester.headers)
    release(client, team, case_number)
    assert (
        post(client, f"{case_number}/revision", team.author, {"reason": REASON}).status_code == 200
    )
    assert _advice(client, case_number, team.requester)["advice"] is None
    letter = client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers)
    assert letter.status_code == 409


def test_only_a_released_advice_is_revised_by_leck_with_a_reason(
    client: TestClient, team: Team, login: Any, session: Session
) -> None:
    case_number = submit(client, team.requester.headers)
    early = post(client, f"{case_number}/revision", team.author, {"reason": REASON})
    assert early.status_code == 409 and early.json()["detail"][0]["type"] == "invalid_state"
    release(client, team, case_number)

    by_requester = post(client, f"{case_number}/revision", team.requester, {"reason": REASON})
    assert by_requester.status_code == 403
    blank = post(client, f"{case_number}/revision", team.author, {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"] == ["body", "reason"]
    with_bsn = post(client, f"{case_number}/revision", team.author, {"reason": "BSN 111222333"})
    assert with_bsn.status_code == 422
    assert "111222333" not in with_bsn.text
    other = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    assert post(client, f"{case_number}/revision", other, {"reason": REASON}).status_code == 403
    # nothing changed by the refusals
    assert _advice(client, case_number, team.requester)["status"] == "released"

    assert (
        post(client, f"{case_number}/revision", team.author, {"reason": REASON}).status_code == 200
    )
    session.rollback()
    details = [
        e.detail
        for e in session.exec(select(AuditEvent).where(AuditEvent.record_id == case_number)).all()
    ]
    assert "revision of letter version 1 started" in details
    assert not any(REASON in (d or "") for d in details)  # the reason is not copied into the log


def test_a_consultant_revises_from_the_case_page(client: TestClient, team: Team) -> None:
    from tests.web.test_advice_pages import csrf_of, sign_in

    case_number = submit(client, team.requester.headers)
    release(client, team, case_number)
    sign_in(client, team.author.token)
    page = client.get(f"/leck/advies/{case_number}")
    assert "Advies herzien" in page.text and "(versie 1)" in page.text
    url = f"/leck/advies/{case_number}/herziening"
    blank = client.post(url, data={"csrf": csrf_of(page.text), "reden": "  "})
    assert "Schrijf de reden van herziening" in blank.text
    assert _advice(client, case_number, team.requester)["status"] == "released"

    done = client.post(url, data={"csrf": csrf_of(page.text), "reden": REASON})
    assert done.status_code == 200 and "Herziening gestart" in done.text
    assert _advice(client, case_number, team.author)["status"] == "claimed"
    assert 'name="beoordeling"' in done.text  # the answer form is open again for her
