"""A GGD referral becomes an examination, planned at submission or escalated to LECK."""

from datetime import datetime, timedelta

from sqlmodel import select

from fmek.allocation.models import Assignment, Examination
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from tests.allocation.builders import (
    GOOI,
    NOW,
    UTRECHT,
    ZEELAND,
    acute_body,
    add_doctor,
    add_shift,
    on_shift,
    planned_body,
    teen_sexual_abuse_body,
)

URL = "/api/v1/referrals"


def _submit(client, login, body):  # type: ignore[no-untyped-def]
    vt = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json=body, headers=vt.headers)
    assert response.status_code == 201, response.text
    # the answer comes before planning; the planning job (inline here) has run by now
    stored = client.get(f"{URL}/{response.json()['id']}", headers=vt.headers)
    return stored.json(), vt


def _plan(client, login, region=UTRECHT):  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region=region)
    response = client.get(f"/api/v1/regions/{region}/assignments", headers=planner.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_acute_referral_goes_to_the_qualified_doctor_on_shift(client, login, engine) -> None:
    on_call = add_doctor(engine, name="Dr. Dienst")
    add_doctor(engine, name="Dr. Vrij")  # qualified, not on shift
    unqualified = add_doctor(engine, qualifications=(), name="Dr. Basis")
    on_shift(engine, on_call)
    on_shift(engine, unqualified)

    referral, _ = _submit(client, login, acute_body())

    assert referral["routing"]["destination"] == "ggd"
    plan = _plan(client, login)
    assert [a["doctor_id"] for a in plan["assignments"]] == [on_call]
    assignment = plan["assignments"][0]
    assert assignment["status"] == "proposed"
    assert assignment["examination"]["referral_id"] == referral["id"]
    assert assignment["examination"]["required_qualifications"] == ["child_forensic"]
    assert assignment["examination"]["priority"] == 10
    assert assignment["examination"]["duration_min"] == 90
    start = datetime.fromisoformat(assignment["start_at"])
    assert NOW <= start <= datetime.fromisoformat(referral["routing"]["deadline"])
    why = assignment["explanation"]
    assert why["travel_min"] == assignment["travel_min"] >= 1
    assert why["slack_min"] > 0 and why["on_time"] is True
    # the qualified doctor without a shift was considered; the unqualified one was not
    assert why["alternatives_considered"] == 1
    assert why["alternatives"][0]["doctor"] == "Dr. Vrij"
    assert "shift" in why["alternatives"][0]["why_not"]


def test_no_doctor_on_shift_before_deadline_escalates_to_leck_at_submission(
    client, login, engine, session
) -> None:
    doctor = add_doctor(engine)
    # on shift only from 8 hours on: after the 6-hour acute window
    add_shift(engine, doctor, NOW + timedelta(hours=8), NOW + timedelta(hours=20))

    referral, vt = _submit(client, login, acute_body())

    routing = referral["routing"]
    assert routing["destination"] == "leck"
    assert routing["urgency"] == "acute"
    assert routing["version"] == 2
    assert [r["id"] for r in routing["rules"]] == ["TEN", "VISIBLE", "AVAILABILITY"]
    # the GGD examination became an identified LECK consult with the same clock
    (consult,) = routing["tasks"]
    assert (consult["kind"], consult["urgency"]) == ("leck_consult", "acute")
    assert consult["rules"] == ["TEN", "VISIBLE", "AVAILABILITY"]
    assert consult["deadline"] == routing["deadline"]
    assert (
        "no qualified doctor of GG2514, its neighbouring regions or its police-unit cluster"
        in routing["reason"]
    )
    # the earliest start: shift start plus travel from base, in Amsterdam time
    assert "earliest possible start 2026-12-01T17:" in routing["reason"]
    decided = datetime.fromisoformat(routing["decided_at"])
    assert decided < datetime.fromisoformat(routing["deadline"])

    history = client.get(f"{URL}/{referral['id']}/routing-decisions", headers=vt.headers).json()
    assert [(d["version"], d["destination"]) for d in history] == [(1, "ggd"), (2, "leck")]
    assert [r["id"] for r in history[0]["rules"]] == ["TEN", "VISIBLE"]
    assert [t["kind"] for t in history[0]["tasks"]] == ["ggd_examination"]
    assert history[0]["tasks"][0]["deadline"] == consult["deadline"]
    again = client.get(f"{URL}/{referral['id']}", headers=vt.headers).json()
    assert again["routing"]["version"] == 2 and again["routing"]["destination"] == "leck"

    session.rollback()
    exam = session.exec(select(Examination)).one()
    assert exam.status == "escalated"
    assert exam.explanation is not None
    assert exam.explanation["reason"] == "none_on_shift_before_deadline"
    assert session.exec(select(Assignment)).all() == []
    events = session.exec(
        select(AuditEvent).where(
            AuditEvent.record_id == referral["id"], AuditEvent.action == "transfer"
        )
    ).all()
    assert len(events) == 1 and "AVAILABILITY" in (events[0].detail or "")


def test_nobody_on_the_roster_is_named_in_the_reason(client, login, engine) -> None:
    add_doctor(engine)  # the GGD plans in FMEK, but nobody is rostered

    referral, _ = _submit(client, login, acute_body())

    assert referral["routing"]["destination"] == "leck"
    assert referral["routing"]["reason"].endswith("earliest possible start none on the roster")


def test_all_busy_names_when_a_doctor_is_free_again(client, login, engine) -> None:
    doctor = add_doctor(engine)
    on_shift(engine, doctor, from_h=-1, to_h=5)  # room for 3 examinations in 6 hours at most
    results = [_submit(client, login, acute_body())[0] for _ in range(4)]

    destinations = [r["routing"]["destination"] for r in results]
    assert destinations.count("ggd") >= 2
    escalated = [r for r in results if r["routing"]["destination"] == "leck"]
    assert escalated, destinations
    assert "earliest possible start" in escalated[0]["routing"]["reason"]


def test_sexual_abuse_case_needs_a_qualified_doctor_from_a_neighbour(client, login, engine) -> None:
    local = add_doctor(engine)
    neighbour = add_doctor(engine, region=GOOI, qualifications=("child_forensic", "sexual_abuse"))
    far_away = add_doctor(engine, region=ZEELAND, qualifications=("child_forensic", "sexual_abuse"))
    for d in (local, neighbour, far_away):
        on_shift(engine, d)

    referral, _ = _submit(client, login, teen_sexual_abuse_body())

    assert referral["routing"]["destination"] == "ggd"
    plan = _plan(client, login)
    assert [a["doctor_id"] for a in plan["assignments"]] == [neighbour]
    exam = plan["assignments"][0]["examination"]
    assert exam["required_qualifications"] == ["child_forensic", "sexual_abuse"]
    # the location falls back to the region's centroid when the referral has none
    assert (exam["location_lat"], exam["location_lon"]) == (52.08, 5.15)


def test_sexual_abuse_case_without_qualified_doctor_escalates(client, login, engine) -> None:
    on_shift(engine, add_doctor(engine))

    referral, _ = _submit(client, login, teen_sexual_abuse_body())

    assert referral["routing"]["destination"] == "leck"
    assert "none on the roster" in referral["routing"]["reason"]


def test_planned_case_is_assigned_within_five_working_days(client, login, engine) -> None:
    doctor = add_doctor(engine)
    add_shift(engine, doctor, NOW + timedelta(days=2), NOW + timedelta(days=2, hours=8))

    referral, _ = _submit(client, login, planned_body())

    assert referral["routing"]["destination"] == "ggd"
    plan = _plan(client, login)
    assert len(plan["assignments"]) == 1
    assert plan["assignments"][0]["examination"]["priority"] == 1


def test_regions_without_doctors_in_fmek_are_not_planned(client, login, session) -> None:
    referral, _ = _submit(client, login, acute_body())

    assert referral["routing"]["destination"] == "ggd"
    assert referral["routing"]["version"] == 1
    session.rollback()
    assert session.exec(select(Examination)).all() == []


def test_planner_of_another_region_may_not_see_the_plan(client, login) -> None:
    other = login(Role.GGD_PLANNER, region=GOOI)
    response = client.get(f"/api/v1/regions/{UTRECHT}/assignments", headers=other.headers)
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "not_planner_of_region"
