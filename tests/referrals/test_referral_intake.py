"""Referral intake through the HTTP contract: accepted cases, rejections, nothing stored on error."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.referrals.models import Referral, RoutingDecision
from tests.referrals.builders import birth_date_for_age, hours_ago, referral_body

URL = "/api/v1/referrals"


def _count(session: Session, model: type) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def test_submit_routes_and_stores_decision_with_audit(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    body = referral_body(
        child={"name": "Kind A", "birth_date": birth_date_for_age(30), "sex": "male"},
        injuries=[
            {"kind": "bruise", "body_region": "neck", "side": "left", "observed_at": hours_ago(3)}
        ],
    )
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "routed"
    routing = data["routing"]
    assert routing["destination"] == "ggd"
    assert routing["urgency"] == "acute"
    assert [r["id"] for r in routing["rules"]] == ["TEN", "VISIBLE"]
    assert all(r["description"] for r in routing["rules"])
    assert routing["ruleset_version"] == "v2"
    assert [(t["kind"], t["urgency"], t["rules"]) for t in routing["tasks"]] == [
        ("ggd_examination", "acute", ["TEN", "VISIBLE"])
    ]
    deadline = datetime.fromisoformat(routing["deadline"])
    submitted = datetime.fromisoformat(data["submitted_at"])
    assert deadline - submitted == timedelta(hours=6)
    assert response.headers["ETag"] == '"1"'
    assert _count(session, Referral) == 1
    assert _count(session, RoutingDecision) == 1
    actions = session.exec(
        select(AuditEvent.action).where(AuditEvent.record_id == data["id"])
    ).all()
    assert "create" in actions


def test_get_returns_same_decision_and_is_audited(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    created = client.post(URL, json=referral_body(), headers=va.headers).json()
    fetched = client.get(f"{URL}/{created['id']}", headers=va.headers)
    assert fetched.status_code == 200
    assert fetched.json()["routing"] == created["routing"]
    session.rollback()
    reads = session.exec(
        select(AuditEvent).where(AuditEvent.record_id == created["id"], AuditEvent.action == "read")
    ).all()
    assert len(reads) == 1
    assert reads[0].user_id == va.user.id
    assert reads[0].on_behalf_of == "VT-UTRECHT"
    assert reads[0].client_address


def _future(hours: float = 5) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def _with_child(**child: Any) -> dict[str, Any]:
    base = {"name": "Kind", "birth_date": birth_date_for_age(40), "sex": "female"}
    base.update(child)
    return referral_body(child=base)


INVALID: list[tuple[str, dict[str, Any], list[str | int], str]] = [
    (
        "birth date in the future",
        _with_child(birth_date=(datetime.now(UTC) + timedelta(days=3)).date().isoformat()),
        ["body", "child", "birth_date"],
        "future",
    ),
    (
        "child 18 or older",
        _with_child(birth_date=birth_date_for_age(18 * 12)),
        ["body", "child", "birth_date"],
        "18 or older",
    ),
    (
        "child of 30",
        _with_child(birth_date="1996-01-01"),
        ["body", "child", "birth_date"],
        "18 or older",
    ),
    ("BSN failing elfproef", _with_child(bsn="123456789"), ["body", "child", "bsn"], "elfproef"),
    ("BSN all zeros", _with_child(bsn="000000000"), ["body", "child", "bsn"], "000000000"),
    ("BSN too short", _with_child(bsn="12345678"), ["body", "child", "bsn"], "9 digits"),
    (
        "unknown GGD region",
        referral_body(ggd_region="GG9999"),
        ["body", "ggd_region"],
        "unknown GGD region",
    ),
    (
        "unknown concern",
        referral_body(concerns=["witchcraft"]),
        ["body", "concerns", 0],
        "physical_abuse",
    ),
    ("no concern", referral_body(concerns=[]), ["body", "concerns"], "at least 1"),
    (
        "unknown injury kind",
        referral_body(injuries=[{"kind": "scratch", "body_region": "arm"}]),
        ["body", "injuries", 0, "kind"],
        "bruise",
    ),
    (
        "unknown body region",
        referral_body(injuries=[{"kind": "bruise", "body_region": "tail"}]),
        ["body", "injuries", 0, "body_region"],
        "head",
    ),
    (
        "observed_at in the future",
        referral_body(
            injuries=[{"kind": "bruise", "body_region": "arm", "observed_at": _future()}]
        ),
        ["body", "injuries", 0, "observed_at"],
        "future",
    ),
    (
        "last incident in the future",
        referral_body(last_incident_at=_future()),
        ["body", "last_incident_at"],
        "future",
    ),
    (
        "timestamp without offset",
        referral_body(last_incident_at="2026-11-01T10:00:00"),
        ["body", "last_incident_at"],
        "offset",
    ),
    (
        "observed_at without offset",
        referral_body(
            injuries=[{"kind": "burn", "body_region": "hand", "observed_at": "2026-11-01T10:00"}]
        ),
        ["body", "injuries", 0, "observed_at"],
        "offset",
    ),
    (
        "unknown top-level field",
        referral_body(address="Kerkstraat 1"),
        ["body", "address"],
        "unknown field",
    ),
    (
        "unknown child field",
        _with_child(postcode="1234AB"),
        ["body", "child", "postcode"],
        "unknown field",
    ),
    (
        "unknown injury field",
        referral_body(injuries=[{"kind": "bruise", "body_region": "arm", "size": 3}]),
        ["body", "injuries", 0, "size"],
        "unknown field",
    ),
    (
        "missing child",
        {k: v for k, v in referral_body().items() if k != "child"},
        ["body", "child"],
        "required",
    ),
    (
        "empty vraagstelling",
        referral_body(vraagstelling="   "),
        ["body", "vraagstelling"],
        "vraagstelling",
    ),
    ("bad sex", _with_child(sex="x"), ["body", "child", "sex"], "female"),
    (
        "location outside NL",
        referral_body(location={"lat": 40.0, "lon": 5.0}),
        ["body", "location", "lat"],
        "50.6",
    ),
    (
        "unknown question",
        referral_body(questions=["prognosis"]),
        ["body", "questions", 0],
        "documentation",
    ),
    (
        "unknown mobility",
        _with_child(mobility="crawling"),
        ["body", "child", "mobility"],
        "not_mobile",
    ),
    (
        "incident before birth",
        referral_body(
            child={"name": "K", "birth_date": birth_date_for_age(2), "sex": "male"},
            last_incident_at=(datetime.now(UTC) - timedelta(days=200)).isoformat(),
        ),
        ["body", "last_incident_at"],
        "before the child's birth",
    ),
]


@pytest.mark.parametrize(("_case", "body", "loc", "words"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_referral_is_rejected_specifically_and_stores_nothing(
    client, login, session, _case: str, body: dict[str, Any], loc: list[str | int], words: str
) -> None:
    va = login(Role.VERTROUWENSARTS)
    before_audit = _count(session, AuditEvent)
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    matching = [d for d in detail if d["loc"] == loc]
    assert matching, f"no error at {loc}: {detail}"
    assert words.lower() in matching[0]["msg"].lower()
    assert set(matching[0]) == {"msg", "type", "loc"}
    assert _count(session, Referral) == 0
    assert _count(session, RoutingDecision) == 0
    assert _count(session, AuditEvent) == before_audit


def test_rejection_never_echoes_the_submitted_values(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    body = _with_child(name="Geheime Naam", bsn="111222333")
    body["secret_field"] = "Geheime Waarde"
    text = client.post(URL, json=body, headers=va.headers).text
    assert "111222333" not in text
    assert "Geheime" not in text


def test_malformed_json_is_422_in_the_error_shape(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        URL, content=b"{not json", headers={**va.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_valid_bsn_and_all_optional_fields_accepted(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    body = referral_body(
        child={
            "name": "Kind",
            "birth_date": birth_date_for_age(5),
            "sex": "unknown",
            "bsn": "123456782",
            "mobility": "not_mobile",
        },
        location={"lat": 52.09, "lon": 5.12},
        injuries=[{"kind": "other", "body_region": "leg", "side": "bilateral"}],
        questions=["documentation", "interpretation"],
        last_incident_at=hours_ago(30),
        concerns=["physical_abuse", "neglect"],
    )
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["child"]["bsn"] == "123456782"
    assert data["routing"]["destination"] == "leck"
    assert [r["id"] for r in data["routing"]["rules"]] == ["NIM"]
    assert data["location"] == {"lat": 52.09, "lon": 5.12}


def test_what_if_triage_stores_nothing(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        "/api/v1/triage",
        json={
            "age_months": 20,
            "concerns": ["physical_abuse"],
            "injuries": [{"kind": "fracture", "body_region": "leg"}],
        },
        headers=va.headers,
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["destination"] == "leck"
    assert data["urgency"] == "acute"
    assert [r["id"] for r in data["rules"]] == ["INFANT-SEVERE", "INTERNAL"]
    assert _count(session, Referral) == 0


def test_what_if_triage_rejects_identity_fields(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        "/api/v1/triage",
        json={"age_months": 20, "concerns": ["neglect"], "child": {"name": "X"}},
        headers=va.headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "child"]


@pytest.mark.parametrize(
    "body",
    [
        _with_child(birth_date="0001-01-01"),
        referral_body(last_incident_at="0001-01-01T00:00:00+14:00"),
        referral_body(
            injuries=[
                {"kind": "burn", "body_region": "hand", "observed_at": "9999-12-31T23:59:59-14:00"}
            ]
        ),
        referral_body(vraagstelling="x" * 20_000),
        referral_body(location={"lat": "north", "lon": 5}),
        referral_body(concerns="neglect"),
        referral_body(child=None),
        [],
        "text",
    ],
)
def test_extreme_input_is_422_never_500(client, login, body: Any) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
