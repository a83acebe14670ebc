"""Properties of v2 over any valid case, and v1 decisions as one task with their old meaning."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from routing.triage import LEGACY_TASK, Case, Injury, lead_of, load_ruleset, triage
from routing.vocabulary import (
    BodyRegion,
    Concern,
    InjuryKind,
    Mobility,
    Question,
    Side,
    TaskKind,
)

AMS = ZoneInfo("Europe/Amsterdam")
V1, V2 = load_ruleset("1"), load_ruleset("2")
# What the domain brief calls a visible external injury (a scar included: healed, still visible).
VISIBLE_EXTERNAL = {
    InjuryKind.BRUISE,
    InjuryKind.ABRASION,
    InjuryKind.LACERATION,
    InjuryKind.BURN,
    InjuryKind.BITE,
    InjuryKind.SCALD,
    InjuryKind.CONTACT_BURN,
    InjuryKind.IMMERSION_BURN,
    InjuryKind.INCISED_WOUND,
    InjuryKind.STAB_WOUND,
    InjuryKind.PETECHIAE,
    InjuryKind.SCAR,
}

nows = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, AMS]),
    allow_imaginary=False,
)
offsets = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    st.sampled_from([timedelta(hours=h) for h in (0, 71, 72, 73, 167, 168, 169)]),
)
injuries = st.builds(
    Injury,
    kind=st.sampled_from(InjuryKind),
    body_region=st.sampled_from(BodyRegion),
    side=st.none() | st.sampled_from(Side),
    patterned=st.booleans(),
)


@st.composite
def submissions(
    draw: st.DrawFn, *, extra: st.SearchStrategy[Injury] | None = None
) -> tuple[Case, datetime]:
    now = draw(nows)
    moments = st.none() | offsets.map(lambda offset: now - offset)
    hurt = [
        Injury(i.kind, i.body_region, i.side, draw(moments), i.patterned)
        for i in draw(st.lists(injuries, max_size=4))
    ]
    if extra is not None:
        i = draw(extra)
        hurt.append(Injury(i.kind, i.body_region, i.side, draw(moments), i.patterned))
    case = Case(
        age_months=draw(
            st.integers(0, 215) | st.sampled_from([5, 6, 11, 12, 23, 24, 47, 48, 59, 60, 191, 192])
        ),
        concerns=draw(st.frozensets(st.sampled_from(Concern), min_size=1)),
        injuries=tuple(draw(st.permutations(hurt))),
        mobility=draw(st.none() | st.sampled_from(Mobility)),
        last_incident_at=draw(moments),
        questions=draw(st.frozensets(st.sampled_from(Question))),
    )
    return case, now


@given(submissions())
def test_a_v2_decision_is_a_non_empty_consistent_task_set(
    submission: tuple[Case, datetime],
) -> None:
    case, now = submission
    decision = triage(case, V2, now=now)
    kinds = [task.kind for task in decision.tasks]
    assert kinds, "no task set is empty"
    assert len(set(kinds)) == len(kinds), "one task per kind"
    assert decision.destination is lead_of(set(kinds))
    assert decision.urgency == max((t.urgency for t in decision.tasks), key=lambda u: u.rank)
    assert decision.deadline == min(t.deadline for t in decision.tasks)
    assert all(t.deadline > now and t.deadline.utcoffset() == timedelta(0) for t in decision.tasks)
    hit_ids = [hit.id for hit in decision.rules]
    assert all(t.rules and set(t.rules) <= set(hit_ids) for t in decision.tasks)
    assert set().union(*(t.rules for t in decision.tasks)) == set(hit_ids)
    assert decision.ruleset_version == "v2"


@given(submissions(extra=injuries.filter(lambda i: i.kind in VISIBLE_EXTERNAL)))
def test_every_visible_external_injury_yields_a_ggd_examination(
    submission: tuple[Case, datetime],
) -> None:
    case, now = submission
    decision = triage(case, V2, now=now)
    assert TaskKind.GGD_EXAMINATION in {task.kind for task in decision.tasks}


@given(submissions())
def test_a_fresh_or_undated_visible_injury_is_at_least_urgent(
    submission: tuple[Case, datetime],
) -> None:
    case, now = submission
    fresh = [i for i in case.injuries if i.kind in VISIBLE_EXTERNAL - {InjuryKind.SCAR}]
    if fresh:
        (ggd,) = [t for t in triage(case, V2, now=now).tasks if t.kind is TaskKind.GGD_EXAMINATION]
        assert ggd.urgency.rank >= 2


@given(submissions())
def test_a_v1_decision_is_one_task_with_the_same_meaning(submission: tuple[Case, datetime]) -> None:
    case, now = submission
    decision = triage(case, V1, now=now)
    (task,) = decision.tasks
    assert task.kind is LEGACY_TASK[decision.destination]
    assert (task.urgency, task.deadline) == (decision.urgency, decision.deadline)
    assert task.rules == tuple(hit.id for hit in decision.rules)
