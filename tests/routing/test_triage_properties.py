"""Properties of triage over any valid case, checked against the domain.md table restated here."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from routing.calendar import is_working_day
from routing.triage import Case, Injury, load_ruleset, triage
from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    Side,
    Urgency,
)

AMS = ZoneInfo("Europe/Amsterdam")
RULESET = load_ruleset("1")
WEEK = timedelta(hours=168)

nows = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, AMS]),
    allow_imaginary=False,
)
# Offsets around the 72 h and 168 h boundaries are likelier than uniform draws would make them.
offsets = st.one_of(
    st.timedeltas(min_value=timedelta(days=-1), max_value=timedelta(days=30)),
    st.sampled_from([timedelta(hours=h) for h in (0, 71, 72, 73, 167, 168, 169)]),
)


@st.composite
def submissions(draw: st.DrawFn) -> tuple[Case, datetime]:
    now = draw(nows)
    moments = st.none() | offsets.map(lambda offset: now - offset)
    injuries = draw(
        st.lists(
            st.builds(
                Injury,
                kind=st.sampled_from(InjuryKind),
                body_region=st.sampled_from(BodyRegion),
                side=st.none() | st.sampled_from(Side),
                observed_at=moments,
            ),
            max_size=4,
        )
    )
    case = Case(
        age_months=draw(st.integers(0, 215) | st.sampled_from([5, 6, 23, 24, 47, 48, 155, 156])),
        concerns=draw(st.frozensets(st.sampled_from(Concern))),
        injuries=tuple(injuries),
        mobility=draw(st.none() | st.sampled_from(Mobility)),
        last_incident_at=draw(moments),
        questions=draw(st.frozensets(st.sampled_from(Question))),
    )
    return case, now


def expected_rules(case: Case, now: datetime) -> list[str]:
    """domain.md's table, written out by hand as an oracle for the TOML (times in UTC)."""
    age = case.age_months
    sa = Concern.SEXUAL_ABUSE in case.concerns
    last = case.last_incident_at
    recent = last is not None and now - last <= WEEK
    kinds = {i.kind for i in case.injuries}
    severe = bool(kinds & {"fracture", "head_trauma", "retinal_haemorrhage", "abdominal"})
    ten_regions = {"ear", "neck", "chest", "abdomen", "back", "buttocks", "genital"}
    external = {"bruise", "abrasion", "laceration", "burn", "bite"}
    rules = {
        "SA-ACUTE-CHILD": sa and recent and age < 13 * 12,
        "SA-ACUTE-TEEN": sa and recent and 13 <= age // 12 <= 17,
        "SA-NONACUTE": sa and not recent,
        "NIM": (age < 6 or case.mobility == "not_mobile") and bool(case.injuries),
        "INFANT-SEVERE": age < 24 and severe,
        "INTERNAL": severe,
        "PCF": Concern.MEDICAL_CHILD_ABUSE in case.concerns,
        "GROWTH": Concern.GROWTH_DELAY in case.concerns,
        "DIFFERENTIAL": Question.DISEASE_VS_INJURY in case.questions,
        "SECOND-OPINION": Question.SECOND_OPINION in case.questions,
        "TEN": age < 48
        and any(i.kind == "bruise" and i.body_region in ten_regions for i in case.injuries),
        "FRESH": any(
            i.kind in external
            and i.observed_at is not None
            and now - i.observed_at < timedelta(hours=72)
            for i in case.injuries
        ),
    }
    return [rule for rule, holds in rules.items() if holds] or ["DEFAULT"]


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


@given(submissions())
def test_decision_is_complete_and_consistent(submission: tuple[Case, datetime]) -> None:
    case, now = submission
    decision = triage(case, RULESET, now=now)
    ids = [hit.id for hit in decision.rules]
    assert decision.destination in Destination
    assert ids, "a decision always names at least one rule"
    assert "DEFAULT" not in ids or ids == ["DEFAULT"]
    order = [rule.id for rule in RULESET.rules]
    assert ids == sorted(ids, key=order.index)
    assert decision.urgency == max((hit.urgency for hit in decision.rules), key=lambda u: u.rank)
    leck = any(hit.destination is Destination.LECK for hit in decision.rules)
    assert decision.destination is (Destination.LECK if leck else Destination.GGD)
    assert decision.deadline > now
    assert decision.deadline.utcoffset() == timedelta(0)
    assert decision.ruleset_version == RULESET.version == "1"


@given(submissions())
def test_rules_match_the_domain_table(submission: tuple[Case, datetime]) -> None:
    case, now = submission
    # The oracle subtracts in UTC so that it measures real elapsed time.
    utc_case = Case(
        age_months=case.age_months,
        concerns=case.concerns,
        injuries=tuple(
            Injury(i.kind, i.body_region, i.side, utc(i.observed_at)) for i in case.injuries
        ),
        mobility=case.mobility,
        last_incident_at=utc(case.last_incident_at),
        questions=case.questions,
    )
    expected = expected_rules(utc_case, now.astimezone(UTC))
    assert [hit.id for hit in triage(case, RULESET, now=now).rules] == expected


@given(nows)
def test_planned_deadline_is_same_amsterdam_clock_time_on_a_working_day(now: datetime) -> None:
    decision = triage(Case(age_months=100, concerns=frozenset()), RULESET, now=now)
    assert decision.urgency is Urgency.PLANNED
    submitted, deadline = now.astimezone(AMS), decision.deadline.astimezone(AMS)
    assert deadline.time() == submitted.time()
    assert is_working_day(deadline.date())
    assert timedelta(days=5) <= deadline.date() - submitted.date() <= timedelta(days=16)
