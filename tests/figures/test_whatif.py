"""The what-if re-decides the period's referrals under another version and stores nothing."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, func, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.figures.whatif import compare_versions, comparison_lines
from fmek.referrals.models import Referral, RoutingDecision
from tests.referrals.builders import birth_date_for_age, referral_body


def counts(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(model)).one()
            for model in (Referral, RoutingDecision, AuditEvent)
        )


def test_v1_against_v2_counts_the_police_hand_offs_and_changes_nothing(
    client, login, engine
) -> None:
    va = login(Role.VERTROUWENSARTS)
    recent = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    bodies = [
        referral_body(
            child={"name": "Kind", "birth_date": birth_date_for_age(120), "sex": "female"},
            concerns=["sexual_abuse"],
            last_incident_at=recent,
        )
        for _ in range(3)
    ] + [referral_body() for _ in range(2)]
    made = []
    for body in bodies:
        response = client.post("/api/v1/referrals", json=body, headers=va.headers)
        assert response.status_code == 201, response.text
        made.append(response.json())
    handoffs = sum(any(t["kind"] == "acute_zeden" for t in r["routing"]["tasks"]) for r in made)
    assert handoffs == 3  # v2 (in force) hands these to the police
    before = counts(engine)
    today = datetime.now(UTC).date()
    with Session(engine) as session:
        result = compare_versions(
            session, "v1", "v2", today - timedelta(days=1), today + timedelta(days=1)
        )
    assert counts(engine) == before
    assert result.cases == 5
    assert result.changed >= 3
    extra = sum(month["acute_zeden"] for month in result.extra_per_month.values())
    assert extra == handoffs  # v1 knows no police hand-off task
    with Session(engine) as session:
        back = compare_versions(
            session, "v2", "v1", today - timedelta(days=1), today + timedelta(days=1)
        )
    assert sum(m["acute_zeden"] for m in back.extra_per_month.values()) == -handoffs
    text = "\n".join(comparison_lines(result))
    assert "5 referrals" in text and "nothing stored" in text
    assert "Kind" not in text
