"""Handelingskader v2, rule by rule on both sides of every boundary, and the brief's probes.

Each row states the tasks (kind, urgency) the domain brief's v2 text asks for; the rule ids
say which rules of v2.toml must have matched.
"""

from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest

from routing.triage import Case, Injury, load_ruleset, parse_ruleset, triage
from routing.triage.ruleset import lead_of
from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    TaskKind,
    Urgency,
)

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # a Wednesday
V2 = load_ruleset("2")
V2_TEXT = resources.files("routing.triage.handelingskader").joinpath("v2.toml").read_text("utf-8")
K, R, T, U = InjuryKind, BodyRegion, TaskKind, Urgency
SA = frozenset({Concern.SEXUAL_ABUSE})
PHYS = frozenset({Concern.PHYSICAL_ABUSE})
GGD, ADVICE, CONSULT, ZEDEN = T.GGD_EXAMINATION, T.LECK_ADVICE, T.LECK_CONSULT, T.ACUTE_ZEDEN
ACUTE, URGENT, PLANNED = U.ACUTE, U.URGENT, U.PLANNED


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def months(years: int, extra: int = 0) -> int:
    return years * 12 + extra


def hurt(kind: InjuryKind, region: BodyRegion = R.ARM, **kwargs: object) -> Injury:
    return Injury(kind=kind, body_region=region, **kwargs)  # type: ignore[arg-type]


def case(
    age: int = 100,
    concerns: frozenset[Concern] = PHYS,
    *injuries: Injury,
    mobility: Mobility | None = Mobility.MOBILE,
    **kwargs: object,
) -> Case:
    return Case(age_months=age, concerns=concerns, injuries=injuries, mobility=mobility, **kwargs)  # type: ignore[arg-type]


def tasks_of(c: Case) -> dict[TaskKind, Urgency]:
    return {task.kind: task.urgency for task in triage(c, V2, now=NOW).tasks}


def rules_of(c: Case) -> set[str]:
    return {hit.id for hit in triage(c, V2, now=NOW).rules}


# fmt: off
CASES: list[tuple[str, Case, dict[TaskKind, Urgency], set[str]]] = [
    # acute sexual abuse: 0 t/m 15 -> police / LOEF; 16-17 -> GGD with the CSG (15y11m | 16y0m)
    ("sa 15y11m 2 days", case(months(15, 11), SA, last_incident_at=ago(48)), {ZEDEN: ACUTE}, {"SA-ACUTE-CHILD"}),
    ("sa 16y0m 2 days", case(months(16), SA, last_incident_at=ago(48)), {GGD: ACUTE}, {"SA-ACUTE-TEEN"}),
    ("sa 0m 1 hour", case(0, SA, last_incident_at=ago(1)), {ZEDEN: ACUTE}, {"SA-ACUTE-CHILD"}),
    ("sa 12y (was NFI/LECK)", case(months(12), SA, last_incident_at=ago(5)), {ZEDEN: ACUTE}, {"SA-ACUTE-CHILD"}),
    ("sa 17y11m", case(months(17, 11), SA, last_incident_at=ago(5)), {GGD: ACUTE}, {"SA-ACUTE-TEEN"}),
    # 168 h: at most a week is acute, one second more is not
    ("sa exactly 168 h", case(months(8), SA, last_incident_at=ago(168)), {ZEDEN: ACUTE}, {"SA-ACUTE-CHILD"}),
    ("sa 168 h + 1 s", case(months(8), SA, last_incident_at=ago(168 + 1 / 3600)), {ADVICE: PLANNED}, {"SA-NONACUTE"}),
    ("teen 168 h + 1 s", case(months(16), SA, last_incident_at=ago(169)), {ADVICE: PLANNED}, {"SA-NONACUTE"}),
    # last contact unknown is routed as acute until a doctor downgrades it
    ("sa unknown 4y", case(months(4), SA, last_incident_at=None), {ZEDEN: ACUTE}, {"SA-UNKNOWN-CHILD"}),
    ("sa unknown 15y11m", case(months(15, 11), SA), {ZEDEN: ACUTE}, {"SA-UNKNOWN-CHILD"}),
    ("sa unknown 16y0m", case(months(16), SA), {GGD: ACUTE}, {"SA-UNKNOWN-TEEN"}),
    # NIM: under 6 months, or not mobile / mobility unknown, with any injury
    ("nim 5m fracture", case(5, PHYS, hurt(K.FRACTURE)), {ADVICE: ACUTE}, {"NIM", "INFANT-SEVERE", "INTERNAL"}),
    ("nim 6m mobile other", case(6, PHYS, hurt(K.OTHER)), {GGD: PLANNED}, {"DEFAULT"}),
    ("nim 6m unknown mobility", case(6, PHYS, hurt(K.OTHER), mobility=Mobility.UNKNOWN), {ADVICE: ACUTE}, {"NIM"}),
    ("nim 30m not mobile", case(30, PHYS, hurt(K.OTHER), mobility=Mobility.NOT_MOBILE), {ADVICE: ACUTE}, {"NIM"}),
    ("nim without injury", case(3, frozenset({Concern.NEGLECT})), {GGD: PLANNED}, {"DEFAULT"}),
    # fresh bruise at 2 months: LECK advises AND a GGD forensic doctor documents
    ("2m bruise arm", case(2, PHYS, hurt(K.BRUISE)), {ADVICE: ACUTE, GGD: URGENT}, {"NIM", "VISIBLE"}),
    # TEN under 24 months adds leck_advice (urgent); 23 | 24 months
    ("ten 23m back", case(23, PHYS, hurt(K.BRUISE, R.BACK)), {ADVICE: URGENT, GGD: ACUTE}, {"TEN", "TEN-INFANT", "VISIBLE"}),
    ("ten 24m back", case(24, PHYS, hurt(K.BRUISE, R.BACK)), {GGD: ACUTE}, {"TEN", "VISIBLE"}),
    ("ten 47m ear", case(47, PHYS, hurt(K.BRUISE, R.EAR)), {GGD: ACUTE}, {"TEN", "VISIBLE"}),
    ("ten 48m ear", case(48, PHYS, hurt(K.BRUISE, R.EAR)), {GGD: URGENT}, {"VISIBLE"}),
    ("facesp 30m frenulum", case(30, PHYS, hurt(K.BRUISE, R.FRENULUM)), {GGD: ACUTE}, {"TEN", "VISIBLE"}),
    ("ten 23m arm", case(23, PHYS, hurt(K.BRUISE, R.ARM)), {GGD: URGENT}, {"VISIBLE"}),
    # INFANT-SEVERE under 24 months; INTERNAL (LECK) under 5 years or head/abdomen at any age
    ("fracture 23m", case(23, PHYS, hurt(K.FRACTURE)), {ADVICE: ACUTE}, {"INFANT-SEVERE", "INTERNAL"}),
    ("fracture 24m", case(24, PHYS, hurt(K.FRACTURE)), {ADVICE: URGENT}, {"INTERNAL"}),
    ("fracture 4y11m", case(months(4, 11), PHYS, hurt(K.FRACTURE)), {ADVICE: URGENT}, {"INTERNAL"}),
    ("fracture 5y0m", case(months(5), PHYS, hurt(K.FRACTURE)), {GGD: URGENT}, {"INTERNAL-GGD"}),
    ("retina 5y0m", case(months(5), PHYS, hurt(K.RETINAL_HAEMORRHAGE, R.HEAD)), {GGD: URGENT}, {"INTERNAL-GGD"}),
    ("head trauma 14y", case(months(14), PHYS, hurt(K.HEAD_TRAUMA, R.HEAD)), {ADVICE: URGENT}, {"INTERNAL"}),
    ("abdominal 10y", case(months(10), PHYS, hurt(K.ABDOMINAL, R.ABDOMEN)), {ADVICE: URGENT}, {"INTERNAL"}),
    ("scalp bruise 10y", case(months(10), PHYS, hurt(K.BRUISE, R.HEAD)), {GGD: URGENT}, {"VISIBLE"}),
    # LECK questions stay planned advice
    ("pcf", case(months(6), frozenset({Concern.MEDICAL_CHILD_ABUSE})), {ADVICE: PLANNED}, {"PCF"}),
    ("growth", case(months(2), frozenset({Concern.GROWTH_DELAY})), {ADVICE: PLANNED}, {"GROWTH"}),
    ("differential", case(months(6), questions={Question.DISEASE_VS_INJURY}), {ADVICE: PLANNED}, {"DIFFERENTIAL"}),
    ("second opinion", case(months(6), questions={Question.SECOND_OPINION}), {ADVICE: PLANNED}, {"SECOND-OPINION"}),
    # visible external injuries: at least urgent, a missing observed_at counts as fresh
    ("bruise no date 10y", case(months(10), PHYS, hurt(K.BRUISE)), {GGD: URGENT}, {"VISIBLE"}),
    ("bruise seen 5 days ago", case(months(10), PHYS, hurt(K.BRUISE, observed_at=ago(120))), {GGD: URGENT}, {"VISIBLE"}),
    ("stab wound 17y", case(months(17), PHYS, hurt(K.STAB_WOUND, R.CHEST)), {GGD: URGENT}, {"VISIBLE"}),
    ("petechiae neck 8y", case(months(8), PHYS, hurt(K.PETECHIAE, R.NECK)), {GGD: URGENT}, {"VISIBLE"}),
    ("scar 8y", case(months(8), PHYS, hurt(K.SCAR)), {GGD: PLANNED}, {"SCAR"}),
    # patterned injuries are urgent
    ("loop mark 8y", case(months(8), PHYS, hurt(K.BRUISE, R.BACK, patterned=True)), {GGD: URGENT}, {"PATTERNED", "VISIBLE"}),
    ("bite 8y", case(months(8), PHYS, hurt(K.BITE)), {GGD: URGENT}, {"PATTERNED", "VISIBLE"}),
    ("patterned other 8y", case(months(8), PHYS, hurt(K.OTHER, patterned=True)), {GGD: URGENT}, {"PATTERNED"}),
    # burns under 5 years also get a LECK advice (4y11m | 5y0m)
    ("immersion 4y11m", case(months(4, 11), PHYS, hurt(K.IMMERSION_BURN, R.FOOT)), {GGD: URGENT, ADVICE: URGENT}, {"BURN-YOUNG", "VISIBLE"}),
    ("scald 5y0m", case(months(5), PHYS, hurt(K.SCALD, R.CHEST)), {GGD: URGENT}, {"VISIBLE"}),
    # nothing else: planned GGD examination
    ("neglect only", case(months(9), frozenset({Concern.NEGLECT})), {GGD: PLANNED}, {"DEFAULT"}),
    ("other injury 9y", case(months(9), PHYS, hurt(K.OTHER)), {GGD: PLANNED}, {"DEFAULT"}),
    # combinations keep every task
    ("sa acute 10y with bruise", case(months(10), SA, hurt(K.BRUISE), last_incident_at=ago(10)), {ZEDEN: ACUTE, GGD: URGENT}, {"SA-ACUTE-CHILD", "VISIBLE"}),
]
# fmt: on


@pytest.mark.parametrize(("c", "tasks", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_v2_rules_give_the_tasks_of_the_brief(
    c: Case, tasks: dict[TaskKind, Urgency], rules: set[str]
) -> None:
    assert tasks_of(c) == tasks
    assert rules_of(c) == rules


@pytest.mark.parametrize(("age", "kind"), [(15 * 12 + 11, ZEDEN), (16 * 12, GGD)])
def test_probe_teen_raped_two_days_ago(age: int, kind: TaskKind) -> None:
    """Issue probe: a 15-year-old raped two days ago goes through the police (LOEF), not the GGD."""
    decision = triage(case(age, SA, last_incident_at=ago(48)), V2, now=NOW)
    (task,) = decision.tasks
    assert (task.kind, task.urgency) == (kind, ACUTE)
    assert task.deadline == NOW + timedelta(hours=1 if kind is ZEDEN else 6)


def test_probe_two_month_old_with_fresh_bruise_is_also_documented() -> None:
    decision = triage(case(2, PHYS, hurt(K.BRUISE, R.FACE, observed_at=ago(3))), V2, now=NOW)
    by_kind = {task.kind: task for task in decision.tasks}
    assert set(by_kind) == {ADVICE, GGD}
    assert by_kind[ADVICE].deadline == NOW + timedelta(hours=1)  # telephone contact in 1 h
    assert by_kind[GGD].deadline == NOW + timedelta(hours=24)
    assert decision.destination is Destination.GGD  # the GGD documents: it leads
    assert decision.deadline == NOW + timedelta(hours=1)  # the earliest task
    assert decision.urgency is ACUTE


def test_probe_four_year_old_sexual_abuse_without_date_does_not_wait() -> None:
    decision = triage(case(48, SA), V2, now=NOW)
    assert [(t.kind, t.urgency) for t in decision.tasks] == [(ZEDEN, ACUTE)]
    assert decision.deadline <= NOW + timedelta(hours=6)


def test_deadlines_are_per_task_kind() -> None:
    planned = NOW.replace(day=19)  # Wednesday + 5 working days, same clock time
    assert triage(case(months(9), frozenset({Concern.NEGLECT})), V2, now=NOW).deadline == planned
    decision = triage(case(months(4), PHYS, hurt(K.SCALD)), V2, now=NOW)
    assert {t.kind: t.deadline for t in decision.tasks} == {
        GGD: NOW + timedelta(hours=24),
        ADVICE: NOW + timedelta(hours=24),
    }


def test_a_task_lists_every_rule_that_asked_for_it_in_rule_order() -> None:
    decision = triage(case(10, PHYS, hurt(K.BRUISE, R.CHEST)), V2, now=NOW)
    by_kind = {task.kind: task for task in decision.tasks}
    assert by_kind[GGD].rules == ("TEN", "TEN-INFANT", "VISIBLE")
    assert by_kind[ADVICE].rules == ("TEN-INFANT",)
    # tasks come earliest deadline first
    assert [t.kind for t in decision.tasks] == [GGD, ADVICE]


def test_lead_organisation_rule() -> None:
    assert lead_of({GGD, ADVICE}) is Destination.GGD
    assert lead_of({ADVICE}) is Destination.LECK
    assert lead_of({ZEDEN}) is Destination.LECK
    assert lead_of({CONSULT, ZEDEN}) is Destination.LECK


def test_every_v2_rule_names_a_source_and_dutch_texts_exist_for_every_task_kind() -> None:
    assert all(rule.source for rule in V2.rules)
    assert all(escalation.source for escalation in V2.escalations)
    assert set(V2.task_texts) == set(TaskKind)
    assert "politie" in V2.task_texts[ZEDEN].instruction
    (availability,) = V2.escalations
    assert (availability.id, availability.task) == ("AVAILABILITY", CONSULT)


def test_every_v2_rule_is_exercised_by_the_table() -> None:
    seen = set().union(*(rules for *_, rules in CASES))
    assert seen == {rule.id for rule in V2.rules}


def test_extra_holidays_of_the_file_are_not_working_days() -> None:
    text = V2_TEXT.replace("extra_holidays = []", "extra_holidays = [2025-03-13, 2025-03-14]")
    draft = parse_ruleset(text)
    assert draft.extra_holidays == frozenset({date(2025, 3, 13), date(2025, 3, 14)})
    planned = triage(case(months(9), frozenset({Concern.NEGLECT})), draft, now=NOW).deadline
    assert planned == NOW.replace(day=21)  # Thursday and Friday skipped: next Friday
