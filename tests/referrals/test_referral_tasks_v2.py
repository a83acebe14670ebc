"""Handelingskader v2 through the HTTP contract: tasks in POST /referrals, GET /referrals/{id}
and POST /triage, every age boundary, unknown last contact and mobility, the input rules
(422, nothing stored), who sees which task, and the setting that picks the version."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from fmek.auth.models import Role
from fmek.clock import set_clock
from fmek.referrals.models import Referral

URL = "/api/v1/referrals"
NOW = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Amsterdam


@pytest.fixture(autouse=True)
def _pinned_clock() -> None:
    set_clock(lambda: NOW)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def body(birth_date: str, *concerns: str, **extra: Any) -> dict[str, Any]:
    child = {"name": "Kind", "birth_date": birth_date, "sex": "female", "mobility": "mobile"}
    child.update(extra.pop("child", {}))
    data: dict[str, Any] = {
        "child": child,
        "ggd_region": "GG2514",
        "concerns": list(concerns) or ["physical_abuse"],
        "vraagstelling": "Onderzoek gevraagd.",
    }
    data.update(extra)
    return data


def tasks(routing: dict[str, Any]) -> dict[str, str]:
    return {task["kind"]: task["urgency"] for task in routing["tasks"]}


DAYS_AGO_2 = _iso(NOW - timedelta(days=2))
BRUISE_BACK = [{"kind": "bruise", "body_region": "back"}]
FRACTURE = [{"kind": "fracture", "body_region": "leg"}]
BURN = [{"kind": "immersion_burn", "body_region": "foot"}]

# name, request body, tasks {kind: urgency}, lead destination
CASES: list[tuple[str, dict[str, Any], dict[str, str], str]] = [
    (
        "sexual abuse 15y11m, 2 days",
        body("2010-11-26", "sexual_abuse", last_incident_at=DAYS_AGO_2),
        {"acute_zeden": "acute"},
        "leck",
    ),
    (
        "sexual abuse 16y0m, 2 days",
        body("2010-11-25", "sexual_abuse", last_incident_at=DAYS_AGO_2),
        {"ggd_examination": "acute"},
        "ggd",
    ),
    (
        "sexual abuse exactly 168 h",
        body("2018-01-01", "sexual_abuse", last_incident_at=_iso(NOW - timedelta(hours=168))),
        {"acute_zeden": "acute"},
        "leck",
    ),
    (
        "sexual abuse 168 h 1 min",
        body(
            "2018-01-01",
            "sexual_abuse",
            last_incident_at=_iso(NOW - timedelta(hours=168, minutes=1)),
        ),
        {"leck_advice": "planned"},
        "leck",
    ),
    (
        "sexual abuse, last contact unknown, 4y",
        body("2022-06-01", "sexual_abuse", last_incident_at="unknown"),
        {"acute_zeden": "acute"},
        "leck",
    ),
    (
        "sexual abuse, last contact unknown, 16y",
        body("2010-06-01", "sexual_abuse", last_incident_at="unknown"),
        {"ggd_examination": "acute"},
        "ggd",
    ),
    (
        "TEN bruise 23 months",
        body("2024-11-26", injuries=BRUISE_BACK),
        {"leck_advice": "urgent", "ggd_examination": "acute"},
        "ggd",
    ),
    (
        "TEN bruise 24 months",
        body("2024-11-25", injuries=BRUISE_BACK),
        {"ggd_examination": "acute"},
        "ggd",
    ),
    ("fracture 4y11m", body("2021-11-26", injuries=FRACTURE), {"leck_advice": "urgent"}, "leck"),
    ("fracture 5y0m", body("2021-11-25", injuries=FRACTURE), {"ggd_examination": "urgent"}, "ggd"),
    (
        "immersion burn 4y11m",
        body("2021-11-26", injuries=BURN),
        {"leck_advice": "urgent", "ggd_examination": "urgent"},
        "ggd",
    ),
    (
        "scald 5y0m",
        body("2021-11-25", injuries=[{"kind": "scald", "body_region": "chest"}]),
        {"ggd_examination": "urgent"},
        "ggd",
    ),
    (
        "2-month-old with fresh bruise",
        body(
            "2026-09-20",
            injuries=[
                {
                    "kind": "bruise",
                    "body_region": "cheek",
                    "observed_at": _iso(NOW - timedelta(hours=2)),
                }
            ],
        ),
        {"leck_advice": "acute", "ggd_examination": "acute"},
        "ggd",
    ),
    (
        "10 months, mobility unknown, abrasion",
        body(
            "2026-01-20",
            injuries=[{"kind": "abrasion", "body_region": "arm"}],
            child={"mobility": "unknown"},
        ),
        {"leck_advice": "acute", "ggd_examination": "urgent"},
        "ggd",
    ),
    (
        "visible bruise without date, 9y",
        body("2017-05-01", injuries=[{"kind": "bruise", "body_region": "leg"}]),
        {"ggd_examination": "urgent"},
        "ggd",
    ),
    (
        "patterned loop mark, 9y",
        body("2017-05-01", injuries=[{"kind": "other", "body_region": "back", "patterned": True}]),
        {"ggd_examination": "urgent"},
        "ggd",
    ),
    (
        "head trauma, 12y",
        body("2014-05-01", injuries=[{"kind": "head_trauma", "body_region": "head"}]),
        {"leck_advice": "urgent"},
        "leck",
    ),
    ("neglect only", body("2017-05-01", "neglect"), {"ggd_examination": "planned"}, "ggd"),
]


@pytest.mark.parametrize(
    ("data", "expected", "lead"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_referral_decision_is_a_task_set(
    client, login, data: dict[str, Any], expected: dict[str, str], lead: str
) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    created = client.post(URL, json=data, headers=va.headers)
    assert created.status_code == 201, created.text
    routing = created.json()["routing"]
    assert tasks(routing) == expected
    assert routing["destination"] == lead
    assert routing["ruleset_version"] == "v2"
    for task in routing["tasks"]:
        assert task["rules"] and set(task["rules"]) <= {r["id"] for r in routing["rules"]}
        assert task["description"] and task["instruction"]
        assert datetime.fromisoformat(task["deadline"]) > NOW
    assert routing["deadline"] == min(t["deadline"] for t in routing["tasks"])
    read = client.get(f"{URL}/{created.json()['id']}", headers=va.headers)
    assert read.status_code == 200
    assert read.json()["routing"]["tasks"] == routing["tasks"]


@pytest.mark.usefixtures("session")
def test_acute_zeden_says_what_to_do_now_and_is_never_planned(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    data = body("2014-01-01", "sexual_abuse", last_incident_at=DAYS_AGO_2)
    created = client.post(URL, json=data, headers=va.headers)
    assert created.status_code == 201
    (task,) = created.json()["routing"]["tasks"]
    assert task["kind"] == "acute_zeden"
    assert datetime.fromisoformat(task["deadline"]) == NOW + timedelta(hours=1)
    assert "Neem nu contact op met de politie" in task["instruction"]
    assert "LOEF" in task["instruction"] and "FMEK niet" in task["instruction"]
    # nobody at a GGD or LECK sees it: the police plan this examination
    rid = created.json()["id"]
    for role in (Role.GGD_PLANNER, Role.LECK_CONSULTANT):
        who = login(role)
        assert client.get(f"{URL}/{rid}", headers=who.headers).status_code == 404


def test_last_incident_unknown_and_mobility_unknown_read_back(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    data = body(
        "2026-03-01", "sexual_abuse", last_incident_at="unknown", child={"mobility": "unknown"}
    )
    created = client.post(URL, json=data, headers=va.headers)
    assert created.status_code == 201, created.text
    read = client.get(f"{URL}/{created.json()['id']}", headers=va.headers).json()
    assert read["last_incident_at"] == "unknown"
    assert read["child"]["mobility"] == "unknown"
    assert tasks(read["routing"]) == {"acute_zeden": "acute"}


def test_patterned_and_new_vocabulary_are_stored(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    injuries = [
        {"kind": "incised_wound", "body_region": "jaw_angle", "side": "left", "patterned": True},
        {"kind": "petechiae", "body_region": "eyelid"},
        {"kind": "contact_burn", "body_region": "frenulum"},
        {"kind": "stab_wound", "body_region": "chest"},
        {"kind": "scar", "body_region": "cheek"},
    ]
    created = client.post(URL, json=body("2015-01-01", injuries=injuries), headers=va.headers)
    assert created.status_code == 201, created.text
    stored = created.json()["injuries"]
    assert [(i["kind"], i["body_region"], i["patterned"]) for i in stored] == [
        (i["kind"], i["body_region"], i.get("patterned", False)) for i in injuries
    ]
    assert {r["id"] for r in created.json()["routing"]["rules"]} == {"PATTERNED", "VISIBLE", "SCAR"}


def _count(session: Session) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(Referral)).one()


@pytest.mark.parametrize(
    ("data", "loc", "error_type", "words"),
    [
        (
            body("2015-01-01", "sexual_abuse"),
            ["body", "last_incident_at"],
            "last_incident_required",
            '"unknown"',
        ),
        (
            body("2015-01-01", "neglect", "sexual_abuse"),
            ["body", "last_incident_at"],
            "last_incident_required",
            "sexual_abuse",
        ),
        (
            body("2026-01-01", child={"mobility": None}),
            ["body", "child", "mobility"],
            "mobility_required",
            "under 12 months",
        ),
        (
            body("2025-11-26", child={"mobility": None}),
            ["body", "child", "mobility"],
            "mobility_required",
            "not mobile",
        ),
        (
            body("2015-01-01", "sexual_abuse", last_incident_at="yesterday"),
            ["body", "last_incident_at"],
            "datetime_from_date_parsing",
            "timestamp",
        ),
        (
            body("2015-01-01", "sexual_abuse", last_incident_at="2026-11-20T10:00:00"),
            ["body", "last_incident_at"],
            "timezone_aware",
            "offset",
        ),
        (
            body("2015-01-01", "sexual_abuse", last_incident_at="Unknown"),
            ["body", "last_incident_at"],
            "datetime_from_date_parsing",
            "timestamp",
        ),
        (
            body("2015-01-01", child={"mobility": "crawling"}),
            ["body", "child", "mobility"],
            "enum",
            "unknown",
        ),
        (
            body(
                "2015-01-01",
                injuries=[{"kind": "bruise", "body_region": "arm", "patterned": "yes please"}],
            ),
            ["body", "injuries", 0, "patterned"],
            "bool_parsing",
            "bool",
        ),
    ],
)
def test_input_rules_answer_422_and_store_nothing(
    client,
    login,
    session: Session,
    data: dict[str, Any],
    loc: list[Any],
    error_type: str,
    words: str,
) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    before = _count(session)
    response = client.post(URL, json=data, headers=va.headers)
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert problem["loc"] == loc
    assert problem["type"] == error_type
    assert words in problem["msg"]
    assert _count(session) == before


def test_12_months_needs_no_mobility(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        URL, json=body("2025-11-25", child={"mobility": None}), headers=va.headers
    )
    assert response.status_code == 201, response.text


def test_what_if_triage_speaks_tasks_and_the_same_input_rules(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    case = {"age_months": 191, "concerns": ["sexual_abuse"], "last_incident_at": DAYS_AGO_2}
    answer = client.post("/api/v1/triage", json=case, headers=va.headers)
    assert answer.status_code == 200, answer.text
    assert tasks(answer.json()) == {"acute_zeden": "acute"}
    assert answer.json()["ruleset_version"] == "v2"
    teen = client.post("/api/v1/triage", json={**case, "age_months": 192}, headers=va.headers)
    assert tasks(teen.json()) == {"ggd_examination": "acute"}
    missing = client.post(
        "/api/v1/triage", json={"age_months": 11, "concerns": ["sexual_abuse"]}, headers=va.headers
    )
    assert missing.status_code == 422
    assert [(p["loc"], p["type"]) for p in missing.json()["detail"]] == [
        (["body", "last_incident_at"], "last_incident_required"),
        (["body", "mobility"], "mobility_required"),
    ]


def test_leck_queue_lists_advice_tasks_also_when_the_ggd_leads(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    infant = client.post(
        URL, json=body("2025-08-01", injuries=BRUISE_BACK), headers=va.headers
    ).json()
    only_ggd = client.post(URL, json=body("2017-05-01", "neglect"), headers=va.headers).json()
    assert infant["routing"]["destination"] == "ggd"
    leck = login(Role.LECK_CONSULTANT)
    queue = client.get(URL, params={"task": "leck_advice"}, headers=leck.headers)
    assert queue.status_code == 200
    assert [r["id"] for r in queue.json()["items"]] == [infant["id"]]
    assert client.get(f"{URL}/{infant['id']}", headers=leck.headers).status_code == 200
    assert client.get(f"{URL}/{only_ggd['id']}", headers=leck.headers).status_code == 404
    planner = login(Role.GGD_PLANNER, region="GG2514")
    listed = client.get(URL, params={"task": "ggd_examination"}, headers=planner.headers).json()
    assert {r["id"] for r in listed["items"]} == {infant["id"], only_ggd["id"]}
    bad = client.get(URL, params={"task": "police"}, headers=leck.headers)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "task"]


def test_the_amsterdam_date_decides_the_16th_birthday(client, login) -> None:  # type: ignore[no-untyped-def]
    """23:30 UTC on 24 Nov is 25 Nov in Amsterdam: born 25 Nov 2010, the child is 16 then."""
    set_clock(lambda: datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    va = login(Role.VERTROUWENSARTS)
    data = body("2010-11-25", "sexual_abuse", last_incident_at="unknown")
    created = client.post(URL, json=data, headers=va.headers).json()
    assert created["child"]["age_months"] == 192
    assert tasks(created["routing"]) == {"ggd_examination": "acute"}


@pytest.mark.usefixtures("handelingskader_v1")
def test_the_version_in_force_is_a_setting_and_shown_on_the_decision(client, login) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    data = body("2012-06-01", "sexual_abuse", last_incident_at=DAYS_AGO_2)  # 14 years
    created = client.post(URL, json=data, headers=va.headers)
    assert created.status_code == 201
    routing = created.json()["routing"]
    assert routing["ruleset_version"] == "1"
    assert (routing["destination"], [r["id"] for r in routing["rules"]]) == (
        "ggd",
        ["SA-ACUTE-TEEN"],
    )
    assert tasks(routing) == {"ggd_examination": "acute"}


def test_an_unknown_version_setting_fails_at_start() -> None:
    from fmek.settings import Settings

    with pytest.raises(ValueError, match="unknown handelingskader version '3'; shipped: 1, 2"):
        Settings(handelingskader_version="3")
