"""What the audit trail records: refusals as denied, users managed, calendar feeds by doctor."""

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.auth.service import revoke_user
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"


def _events(engine: Engine, **where: object) -> list[AuditEvent]:
    with Session(engine) as s:
        query = select(AuditEvent).order_by(col(AuditEvent.id))
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return list(s.exec(query).all())


def test_missing_and_unknown_tokens_are_audited_as_denied(client, engine) -> None:
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer wrong"}).status_code == 401
    denied = _events(engine, outcome="denied")
    assert len(denied) == 2
    assert [(e.user_id, e.detail) for e in denied] == [(None, "401 GET /referrals")] * 2
    assert all(e.client_address == "testclient" for e in denied)


def test_a_role_refusal_is_audited_with_the_user(client, login, engine) -> None:
    planner = login(Role.GGD_PLANNER)
    assert client.post(URL, json=referral_body(), headers=planner.headers).status_code == 403
    (event,) = _events(engine, outcome="denied")
    assert event.user_id == planner.user.id and event.user_role == "ggd_planner"
    assert event.action == "create" and event.detail and event.detail.startswith("403 POST")


def test_an_out_of_scope_referral_is_audited_once_as_denied(client, login, engine) -> None:
    owner = login(Role.VERTROUWENSARTS)
    rid = client.post(URL, json=referral_body(), headers=owner.headers).json()["id"]
    stranger = login(Role.VERTROUWENSARTS, organisation="VT-AMSTERDAM-AMSTELLAND")
    assert client.get(f"{URL}/{rid}", headers=stranger.headers).status_code == 404
    denied = _events(engine, outcome="denied")
    assert len(denied) == 1
    assert denied[0].user_id == stranger.user.id
    assert denied[0].record_type == "referral" and denied[0].record_id == rid


def test_a_malformed_id_in_a_path_is_stored_as_a_hash(client, login, engine) -> None:
    va = login(Role.VERTROUWENSARTS)
    typed = "Jan Jansen 123456782"
    assert client.get(f"{URL}/{typed}", headers=va.headers).status_code == 404
    (event,) = _events(engine, outcome="denied")
    assert event.record_id and event.record_id.startswith("sha256:")
    stored = " ".join(str(v) for v in event.model_dump().values())
    assert "Jansen" not in stored and "123456782" not in stored


def test_an_unknown_route_is_not_an_access_event(client, engine) -> None:
    assert client.get("/api/v1/no-such-thing").status_code == 404
    assert _events(engine, outcome="denied") == []


def test_user_add_and_revoke_are_audited(login, engine) -> None:
    va = login(Role.VERTROUWENSARTS)
    with Session(engine) as s:
        revoke_user(s, va.user.id)
    events = _events(engine, record_type="user", record_id=str(va.user.id))
    assert [(e.action, e.detail) for e in events] == [
        ("create", "role vertrouwensarts"),
        ("update", "revoked"),
    ]
