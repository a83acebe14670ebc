"""Who sees a report: the author; the requesting VT organisation once it is final, LECK only
by a second opinion the vertrouwensarts granted; nobody else — for them it does not exist (404, and the miss is logged)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from fmek.allocation.models import Assignment, Examination
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.doctors.models import Doctor
from tests.conftest import Login
from tests.forensic_reports.builders import Case, good_draft


def _status(case: Case, who: Login) -> dict[str, int]:
    headers = who.headers
    return {
        "html": case.client.get(case.base, headers=headers).status_code,
        "versions": case.client.get(f"{case.base}/versions", headers=headers).status_code,
    }


def test_a_draft_is_seen_by_its_author_only(case: Case, login: Any) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    assert _status(case, case.doctor) == {"html": 200, "versions": 200}
    for who in (case.vt, login(Role.LECK_CONSULTANT, organisation="LECK-UMCU")):
        assert _status(case, who) == {"html": 404, "versions": 404}


def test_the_final_report_reaches_the_requester_and_leck_only_by_a_second_opinion(
    case: Case, login: Any
) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    case.sign()
    leck = login(Role.LECK_CONSULTANT, organisation="LECK-UMCU")
    assert _status(case, case.vt) == {"html": 200, "versions": 200}
    assert _status(case, leck) == {"html": 404, "versions": 404}
    granted = case.client.post(
        f"{case.base}/second-opinion",
        json={"reason": "tweede mening gevraagd over het letselpatroon"},
        headers=case.vt.headers,
    )
    assert granted.status_code == 201, granted.text
    assert _status(case, leck) == {"html": 200, "versions": 200}


@pytest.mark.parametrize(
    ("role", "kwargs"),
    [
        (Role.FORENSISCH_ARTS, {"region": "GG2514"}),  # same region, not the author
        (Role.FORENSISCH_ARTS, {"region": "GG3406"}),  # another region
        (Role.VERTROUWENSARTS, {"organisation": "VT-AMSTERDAM-AMSTELLAND"}),
        (Role.GGD_PLANNER, {"region": "GG2514"}),
        (Role.ADMIN, {}),
    ],
)
def test_others_get_404(case: Case, login: Any, role: Role, kwargs: dict[str, str]) -> None:
    assert case.put_draft(good_draft()).status_code == 201
    case.sign()
    other = login(role, **kwargs)
    assert _status(case, other) == {"html": 404, "versions": 404}
    pdf = case.client.get(f"{case.base}.pdf", headers=other.headers)
    assert pdf.status_code == 404
    assert pdf.json()["detail"][0]["msg"] == "no report on this referral in your scope"


def test_only_a_forensisch_arts_in_scope_writes(case: Case, login: Any, session: Session) -> None:
    elsewhere = login(Role.FORENSISCH_ARTS, region="GG3406")
    assert case.put_draft(good_draft(), who=elsewhere).status_code == 404
    assert case.put_draft(good_draft(), who=case.vt).status_code == 404
    session.rollback()
    misses = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert {e.user_id for e in misses} == {elsewhere.user.id, case.vt.user.id}


def test_a_colleague_does_not_overwrite_the_authors_draft(case: Case, login: Any) -> None:
    """To a colleague of the same GGD the author's report does not exist: writing, submitting
    or correcting it answers exactly like a referral without a report in her scope."""
    assert case.put_draft(good_draft()).status_code == 201
    colleague = login(Role.FORENSISCH_ARTS, region="GG2514")
    unknown = case.client.get(
        "/api/v1/referrals/00000000-0000-4000-8000-000000000000/report", headers=colleague.headers
    ).json()
    answers = [
        case.put_draft(good_draft(), who=colleague),
        case.finalise(who=colleague),
        case.client.post(
            f"{case.base}/corrections",
            json={"reason": "een andere lezing"},
            headers=colleague.headers,
        ),
    ]
    assert [(a.status_code, a.json()) for a in answers] == [(404, unknown)] * 3
    case.sign()  # a final report is no different
    again = case.put_draft(good_draft(), who=colleague)
    assert (again.status_code, again.json()) == (404, unknown)


def test_unknown_referral_is_404(case: Case) -> None:
    response = case.client.get(
        "/api/v1/referrals/00000000-0000-0000-0000-000000000000/report",
        headers=case.doctor.headers,
    )
    assert response.status_code == 404


def test_once_assigned_only_the_assigned_doctor_writes(
    case: Case, login: Any, engine: Engine
) -> None:
    assigned = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. A. Toegewezen")
    now = datetime.now(UTC)
    with Session(engine) as s:
        doctor = Doctor(
            name="dr. A. Toegewezen",
            big_number="19011122233",
            region="GG2514",
            contract_hours=32,
            user_id=assigned.user.id,
        )
        examination = Examination(
            referral_id=case.referral_id,
            region="GG2514",
            location_lat=52.09,
            location_lon=5.12,
            duration_min=90,
            required_qualifications=[],
            priority=1,
            release_at=now,
            deadline_at=now + timedelta(hours=6),
        )
        s.add(doctor)
        s.add(examination)
        s.flush()
        s.add(
            Assignment(
                examination_id=examination.id or 0,
                doctor_id=doctor.id or 0,
                start_at=now,
                end_at=now + timedelta(hours=1),
                status="accepted",
                plan_version=1,
            )
        )
        s.commit()
    assert case.put_draft(good_draft()).status_code == 404  # same region, not assigned
    assert case.put_draft(good_draft(), who=assigned).status_code == 201
