"""The page-facing preview (same checks as a submission, Dutch texts, nothing stored) and how
an AVAILABILITY escalation rewrites a task set."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select

from fmek.allocation.escalation import RULE, escalated_tasks
from fmek.clock import set_clock
from fmek.errors import ValidationFailed
from fmek.referrals.models import Referral, ReferralCreate
from fmek.referrals.service import preview_referral
from routing.vocabulary import TaskKind

NOW = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def _form(**changes: object) -> ReferralCreate:
    data: dict[str, object] = {
        "child": {"name": "Kind", "birth_date": "2025-12-20", "sex": "male", "mobility": "mobile"},
        "ggd_region": "GG2514",
        "concerns": ["physical_abuse"],
        "injuries": [{"kind": "bruise", "body_region": "ear"}],
        "vraagstelling": "Passen de plekken bij een val?",
    }
    data.update(changes)
    return ReferralCreate.model_validate(data)


def test_preview_gives_the_decision_with_dutch_texts_and_stores_nothing(session: Session) -> None:
    set_clock(lambda: NOW)
    routing = preview_referral(session, _form())
    assert routing.ruleset_version == "v2"
    assert {t.kind: t.urgency.value for t in routing.tasks} == {
        TaskKind.GGD_EXAMINATION: "acute",
        TaskKind.LECK_ADVICE: "urgent",
    }
    assert {t.description for t in routing.tasks} == {
        "Onderzoek door een forensisch arts van de GGD",
        "Advies van het LECK",
    }
    assert all(rule.description.startswith(("Kind", "Zichtbaar")) for rule in routing.rules)
    assert session.exec(select(func.count()).select_from(Referral)).one() == 0


def test_preview_refuses_what_a_submission_refuses(session: Session) -> None:
    set_clock(lambda: NOW)
    with pytest.raises(ValidationFailed) as refused:
        preview_referral(
            session,
            _form(child={"name": "Kind", "birth_date": "2026-05-01", "sex": "male"}),
        )
    assert [(p.type, p.loc) for p in refused.value.problems] == [
        ("mobility_required", ("body", "child", "mobility"))
    ]


def _task(kind: str, urgency: str, deadline: str, *rules: str) -> dict[str, object]:
    return {"kind": kind, "urgency": urgency, "deadline": deadline, "rules": list(rules)}


def test_escalation_turns_the_examination_into_a_consult_and_keeps_other_tasks() -> None:
    exam = _task("ggd_examination", "acute", "2026-11-25T17:00:00+00:00", "TEN", "TEN-INFANT")
    advice = _task("leck_advice", "urgent", "2026-11-26T11:00:00+00:00", "TEN-INFANT")
    assert escalated_tasks([exam, advice], TaskKind.LECK_CONSULT) == [
        _task("leck_consult", "acute", "2026-11-25T17:00:00+00:00", "TEN", "TEN-INFANT", RULE),
        advice,
    ]


def test_escalation_merges_into_an_existing_consult() -> None:
    exam = _task("ggd_examination", "urgent", "2026-11-26T11:00:00+00:00", "VISIBLE")
    consult = _task("leck_consult", "planned", "2026-12-02T11:00:00+00:00", "LECK-CONSULT")
    assert escalated_tasks([consult, exam], TaskKind.LECK_CONSULT) == [
        _task(
            "leck_consult", "urgent", "2026-11-26T11:00:00+00:00", "LECK-CONSULT", "VISIBLE", RULE
        )
    ]
