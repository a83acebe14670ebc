"""Need to know: LECK reads LECK reports (others only by a granted, audited second opinion);
a planner learns nothing about doctors outside her pools."""

from typing import Any

import pytest
from sqlmodel import select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.forensic_reports.models import SecondOpinionGrant
from tests.forensic_reports.builders import Case, good_draft, new_case

REASON = "tweede mening over het letselpatroon"


@pytest.fixture
def case(client, login, engine) -> Case:  # type: ignore[no-untyped-def]
    return new_case(client, login, engine)


def _final(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    case.sign()


def test_leck_cannot_read_a_ggd_report_without_a_second_opinion(case: Case, login: Any) -> None:
    _final(case)
    leck = login(Role.LECK_CONSULTANT, organisation="LECK-UMCU")
    for suffix in ("", "/versions", ".pdf"):
        refused = case.client.get(f"{case.base}{suffix}", headers=leck.headers)
        assert refused.status_code == 404
        assert refused.json()["detail"][0]["msg"] == "no report on this referral in your scope"


def test_the_grant_is_the_referring_vts_stored_and_audited(
    case: Case, login: Any, session: Any
) -> None:
    _final(case)
    url = f"{case.base}/second-opinion"
    leck = login(Role.LECK_CONSULTANT, organisation="LECK-UMCU")
    other_vt = login(Role.VERTROUWENSARTS, organisation="VT-AMSTERDAM-AMSTELLAND")
    assert case.client.post(url, json={"reason": REASON}, headers=leck.headers).status_code == 403
    assert (
        case.client.post(url, json={"reason": REASON}, headers=other_vt.headers).status_code == 404
    )
    assert case.client.post(url, json={"reason": "  "}, headers=case.vt.headers).status_code == 422
    granted = case.client.post(url, json={"reason": REASON}, headers=case.vt.headers)
    assert granted.status_code == 201
    assert granted.json()["reason"] == REASON
    session.rollback()
    grants = session.exec(select(SecondOpinionGrant)).all()
    assert [(g.reason, g.granted_by) for g in grants] == [(REASON, case.vt.user.id)]
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "transfer")).all()
    assert [(e.user_id, e.record_id) for e in events] == [(case.vt.user.id, case.referral_id)]
    assert REASON not in (events[0].detail or "")
    assert case.client.get(case.base, headers=leck.headers).status_code == 200


def test_a_doctor_outside_the_planners_pools_answers_as_unknown(client, login) -> None:
    planner = login(Role.GGD_PLANNER, region="GG2514")
    far = login(Role.GGD_PLANNER, region="GG3406")
    body = {"name": "Dr. Ver Weg", "big_number": "12345678901", "contract_hours": 32}
    created = client.post("/api/v1/regions/GG3406/doctors", json=body, headers=far.headers)
    assert created.status_code == 201
    position = "GG2514:2030-03-04T08:00:00+01:00:day:primary"
    answers = [
        client.put(
            "/api/v1/regions/GG2514/roster/assignments",
            json={"position_id": position, "doctor": doctor_id},
            headers=planner.headers,
        )
        for doctor_id in (created.json()["id"], 999_999)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    first, second = (a.json()["detail"][0] for a in answers)
    assert first["type"] == second["type"] == "unknown_doctor"
    assert "GG3406" not in first["msg"]
    assert first["msg"].replace(str(created.json()["id"]), "N") == second["msg"].replace(
        "999999", "N"
    )
    read = client.get(f"/api/v1/doctors/{created.json()['id']}", headers=planner.headers)
    assert read.status_code == 404


@pytest.fixture
def planned(engine):  # type: ignore[no-untyped-def]
    """An app that plans on submit, with a pinned clock (as the allocation tests use)."""
    from fastapi.testclient import TestClient

    from fmek.clock import set_clock
    from fmek.main import create_app
    from tests.allocation.builders import NOW, allocation_settings

    set_clock(lambda: NOW)
    with TestClient(create_app(allocation_settings(engine), engine=engine)) as c:
        yield c


def test_name_and_bsn_only_for_the_referrer_and_the_assigned_doctor(planned, login, engine):
    from tests.allocation.builders import acute_body, add_doctor, on_shift

    assigned = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Eva Onderzoek")
    doctor_id = add_doctor(engine, user_id=assigned.user.id, name="Dr. Eva Onderzoek")
    on_shift(engine, doctor_id)
    colleague = login(Role.FORENSISCH_ARTS, region="GG2514")
    planner = login(Role.GGD_PLANNER, region="GG2514")
    vt = login(Role.VERTROUWENSARTS)
    body = acute_body()
    body["child"]["bsn"] = "123456782"
    created = planned.post("/api/v1/referrals", json=body, headers=vt.headers)
    assert created.status_code == 201, created.text
    url = f"/api/v1/referrals/{created.json()['id']}"

    def child_seen_by(who: Any) -> dict[str, Any]:
        one = planned.get(url, headers=who.headers)
        assert one.status_code == 200
        listed = planned.get("/api/v1/referrals", headers=who.headers).json()["items"]
        assert [r["child"] for r in listed] == [one.json()["child"]]
        return {**one.json()["child"], "vraagstelling": one.json()["vraagstelling"]}

    for who in (vt, assigned):
        child = child_seen_by(who)
        assert child["name"] == body["child"]["name"] and child["bsn"] == "123456782"
        assert child["identity_withheld"] is False
    for who in (planner, colleague):
        child = child_seen_by(who)
        assert child["name"] is None and child["bsn"] is None and child["birth_date"] is None
        assert child["vraagstelling"] is None and child["identity_withheld"] is True
        assert child["age_months"] == child_seen_by(vt)["age_months"]  # age: planning needs it


def _page_client(planned: Any, token: str) -> Any:
    """A browser of its own (cookie jar) on the same app, signed in with ``token``."""
    import re

    from fastapi.testclient import TestClient

    browser = TestClient(planned.app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text)
    assert csrf is not None
    signed_in = browser.post(
        "/login", data={"token": token, "csrf": csrf.group(1)}, follow_redirects=False
    )
    assert signed_in.status_code == 303
    return browser


def test_the_referral_pages_withhold_the_identity_from_planners_and_colleagues(
    planned, login, engine
):
    from tests.allocation.builders import acute_body, add_doctor, on_shift

    assigned = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Eva Onderzoek")
    on_shift(engine, add_doctor(engine, user_id=assigned.user.id, name="Dr. Eva Onderzoek"))
    vt = login(Role.VERTROUWENSARTS)
    body = acute_body()
    body["child"]["name"] = "Wieteke Verborgen"
    created = planned.post("/api/v1/referrals", json=body, headers=vt.headers)
    assert created.status_code == 201, created.text
    detail = f"/verwijzingen/{created.json()['id']}"
    for who in (
        login(Role.GGD_PLANNER, region="GG2514"),
        login(Role.FORENSISCH_ARTS, region="GG2514"),
    ):
        browser = _page_client(planned, who.token)
        for url in ("/verwijzingen", detail):
            page = browser.get(url)
            assert page.status_code == 200, (who.user.role, url, page.status_code)
            assert "Wieteke" not in page.text and "Verborgen" not in page.text
            assert "W.V." not in page.text  # not even the initials
            assert body["vraagstelling"] not in page.text
    own = _page_client(planned, assigned.token).get(detail)
    assert own.status_code == 200 and "Wieteke Verborgen" in own.text


def test_a_colleague_of_the_same_ggd_reads_neither_the_draft_nor_its_editor(
    case: Case, login: Any
) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    for colleague in (case.reviewer, login(Role.FORENSISCH_ARTS, region="GG2514")):
        refused = case.client.get(f"{case.base}/draft", headers=colleague.headers)
        unknown = case.client.get(
            "/api/v1/referrals/00000000-0000-4000-8000-000000000000/report/draft",
            headers=colleague.headers,
        )
        assert refused.status_code == unknown.status_code == 404
        assert refused.json() == unknown.json()  # one message: nothing says a draft exists
        browser = _page_client(case.client, colleague.token)
        editor = browser.get(f"/verwijzingen/{case.referral_id}/rapport")
        assert editor.status_code == 404
        assert "Test Kind" not in editor.text
    assert case.client.get(f"{case.base}/draft", headers=case.doctor.headers).status_code == 200
