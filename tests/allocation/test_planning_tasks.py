"""Allocation plans each ggd_examination task (by its own clock), never acute_zeden or LECK
tasks, and tries the region's police-unit cluster before an examination escalates."""

from datetime import datetime, timedelta

from sqlmodel import select

from fmek.allocation.models import Examination
from fmek.reference.service import neighbours_of, police_cluster_of, police_units, shipped_regions
from tests.allocation.builders import NOW, UTRECHT, _birth, acute_body, add_doctor, on_shift
from tests.allocation.test_planning import _plan, _submit

TWENTE, GELDERLAND_ZUID = "GG1106", "GG2014"


def test_each_region_is_in_exactly_one_of_the_ten_police_units() -> None:
    units = police_units()
    assert len(units) == 10
    placed = [code for unit in units for code in unit["regions"]]
    assert sorted(placed) == sorted(r["code"] for r in shipped_regions())
    assert police_cluster_of(UTRECHT) == ("GG2209", "GG3606")
    assert police_cluster_of("GG3406") == ()  # Amsterdam is a unit of its own


def test_the_examination_keeps_its_own_deadline_beside_a_one_hour_leck_advice(
    client, login, engine, session
) -> None:
    doctor = add_doctor(engine)
    on_shift(engine, doctor)
    infant = acute_body(
        child={
            "name": "Kind",
            "birth_date": _birth(months=10),
            "sex": "female",
            "mobility": "mobile",
        },
        injuries=[{"kind": "bruise", "body_region": "back"}],
    )

    referral, _ = _submit(client, login, infant)

    by_kind = {t["kind"]: t for t in referral["routing"]["tasks"]}
    assert set(by_kind) == {"ggd_examination", "leck_advice"}
    assert referral["routing"]["destination"] == "ggd"
    session.rollback()
    exam = session.exec(select(Examination)).one()
    assert exam.deadline_at.replace(tzinfo=None) == datetime.fromisoformat(
        by_kind["ggd_examination"]["deadline"]
    ).replace(tzinfo=None)
    assert exam.priority == 10  # the examination's urgency (acute), not the advice's
    plan = _plan(client, login)
    assert [a["doctor_id"] for a in plan["assignments"]] == [doctor]


def test_acute_zeden_and_leck_only_decisions_are_not_planned(
    client, login, engine, session
) -> None:
    on_shift(engine, add_doctor(engine))
    zeden = {
        "child": {"name": "Kind", "birth_date": _birth(years=12), "sex": "female"},
        "ggd_region": UTRECHT,
        "concerns": ["sexual_abuse"],
        "last_incident_at": (NOW - timedelta(days=1)).isoformat(),
        "vraagstelling": "Acuut.",
    }
    head = acute_body(injuries=[{"kind": "head_trauma", "body_region": "head"}])
    for body, kinds in ((zeden, ["acute_zeden"]), (head, ["leck_advice"])):
        referral, _ = _submit(client, login, body)
        assert [t["kind"] for t in referral["routing"]["tasks"]] == kinds
        assert referral["routing"]["version"] == 1  # never escalated: nothing to plan
    session.rollback()
    assert session.exec(select(Examination)).all() == []


def test_a_doctor_of_the_police_unit_cluster_is_tried_before_escalation(
    client, login, engine
) -> None:
    assert GELDERLAND_ZUID not in neighbours_of(TWENTE)
    assert GELDERLAND_ZUID in police_cluster_of(TWENTE)  # both in Oost-Nederland
    helper = add_doctor(engine, region=GELDERLAND_ZUID)
    on_shift(engine, helper)
    body = acute_body(
        region=TWENTE,
        location={"lat": 52.25, "lon": 6.8},
        injuries=[{"kind": "abrasion", "body_region": "arm"}],  # urgent: 24 hours
    )

    referral, _ = _submit(client, login, body)

    assert referral["routing"]["destination"] == "ggd", referral["routing"].get("reason")
    plan = _plan(client, login, region=TWENTE)
    assert [a["doctor_id"] for a in plan["assignments"]] == [helper]
