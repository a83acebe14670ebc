"""Draft -> final -> correction: completeness is checked per section, a final version is signed,
hashed and never changes again, and a correction is a new version beside it."""

import hashlib
from typing import Any

from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from tests.forensic_reports.builders import API, REVIEWER, Case, good_draft


def _final(case: Case) -> dict[str, Any]:
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise()
    assert response.status_code == 200, response.text
    return response.json()


def test_finalising_an_incomplete_report_lists_each_missing_section(case: Case) -> None:
    body = good_draft()
    body["limitations"] = []
    body["consent"] = None
    body["interpretation"] = None
    body["conclusions"] = body["conclusions"][:1]
    assert case.put_draft(body).status_code == 201

    response = case.finalise({"author_name": "dr. E. van den Berg"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [e["loc"] for e in detail] == [
        ["body", "toestemming"],
        ["body", "interpretatie"],
        ["body", "conclusies"],
        ["body", "beperkingen"],
        ["body", "ondertekening"],
    ]
    assert {e["type"] for e in detail} == {"incomplete_section"}
    by_section = {e["loc"][1]: e["msg"] for e in detail}
    assert "vraag 2 is niet beantwoord" in by_section["conclusies"]
    assert "vraag 3 is niet beantwoord" in by_section["conclusies"]
    assert "BIG-nummer" in by_section["ondertekening"]
    assert "collegiale toetser" in by_section["ondertekening"]
    assert case.html().headers["X-Report-Version"] == "1"
    assert "CONCEPT" in case.html().text


def test_finalise_signs_hashes_and_moves_an_examined_referral(case: Case, session: Session) -> None:
    with Session(session.get_bind()) as s:  # the examination took place
        referral = s.get(Referral, case.referral_id)
        assert referral is not None
        referral.status = ReferralStatus.EXAMINED.value
        s.add(referral)
        s.commit()

    final = _final(case)
    assert final["status"] == "final"
    assert final["signed_name"] == "dr. E. van den Berg"
    assert final["signed_big_number"] == "19012345601"
    assert final["signed_qualification"] == "forensisch arts KNMG"
    assert final["reviewer_name"] == REVIEWER
    assert final["template_version"] == "rapportage-standaard 1.0"

    session.rollback()
    row = session.exec(select(ForensicReport)).one()
    assert row.final_html is not None
    assert final["sha256"] == hashlib.sha256(row.final_html.encode()).hexdigest()
    referral = session.get(Referral, case.referral_id)
    assert referral is not None and referral.status == "reported"

    html = case.html()
    assert html.status_code == 200
    assert html.text == row.final_html
    assert html.headers["X-Report-SHA256"] == final["sha256"]
    assert "CONCEPT" not in html.text
    assert "19012345601" in html.text and REVIEWER in html.text


def test_a_final_report_cannot_be_changed(case: Case, session: Session) -> None:
    final = _final(case)
    hostile = good_draft()
    hostile["limitations"] = ["gewijzigd na ondertekening"]

    for response in (case.put_draft(hostile), case.finalise()):
        assert response.status_code == 409
        assert response.json()["detail"][0]["type"] == "report_final"

    session.rollback()
    row = session.exec(select(ForensicReport)).one()
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
    assert case.finalise().status_code == 200

    versions = case.client.get(f"{case.base}/versions", headers=case.doctor.headers).json()
    assert [(v["version"], v["status"]) for v in versions["items"]] == [(1, "final"), (2, "final")]
    assert versions["items"][0]["sha256"] == final["sha256"]
    assert versions["items"][1]["sha256"] != final["sha256"]

    old = case.html(version=1).text
    new = case.html().text
    assert hashlib.sha256(old.encode()).hexdigest() == final["sha256"]
    assert "16 × 11 mm" in old and "26 × 11 mm" not in old
    assert "26 × 11 mm" in new
    assert "Maat van letsel 2 verkeerd overgenomen" in new
    assert "vervangt versie 1" in new


def test_the_reviewer_is_not_the_author(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    response = case.finalise(
        {
            "reviewer_user_id": case.doctor.user.id,
            "big_number": "19012345601",
            "qualification": "forensisch arts",
        }
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "reviewer_is_author"


def test_reads_writes_and_prints_are_audited(case: Case, session: Session) -> None:
    _final(case)
    case.html()
    case.client.get(f"{case.base}/versions", headers=case.doctor.headers)
    session.rollback()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.record_type == "forensic_report")
    ).all()
    assert [(e.action, e.detail) for e in events] == [
        ("create", f"draft v1 of referral {case.referral_id}"),
        ("update", events[1].detail),
        ("read", "html v1"),
        ("list", "report versions"),
    ]
    assert events[1].detail is not None and events[1].detail.startswith("finalised v1 sha256 ")
    assert {e.user_id for e in events} == {case.doctor.user.id}


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
