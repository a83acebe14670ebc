"""Draft -> review -> final -> correction. Who signs comes from verified doctor records, the
review is a second doctor's own action, and a final version never changes again."""

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.doctors.models import Doctor
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from tests.forensic_reports.builders import (
    API,
    AUTHOR_BIG,
    REVIEWER_BIG,
    Case,
    add_doctor,
    good_draft,
    new_case,
)


def _final(case: Case) -> dict[str, Any]:
    assert case.put_draft(good_draft()).status_code == 201
    return case.sign()


def _row(session: Session) -> ForensicReport:
    session.rollback()
    return session.exec(select(ForensicReport)).one()


def test_submitting_an_incomplete_report_lists_each_missing_section(case: Case) -> None:
    body = good_draft()
    body["limitations"] = []
    body["consent"] = None
    body["interpretation"] = None
    body["conclusions"] = body["conclusions"][:1]
    assert case.put_draft(body).status_code == 201

    response = case.finalise()
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [e["loc"] for e in detail] == [
        ["body", "toestemming"],
        ["body", "interpretatie"],
        ["body", "conclusies"],
        ["body", "beperkingen"],
    ]
    assert {e["type"] for e in detail} == {"incomplete_section"}
    by_section = {e["loc"][1]: e["msg"] for e in detail}
    assert "vraag 2 is niet beantwoord" in by_section["conclusies"]
    assert "vraag 3 is niet beantwoord" in by_section["conclusies"]
    assert "CONCEPT" in case.html().text


def test_review_approval_signs_from_both_records_and_moves_an_examined_referral(
    case: Case, session: Session
) -> None:
    with Session(session.get_bind()) as s:  # the examination took place
        referral = s.get(Referral, case.referral_id)
        assert referral is not None
        referral.status = ReferralStatus.EXAMINED.value
        s.add(referral)
        s.commit()
    assert case.put_draft(good_draft()).status_code == 201

    submitted = case.finalise()
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "in_review"
    assert submitted.json()["reviewer_user_id"] == case.reviewer.user.id
    assert submitted.json()["signed_big_number"] is None  # nothing is signed yet
    assert "CONCEPT" in case.html().text
    assert case.html(who=case.reviewer).status_code == 200  # the reviewer reads the draft

    final = case.review().json()
    assert final["status"] == "final"
    assert final["signed_name"] == "dr. E. van den Berg"
    assert final["signed_big_number"] == AUTHOR_BIG
    assert final["signed_qualification"] == (
        "forensisch arts KNMG, aandachtsgebied kindermishandeling"
    )
    assert final["reviewer_name"].startswith("dr. H. Smit, forensisch arts KNMG")
    assert REVIEWER_BIG in final["reviewer_name"]
    assert final["template_version"] == "rapportage-standaard 2.1"
    assert len(final["sha256"]) == 64 and len(final["pdf_sha256"]) == 64

    row = _row(session)
    assert row.final_html is not None and row.signed_pdf is not None
    assert f"SHA-256 {final['sha256']}" in row.final_html
    assert "GGD Regio Utrecht" in row.final_html
    referral = session.get(Referral, case.referral_id)
    assert referral is not None and referral.status == "reported"

    html = case.html()
    assert html.status_code == 200
    assert html.text == row.final_html
    assert html.headers["X-Report-SHA256"] == final["sha256"]
    assert "CONCEPT" not in html.text
    assert AUTHOR_BIG in html.text and REVIEWER_BIG in html.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author_name", "dr. E. van den Berg"),
        ("big_number", REVIEWER_BIG),
        ("qualification", "kinderarts"),
        ("reviewer_name", "dr. H. Smit"),
    ],
)
def test_a_body_naming_the_signer_is_refused_naming_the_field(
    case: Case, session: Session, field: str, value: str
) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise({"reviewer_user_id": case.reviewer.user.id, field: value})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert error["type"] == "signature_from_record"
    assert _row(session).status == "draft"


def test_a_doctor_without_a_record_cannot_submit(
    client: TestClient, login: Any, engine: Engine, session: Session
) -> None:
    case = new_case(client, login, engine, author_verified=None)
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise()
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "no_doctor_record"
    # typing another doctor's BIG number does not help: the field itself is refused
    response = case.finalise(
        {"reviewer_user_id": case.reviewer.user.id, "big_number": REVIEWER_BIG}
    )
    assert response.status_code == 422
    assert _row(session).status == "draft"


def test_an_unverified_big_number_cannot_sign(
    client: TestClient, login: Any, engine: Engine
) -> None:
    case = new_case(client, login, engine, author_verified=False)
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise()
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "big_not_verified"

    with Session(engine) as s:
        doctor = s.exec(select(Doctor).where(Doctor.user_id == case.doctor.user.id)).one()
    planner = login(Role.GGD_PLANNER, region="GG2514")
    url = f"{API}/doctors/{doctor.id}"
    assert client.post(f"{url}/big-verification", headers=case.doctor.headers).status_code == 403
    verified = client.post(f"{url}/big-verification", headers=planner.headers)
    assert verified.status_code == 200 and verified.json()["big_verified_at"]
    assert case.finalise().status_code == 200

    changed = client.patch(url, json={"big_number": "19011122202"}, headers=planner.headers)
    assert changed.status_code == 200 and changed.json()["big_verified_at"] is None


def test_self_review_is_refused(case: Case, session: Session) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise({"reviewer_user_id": case.doctor.user.id})
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "msg": "the author cannot review their own report",
        "type": "reviewer_is_author",
        "loc": ["body", "reviewer_user_id"],
    }
    assert _row(session).status == "draft"


def test_the_author_cannot_approve_for_the_named_reviewer(case: Case, session: Session) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    assert case.finalise().status_code == 200
    # the author names a colleague, then tries to approve with her own account
    assert case.review(who=case.doctor).status_code == 404
    row = _row(session)
    assert row.status == "in_review" and row.signed_name is None


def test_only_the_named_reviewer_reviews(case: Case, login: Any, engine: Engine) -> None:
    colleague = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. C. Collega")
    add_doctor(engine, colleague, "19033344401")
    assert case.put_draft(good_draft()).status_code == 201
    assert case.finalise().status_code == 200
    assert case.review(who=colleague).status_code == 404
    assert case.review().status_code == 200


@pytest.mark.parametrize(
    ("verified", "region", "expected"),
    [
        (True, "GG0111", "reviewer_other_region"),
        (False, "GG2514", "big_not_verified"),
        (None, "GG2514", "no_doctor_record"),
    ],
)
def test_a_reviewer_must_be_a_verified_doctor_of_the_same_ggd(
    case: Case, login: Any, engine: Engine, verified: bool | None, region: str, expected: str
) -> None:
    other = login(Role.FORENSISCH_ARTS, region=region, name="dr. O. Ander")
    if verified is not None:
        add_doctor(engine, other, "19044455501", verified=verified, region=region)
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise({"reviewer_user_id": other.user.id})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == expected
    assert response.json()["detail"][0]["loc"] == ["body", "reviewer_user_id"]


@pytest.mark.usefixtures("session")
def test_a_returned_report_goes_back_to_the_author_with_the_remark(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    assert case.finalise().status_code == 200
    assert case.put_draft(good_draft()).json()["detail"][0]["type"] == "report_in_review"

    silent = case.review("return")
    assert silent.status_code == 422
    assert silent.json()["detail"][0]["type"] == "remark_required"

    returned = case.review("return", "Vraag 3: onderbouwing aanvullen met de literatuur.")
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"
    assert returned.json()["review_remark"] == "Vraag 3: onderbouwing aanvullen met de literatuur."
    assert case.review().status_code == 404  # nothing to review any more
    assert case.put_draft(good_draft()).status_code == 200
    assert case.sign()["status"] == "final"


def test_a_final_report_cannot_be_changed(case: Case, session: Session) -> None:
    final = _final(case)
    hostile = good_draft()
    hostile["limitations"] = ["gewijzigd na ondertekening"]

    for response in (case.put_draft(hostile), case.finalise()):
        assert response.status_code == 409
        assert response.json()["detail"][0]["type"] == "report_final"
    assert case.review().status_code == 404

    row = _row(session)
    assert row.sha256 == final["sha256"]
    assert "gewijzigd na ondertekening" not in (row.final_html or "")


def test_a_correction_is_a_new_version_and_the_old_one_stays(case: Case) -> None:
    final = _final(case)
    empty = case.client.post(
        f"{case.base}/corrections", json={"reason": "  "}, headers=case.doctor.headers
    )
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["type"] == "blank_reason"

    response = case.client.post(
        f"{case.base}/corrections",
        json={"reason": "Maat van letsel 2 verkeerd overgenomen"},
        headers=case.doctor.headers,
    )
    assert response.status_code == 201, response.text
    correction = response.json()
    assert (correction["version"], correction["status"]) == (2, "draft")
    assert correction["supersedes_version"] == 1
    assert correction["report_number"] == final["report_number"]

    second = case.client.post(
        f"{case.base}/corrections", json={"reason": "nog een"}, headers=case.doctor.headers
    )
    assert second.status_code == 409
    assert second.json()["detail"][0]["type"] == "report_draft"

    body = good_draft()
    body["injuries"][1]["size_mm"] = {"length": 26, "width": 11}
    assert case.put_draft(body).status_code == 200
    case.sign()

    versions = case.client.get(f"{case.base}/versions", headers=case.doctor.headers).json()
    assert [(v["version"], v["status"]) for v in versions["items"]] == [(1, "final"), (2, "final")]
    assert versions["items"][0]["sha256"] == final["sha256"]
    assert versions["items"][1]["sha256"] != final["sha256"]

    old = case.html(version=1).text
    new = case.html().text
    assert f"SHA-256 {final['sha256']}" in old
    assert "16 × 11 mm" in old and "26 × 11 mm" not in old
    assert "26 × 11 mm" in new
    assert "Maat van letsel 2 verkeerd overgenomen" in new
    assert "vervangt versie 1" in new


def test_review_and_signing_are_audited_both_ways(case: Case, session: Session) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    assert case.finalise().status_code == 200
    assert case.review("return", "Letsel 3 ontbreekt op de foto.").status_code == 200
    case.sign()
    case.html()
    case.client.get(f"{case.base}/versions", headers=case.doctor.headers)
    session.rollback()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.record_type == "forensic_report")
    ).all()
    reviewer = case.reviewer.user.id
    assert [(e.action, e.detail, e.user_id) for e in events] == [
        ("create", f"draft v1 of referral {case.referral_id}", case.doctor.user.id),
        ("update", f"v1 submitted for review to user {reviewer}", case.doctor.user.id),
        ("update", "v1 returned", reviewer),
        ("update", f"v1 submitted for review to user {reviewer}", case.doctor.user.id),
        ("update", events[4].detail, reviewer),
        ("read", "html v1", case.doctor.user.id),
        ("list", "report versions", case.doctor.user.id),
    ]
    assert (events[4].detail or "").startswith("v1 approved and signed, sha256 ")


def test_no_report_before_a_draft(case: Case) -> None:
    response = case.finalise()
    assert response.status_code == 404
    assert response.json()["detail"][0]["type"] == "no_draft"
    assert (
        case.client.get(
            f"{API}/referrals/{case.referral_id}/report/versions", headers=case.doctor.headers
        ).status_code
        == 404
    )


def test_the_review_queue_lists_what_waits_for_me(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    assert case.finalise().status_code == 200
    mine = case.client.get(f"{API}/report-reviews", headers=case.reviewer.headers).json()
    assert [(i["referral_id"], i["author_name"]) for i in mine["items"]] == [
        (case.referral_id, "dr. E. van den Berg")
    ]
    assert case.client.get(f"{API}/report-reviews", headers=case.doctor.headers).json() == {
        "items": []
    }


def test_a_planner_reassigns_authorship_audited(
    case: Case, login: Any, engine: Engine, session: Session
) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    successor = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. S. Opvolger")
    add_doctor(engine, successor, "19055566601")
    change = {"user_id": successor.user.id, "reason": "dr. Van den Berg is langdurig afwezig"}
    url = f"{case.base}/author"

    other_planner = login(Role.GGD_PLANNER, region="GG0111")
    assert case.client.put(url, json=change, headers=other_planner.headers).status_code == 404
    assert case.client.put(url, json=change, headers=case.doctor.headers).status_code == 404
    planner = login(Role.GGD_PLANNER, region="GG2514")
    vt_user = {"user_id": case.vt.user.id, "reason": "x"}
    wrong = case.client.put(url, json=vt_user, headers=planner.headers)
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "user_id"]

    moved = case.client.put(url, json=change, headers=planner.headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["author_user_id"] == successor.user.id
    assert case.put_draft(good_draft()).status_code == 404  # no longer hers: out of her scope
    assert case.put_draft(good_draft(), who=successor).status_code == 200
    event = session.exec(select(AuditEvent).where(AuditEvent.user_id == planner.user.id)).one()
    assert event.detail == (
        f"v1 author {case.doctor.user.id} -> {successor.user.id}: "
        "dr. Van den Berg is langdurig afwezig"
    )
    session.rollback()
    assert session.exec(select(Doctor).where(Doctor.user_id == successor.user.id)).one()


def test_a_lapsed_big_registration_cannot_sign(case: Case, engine: Engine) -> None:
    with Session(engine) as s:
        doctor = s.exec(select(Doctor).where(Doctor.user_id == case.doctor.user.id)).one()
        doctor.big_valid_until = date.today() - timedelta(days=2)
        s.add(doctor)
        s.commit()
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise()
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "big_lapsed"
