"""Structured consent, the order of the report's moments, the photo log and oriented lesions,
through the API: a refused draft gets a 422 naming the field and changes nothing; an accepted
one prints what a court reads."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.models import Referral
from reports.sample import EXAMINED_AT
from tests.forensic_reports.builders import Case, good_draft, new_case
from tests.referrals.builders import birth_date_for_age


def _refused(response: Any) -> list[tuple[list[Any], str]]:
    assert response.status_code == 422, response.text
    return [(e["loc"], e["type"]) for e in response.json()["detail"]]


def _nothing_stored(engine: Engine) -> None:
    with Session(engine) as s:
        assert s.exec(select(ForensicReport)).all() == []
        assert (
            s.exec(select(AuditEvent).where(AuditEvent.record_type == "forensic_report")).all()
            == []
        )


def _teenager(client: TestClient, login: Any, engine: Engine) -> Case:
    """A case about a child who was 13 at the sample's examination."""
    born = birth_date_for_age(13 * 12 + 4, today=EXAMINED_AT.date())
    return new_case(client, login, engine, child_birth_date=born)


def test_parents_alone_cannot_consent_for_a_thirteen_year_old(
    client: TestClient, login: Any, engine: Engine
) -> None:
    case = _teenager(client, login, engine)
    response = case.put_draft(good_draft())
    assert _refused(response) == [(["body", "consent", "authority"], "consent_age_band")]
    message = response.json()["detail"][0]["msg"]
    assert "12 tot en met 15 jaar" in message and "young_person_with_parents" in message
    assert "Test Kind" not in response.text
    _nothing_stored(engine)

    body = good_draft()
    body["consent"]["authority"] = "young_person_with_parents"
    assert case.put_draft(body).status_code == 201
    html = case.html().text
    assert "de jongere (12 tot en met 15 jaar) samen met ouder(s) met gezag of voogd" in html
    assert "12 tot en met 15 jaar bij de toestemming (WGBO)" in html


def test_a_young_child_needs_parents_or_guardian_and_a_court_order_names_itself(
    case: Case, engine: Engine
) -> None:
    body = good_draft()
    body["consent"]["authority"] = "young_person"
    assert _refused(case.put_draft(body)) == [
        (["body", "consent", "authority"], "consent_age_band")
    ]
    body["consent"]["authority"] = "court_order"
    assert _refused(case.put_draft(body)) == [
        (["body", "consent", "court_order_reference"], "court_order_reference_required")
    ]
    _nothing_stored(engine)
    body["consent"]["court_order_reference"] = "RC 26/1234"
    assert case.put_draft(body).status_code == 201
    assert "rechterlijke beslissing (RC 26/1234)" in case.html().text


def test_what_is_recorded_stays_within_the_consent(case: Case, engine: Engine) -> None:
    body = good_draft()
    body["consent"]["scope"]["photographs"] = False
    body["consent"]["scope"]["examination"] = False
    assert _refused(case.put_draft(body)) == [
        (["body", "consent", "scope", "examination"], "examination_without_consent"),
        (["body", "consent", "scope", "photographs"], "photos_without_consent"),
    ]
    _nothing_stored(engine)


def test_the_report_prints_the_structured_consent(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    html = case.html().text
    assert "Grondslag</th><td>ouder(s) met gezag" in html
    assert "jonger dan 12 jaar bij de toestemming (WGBO)" in html
    assert "Foto’s</th><td>ja" in html
    assert "Delen met</th><td>Veilig Thuis Utrecht" in html


def test_finalising_asks_for_the_structured_consent(case: Case) -> None:
    body = good_draft()
    body["consent"] = {"given_by": "moeder", "text": "mondeling"}  # as older drafts hold it
    saved = case.put_draft(body)
    assert saved.status_code == 201
    assert saved.json()["missing_sections"] == ["toestemming"]
    response = case.finalise()
    detail = response.json()["detail"]
    assert [(e["loc"], e["type"]) for e in detail] == [
        (["body", "toestemming"], "incomplete_section")
    ]
    for part in ("op grond waarvan", "tijdstip", "omvang"):
        assert part in detail[0]["msg"]


def test_an_examination_before_the_request_needs_its_reason(case: Case, engine: Engine) -> None:
    with Session(engine) as s:
        referral = s.get(Referral, case.referral_id)
        assert referral is not None
        referral.submitted_at = EXAMINED_AT + timedelta(hours=12)
        s.add(referral)
        s.commit()
    body = good_draft()
    assert _refused(case.put_draft(body)) == [
        (["body", "examination", "before_request_reason"], "examination_before_request")
    ]
    _nothing_stored(engine)
    body["examination"]["before_request_reason"] = "eerst gezien op de SEH, daarna gemeld"
    assert case.put_draft(body).status_code == 201
    assert "vóór het verzoek om dit rapport. Reden: eerst gezien op de SEH" in case.html().text


def test_moments_out_of_order_are_refused_naming_the_field(case: Case, engine: Engine) -> None:
    body = good_draft()
    body["consent"]["given_at"] = (EXAMINED_AT + timedelta(minutes=5)).isoformat()
    body["photos"][2]["taken_at"] = (EXAMINED_AT - timedelta(minutes=1)).isoformat()
    body["photos"][3]["stored_at"] = (EXAMINED_AT - timedelta(minutes=1)).isoformat()
    assert _refused(case.put_draft(body)) == [
        (["body", "consent", "given_at"], "consent_after_examination"),
        (["body", "photos", 2, "taken_at"], "photo_outside_examination"),
        (["body", "photos", 3, "stored_at"], "photo_stored_before_taken"),
    ]
    _nothing_stored(engine)


def test_the_photo_log_records_custody_and_finalising_asks_for_it(case: Case) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    html = case.html().text
    assert "Herkomst en bewaring" in html
    assert "mw. A. Kaya, forensisch verpleegkundige" in html
    assert "Nikon D7500" in html
    assert "beveiligd beeldarchief GGD regio Utrecht" in html

    body = good_draft()
    body["photos"][0]["photographer"] = ""
    body["photos"][1]["device"] = " "
    assert case.put_draft(body).json()["missing_sections"] == ["fotoverslag"]
    detail = case.finalise().json()["detail"]
    assert detail[0]["loc"] == ["body", "fotoverslag"]
    assert "foto F001: fotograaf ontbreekt" in detail[0]["msg"]
    assert "foto F002: camera ontbreekt" in detail[0]["msg"]


def test_an_oriented_lesion_is_a_line_on_the_body_map(case: Case) -> None:
    body = good_draft()
    body["injuries"][0]["orientation_deg"] = 45
    assert case.put_draft(body).status_code == 201
    html = case.html().text
    assert 'class="bm-lesion"' in html and 'data-angle="45"' in html

    body["injuries"][0]["orientation_deg"] = 180
    assert _refused(case.put_draft(body)) == [
        (["body", "injuries", 0, "orientation_deg"], "less_than")
    ]
    body["injuries"][0]["orientation_deg"] = 10
    body["injuries"][0]["size_mm"] = None
    assert _refused(case.put_draft(body)) == [
        (["body", "injuries", 0, "orientation_deg"], "orientation_without_size")
    ]
