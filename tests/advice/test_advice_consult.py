"""From advice to an identified LECK consult: only with the child's identity and consent."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from fmek.advice.models import AdviceConsult, AdviceRequest
from fmek.auth.models import Role
from fmek.referrals.models import Referral
from tests.advice.builders import URL, count, post, release, submit
from tests.referrals.builders import birth_date_for_age


def consult_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child": {"name": "Sanne de Vries", "birth_date": birth_date_for_age(14), "sex": "male"},
        "consent": {
            "given_by": "parent",
            "given_by_name": "M. de Vries (moeder)",
            "given_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
            "scope": "Consult door LECK met lichamelijk onderzoek en herbeoordeling van de beelden.",
        },
        "vraagstelling": "Graag een geïdentificeerd consult na het advies.",
    }
    body.update(overrides)
    return body


def test_consult_with_consent_makes_a_leck_referral_and_the_link(client, team, session) -> None:
    number = submit(client, team.requester.headers, concerns=["neglect"], injuries=[])
    release(client, team, number)
    response = post(client, f"{number}/consult", team.requester, consult_body())
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "converted"
    assert data["routing"]["destination"] == "leck"
    assert "LECK-CONSULT" in [r["id"] for r in data["routing"]["rules"]]
    session.rollback()
    link = session.exec(select(AdviceConsult)).one()
    assert link.referral_id == data["referral_id"]
    assert link.consent_given_by == "parent"
    referral = session.get(Referral, data["referral_id"])
    assert referral is not None and referral.destination == "leck"
    assert referral.child_name == "Sanne de Vries"
    assert (
        client.get(
            f"/api/v1/referrals/{data['referral_id']}", headers=team.author.headers
        ).status_code
        == 200
    )
    view = client.get(f"{URL}/{number}", headers=team.requester.headers).json()
    assert view["status"] == "converted" and view["consult_referral_id"] == data["referral_id"]
    again = post(client, f"{number}/consult", team.requester, consult_body())
    assert again.status_code == 409
    assert count(session, Referral) == 1


INVALID_CONSENT: list[tuple[str, dict[str, Any], list[Any]]] = [
    ("no consent", {"consent": None}, ["body", "consent"]),
    (
        "unknown giver",
        {"consent": {**consult_body()["consent"], "given_by": "neighbour"}},
        ["body", "consent", "given_by"],
    ),
    (
        "no scope",
        {"consent": {**consult_body()["consent"], "scope": " "}},
        ["body", "consent", "scope"],
    ),
    (
        "future consent",
        {"consent": {**consult_body()["consent"], "given_at": "2999-01-01T00:00:00+00:00"}},
        ["body", "consent", "given_at"],
    ),
    (
        "naive consent time",
        {"consent": {**consult_body()["consent"], "given_at": "2026-01-01T10:00:00"}},
        ["body", "consent", "given_at"],
    ),
    ("no child", {"child": None}, ["body", "child"]),
    (
        "bad bsn",
        {"child": {**consult_body()["child"], "bsn": "123456789"}},
        ["body", "child", "bsn"],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "loc"), [c[1:] for c in INVALID_CONSENT], ids=[c[0] for c in INVALID_CONSENT]
)
def test_without_valid_consent_or_identity_nothing_is_linked(
    client, team, session, overrides, loc
) -> None:
    number = submit(client, team.requester.headers)
    release(client, team, number)
    response = post(client, f"{number}/consult", team.requester, consult_body(**overrides))
    assert response.status_code == 422, response.text
    assert loc in [d["loc"] for d in response.json()["detail"]]
    assert count(session, AdviceConsult) == 0
    assert count(session, Referral) == 0
    assert session.exec(select(AdviceRequest.status)).one() == "released"


def test_consult_only_after_release_and_only_by_the_requester(client, team, login, session) -> None:
    number = submit(client, team.requester.headers)
    early = post(client, f"{number}/consult", team.requester, consult_body())
    assert early.status_code == 409
    release(client, team, number)
    assert post(client, f"{number}/consult", team.author, consult_body()).status_code == 403
    colleague = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    assert post(client, f"{number}/consult", colleague, consult_body()).status_code == 404
    assert count(session, AdviceConsult) == 0


def test_forensisch_arts_is_sent_to_the_vertrouwensarts(client, login, team, session) -> None:
    fa = login(Role.FORENSISCH_ARTS)
    number = submit(client, fa.headers)
    release(client, team, number)
    response = post(client, f"{number}/consult", fa, consult_body())
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "referral_needs_vertrouwensarts"
    assert count(session, AdviceConsult) == 0
