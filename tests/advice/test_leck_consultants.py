"""An administrator registers a LECK consultant's profile (function, BIG number, whether it was
checked, member hospital); the letter prints the BIG number only once it is verified. Refusals
are specific and change nothing; every change is audited."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from fmek.advice.models import LeckConsultant
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from tests.advice.builders import URL, Team, release, submit

API = "/api/v1/leck-consultants"
BIG = "79055512301"


def _profile(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "function": "kinderradioloog",
        "big_number": BIG,
        "big_verified": False,
        "member_hospital": "Amsterdam UMC (Emma Kinderziekenhuis)",
    }
    body.update(changes)
    return body


def _put(client: TestClient, who: Any, user_id: int | None, body: dict[str, Any]) -> Any:
    return client.put(f"{API}/{user_id}", json=body, headers=who.headers)


def test_the_letter_prints_function_and_a_verified_big_number_only(
    client: TestClient, team: Team, login: Any
) -> None:
    admin = login(Role.ADMIN)
    author_id = team.author.user.id
    created = _put(client, admin, author_id, _profile())
    assert created.status_code == 201, created.text
    assert created.json()["function_nl"] == "kinderradioloog"
    assert created.json()["big_verified_at"] is None

    case_number = submit(client, team.requester.headers)
    release(client, team, case_number)
    letter = client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers).text
    assert "kinderradioloog" in letter
    assert "Amsterdam UMC (Emma Kinderziekenhuis)" in letter
    assert BIG not in letter  # not checked in the BIG register yet

    updated = _put(client, admin, author_id, _profile(big_verified=True))
    assert updated.status_code == 200 and updated.json()["big_verified_at"] is not None
    letter = client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers).text
    assert f"BIG-nummer</th><td>{BIG}" in letter

    # a new BIG number is unverified again unless the administrator says it was checked
    renumbered = _put(client, admin, author_id, _profile(big_number="79055512302"))
    assert renumbered.json()["big_verified_at"] is None
    listed = client.get(API, headers=admin.headers).json()["items"]
    assert [(p["user_id"], p["big_number"]) for p in listed] == [(author_id, "79055512302")]


def test_only_an_administrator_registers_profiles(
    client: TestClient, team: Team, login: Any
) -> None:
    for who in (team.author, team.requester, login(Role.BELEID), login(Role.GGD_PLANNER)):
        assert _put(client, who, team.author.user.id, _profile()).status_code == 403
        assert client.get(API, headers=who.headers).status_code == 403
    assert client.put(f"{API}/{team.author.user.id}", json=_profile()).status_code == 401


def test_refusals_are_specific_and_change_nothing(
    client: TestClient, team: Team, login: Any, session: Session
) -> None:
    admin = login(Role.ADMIN)
    other = login(Role.LECK_CONSULTANT, organisation="LECK-UMCU")
    assert _put(client, admin, other.user.id, _profile()).status_code == 201

    def refused(user_id: int | None, body: dict[str, Any], status: int) -> list[Any]:
        response = _put(client, admin, user_id, body)
        assert response.status_code == status, response.text
        return [(e["loc"], e["type"]) for e in response.json()["detail"]]

    author = team.author.user.id
    assert refused(author, _profile(big_number="1234"), 422) == [
        (["body", "big_number"], "invalid_big_number")
    ]
    assert refused(author, _profile(function="huisarts"), 422)[0][0] == ["body", "function"]
    assert refused(author, _profile(member_hospital="  "), 422) == [
        (["body", "member_hospital"], "blank_text")
    ]
    assert refused(author, _profile(big_verified="yes please"), 422)[0][0] == [
        "body",
        "big_verified",
    ]
    assert refused(author, {**_profile(), "name": "x"}, 422)[0][1] == "extra_forbidden"
    assert refused(author, _profile(), 409) == [(["body", "big_number"], "big_number_taken")]
    assert refused(team.requester.user.id, _profile(big_number="79055512309"), 422) == [
        (["path", "user_id"], "not_a_leck_consultant")
    ]
    assert refused(999_999, _profile(big_number="79055512309"), 404)[0][1] == "user_not_found"
    assert refused(0, _profile(), 422)[0][0] == ["path", "user_id"]

    session.rollback()
    assert session.get(LeckConsultant, author) is None
    events = session.exec(
        select(AuditEvent).where(
            AuditEvent.record_type == "leck_consultant", AuditEvent.outcome == "success"
        )
    ).all()
    assert [(e.action, e.record_id, e.detail) for e in events] == [
        ("create", str(other.user.id), "function kinderradioloog, BIG not verified")
    ]
