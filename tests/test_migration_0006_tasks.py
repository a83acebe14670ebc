"""Migration 0006: stored v1 decisions become one-task sets with the same meaning; nothing else
changes; they read back unchanged through the API; downgrade restores the old schema and rows."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, Table, inspect, select
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.db import make_engine
from fmek.main import create_app
from fmek.migrations import alembic_config, downgrade, upgrade
from fmek.reference.service import ensure_reference_data
from fmek.settings import Settings

DEADLINE = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
RULES = {
    "ggd": [
        {
            "id": "TEN",
            "description": "Child under 48 months ... (TEN-4 rule): acute GGD examination.",
        }
    ],
    "leck": [
        {
            "id": "SA-NONACUTE",
            "description": "Suspected sexual abuse ...: planned LECK assessment.",
        },
        {"id": "FRESH", "description": "External injury ...: urgent GGD examination."},
    ],
}


def _before_0006(url: str) -> str:
    down = ScriptDirectory.from_config(alembic_config(url)).get_revision("0006").down_revision
    assert isinstance(down, str)
    return down


def _table(engine: Engine, name: str) -> Table:
    return Table(name, MetaData(), autoload_with=engine)


def _referral(
    ref_id: str, user_id: int, destination: str, urgency: str, version: int
) -> dict[str, Any]:
    return {
        "id": ref_id,
        "status": "routed",
        "version": 1,
        "organisation_code": "VT-UTRECHT",
        "submitted_by": user_id,
        "submitted_at": datetime(2026, 11, 19, 15, 30, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 19, 15, 30, tzinfo=UTC),
        "idempotency_key": None,
        "request_hash": "0" * 64,
        "child_name": "Test Kind",
        "child_birth_date": date(2024, 5, 1),
        "child_sex": "female",
        "child_bsn": None,
        "child_mobility": "mobile",
        "age_months": 30,
        "ggd_region": "GG2514",
        "location_lat": None,
        "location_lon": None,
        "concerns": ["physical_abuse"],
        "injuries": [{"kind": "bruise", "body_region": "back", "side": None, "observed_at": None}],
        "last_incident_at": None,
        "questions": [],
        "vraagstelling": "Graag onderzoek.",
        "destination": destination,
        "urgency": urgency,
        "deadline_at": DEADLINE,
        "decision_version": version,
    }


def _decision(
    ref_id: str, version: int, destination: str, urgency: str, rules: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "referral_id": ref_id,
        "version": version,
        "destination": destination,
        "urgency": urgency,
        "deadline_at": DEADLINE,
        "rules": rules,
        "ruleset_version": "1",
        "decided_at": datetime(2026, 11, 19, 15, 30, tzinfo=UTC),
        "reason": None if version == 1 else "no qualified doctor ...",
    }


@pytest.fixture
def v1_database(db_url_factory, tmp_path: Path) -> Iterator[tuple[str, Engine, str]]:  # type: ignore[no-untyped-def]
    """A database at the revision before 0006 holding three v1 referrals: GGD, LECK, and one
    escalated by AVAILABILITY (two decisions)."""
    url = db_url_factory.new(tmp_path)
    upgrade(url, _before_0006(url))
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        ensure_reference_data(session)
        user, token = add_user(
            session, name="VA", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT"
        )
    referral, decision = _table(engine, "referral"), _table(engine, "routing_decision")
    availability = {"id": "AVAILABILITY", "description": "A GGD case ... escalates to LECK."}
    assert user.id is not None
    with engine.begin() as conn:
        conn.execute(
            referral.insert(),
            [
                _referral("r-ggd", user.id, "ggd", "acute", 1),
                _referral("r-leck", user.id, "leck", "urgent", 1),
                _referral("r-escalated", user.id, "leck", "acute", 2),
            ],
        )
        conn.execute(
            decision.insert(),
            [
                _decision("r-ggd", 1, "ggd", "acute", RULES["ggd"]),
                _decision("r-leck", 1, "leck", "urgent", RULES["leck"]),
                _decision("r-escalated", 1, "ggd", "acute", RULES["ggd"]),
                _decision("r-escalated", 2, "leck", "acute", [*RULES["ggd"], availability]),
            ],
        )
    yield url, engine, token
    engine.dispose()


def _rows(engine: Engine, name: str, key: tuple[str, ...]) -> dict[tuple[Any, ...], dict[str, Any]]:
    table = _table(engine, name)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(table))]
    return {tuple(r[k] for k in key): r for r in rows}


def test_v1_decisions_become_one_task_and_read_back_unchanged(v1_database) -> None:  # type: ignore[no-untyped-def]
    url, engine, token = v1_database
    decisions_before = _rows(engine, "routing_decision", ("referral_id", "version"))
    referrals_before = _rows(engine, "referral", ("id",))
    upgrade(url, "0006")  # later migrations change other things (e.g. 0010 encrypts names)
    decisions_after = _rows(engine, "routing_decision", ("referral_id", "version"))
    referrals_after = _rows(engine, "referral", ("id",))
    deadline = DEADLINE.isoformat()
    expected_tasks = {
        ("r-ggd", 1): [
            {"kind": "ggd_examination", "urgency": "acute", "deadline": deadline, "rules": ["TEN"]}
        ],
        ("r-leck", 1): [
            {
                "kind": "leck_consult",
                "urgency": "urgent",
                "deadline": deadline,
                "rules": ["SA-NONACUTE", "FRESH"],
            }
        ],
        ("r-escalated", 1): [
            {"kind": "ggd_examination", "urgency": "acute", "deadline": deadline, "rules": ["TEN"]}
        ],
        ("r-escalated", 2): [
            {
                "kind": "leck_consult",
                "urgency": "acute",
                "deadline": deadline,
                "rules": ["TEN", "AVAILABILITY"],
            }
        ],
    }
    assert {k: v["tasks"] for k, v in decisions_after.items()} == expected_tasks
    # nothing else of a decision or a referral changed
    assert {
        k: {c: x for c, x in v.items() if c != "tasks"} for k, v in decisions_after.items()
    } == decisions_before
    new_columns = {"task_kinds", "last_incident_unknown"}
    assert {
        k: {c: x for c, x in v.items() if c not in new_columns} for k, v in referrals_after.items()
    } == referrals_before
    assert {k[0]: v["task_kinds"] for k, v in referrals_after.items()} == {
        "r-ggd": "ggd_examination",
        "r-leck": "leck_consult",
        "r-escalated": "leck_consult",
    }
    assert not any(v["last_incident_unknown"] for v in referrals_after.values())

    upgrade(url)
    app = create_app(Settings(database_url=url, cookie_secure=False, secret_key="t"), engine=engine)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        leck = client.get("/api/v1/referrals/r-leck", headers=headers)
        assert leck.status_code == 200, leck.text
        routing = leck.json()["routing"]
        assert routing["destination"] == "leck" and routing["urgency"] == "urgent"
        assert routing["deadline"].replace("Z", "+00:00") == deadline
        assert routing["rules"] == RULES["leck"]
        assert routing["ruleset_version"] == "1"
        (task,) = routing["tasks"]
        assert (task["kind"], task["urgency"], task["rules"]) == (
            "leck_consult",
            "urgent",
            ["SA-NONACUTE", "FRESH"],
        )
        assert task["description"] and task["instruction"]
        history = client.get("/api/v1/referrals/r-escalated/routing-decisions", headers=headers)
        assert history.status_code == 200
        assert [(d["destination"], [t["kind"] for t in d["tasks"]]) for d in history.json()] == [
            ("ggd", ["ggd_examination"]),
            ("leck", ["leck_consult"]),
        ]
        assert history.json()[1]["rules"][-1]["id"] == "AVAILABILITY"


def test_downgrade_restores_the_v1_schema_and_rows(v1_database) -> None:  # type: ignore[no-untyped-def]
    url, engine, _token = v1_database
    before = _rows(engine, "routing_decision", ("referral_id", "version"))
    referrals = _rows(engine, "referral", ("id",))
    upgrade(url)
    downgrade(url, _before_0006(url))
    columns = {c["name"] for c in inspect(engine).get_columns("routing_decision")}
    assert "tasks" not in columns
    assert not {"task_kinds", "last_incident_unknown"} & {
        c["name"] for c in inspect(engine).get_columns("referral")
    }
    assert _rows(engine, "routing_decision", ("referral_id", "version")) == before
    assert _rows(engine, "referral", ("id",)) == referrals
