"""Every rule of handelingskader v1, both sides of every boundary, and how hits combine."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from routing.triage import Case, Injury, load_ruleset, triage
from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    Urgency,
)

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
RULESET = load_ruleset("1")
SA = frozenset({Concern.SEXUAL_ABUSE})
K, R = InjuryKind, BodyRegion


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def injury(kind: InjuryKind, region: BodyRegion = R.ARM, seen: datetime | None = None) -> Injury:
    return Injury(kind=kind, body_region=region, observed_at=seen)


def case(age: int = 100, concerns: frozenset[Concern] = frozenset(), **kwargs: object) -> Case:
    return Case(age_months=age, concerns=concerns, **kwargs)  # type: ignore[arg-type]


def rule_ids(c: Case) -> tuple[str, ...]:
    return tuple(hit.id for hit in triage(c, RULESET, now=NOW).rules)


# The table of domain.md, restated independently of the TOML.
SPEC = {
    "SA-ACUTE-CHILD": (Destination.LECK, Urgency.ACUTE),
    "SA-ACUTE-TEEN": (Destination.GGD, Urgency.ACUTE),
    "SA-NONACUTE": (Destination.LECK, Urgency.PLANNED),
    "NIM": (Destination.LECK, Urgency.ACUTE),
    "INFANT-SEVERE": (Destination.LECK, Urgency.ACUTE),
    "INTERNAL": (Destination.LECK, Urgency.URGENT),
    "PCF": (Destination.LECK, Urgency.PLANNED),
    "GROWTH": (Destination.LECK, Urgency.PLANNED),
    "DIFFERENTIAL": (Destination.LECK, Urgency.PLANNED),
    "SECOND-OPINION": (Destination.LECK, Urgency.PLANNED),
    "TEN": (Destination.GGD, Urgency.ACUTE),
    "FRESH": (Destination.GGD, Urgency.URGENT),
    "DEFAULT": (Destination.GGD, Urgency.PLANNED),
}

SEVERE = [K.FRACTURE, K.HEAD_TRAUMA, K.RETINAL_HAEMORRHAGE, K.ABDOMINAL]
EXTERNAL = [K.BRUISE, K.ABRASION, K.LACERATION, K.BURN, K.BITE]
TEN_REGIONS = [R.EAR, R.NECK, R.CHEST, R.ABDOMEN, R.BACK, R.BUTTOCKS, R.GENITAL]
OTHER_REGIONS = [r for r in R if r not in TEN_REGIONS]

CASES: list[tuple[str, Case, tuple[str, ...]]] = [
    # sexual abuse: 13 years = 156 months; 7 days = 168 h, inclusive
    ("sa child, 168 h exactly", case(155, SA, last_incident_at=ago(168)), ("SA-ACUTE-CHILD",)),
    ("sa child, just now", case(0, SA, last_incident_at=NOW), ("SA-ACUTE-CHILD",)),
    ("sa teen at 156 months", case(156, SA, last_incident_at=ago(168)), ("SA-ACUTE-TEEN",)),
    ("sa teen at 17 y 11 m", case(215, SA, last_incident_at=ago(1)), ("SA-ACUTE-TEEN",)),
    (
        "sa child, 168 h + 1 s",
        case(155, SA, last_incident_at=ago(168 + 1 / 3600)),
        ("SA-NONACUTE",),
    ),
    ("sa teen, 169 h", case(200, SA, last_incident_at=ago(169)), ("SA-NONACUTE",)),
    ("sa, contact unknown", case(120, SA), ("SA-NONACUTE",)),
    (
        "recent incident, no sa",
        case(120, frozenset({Concern.PHYSICAL_ABUSE}), last_incident_at=ago(1)),
        ("DEFAULT",),
    ),
    # not independently mobile: under 6 months, or stated not_mobile, with any injury
    ("5 months, any injury", case(5, injuries=(injury(K.OTHER),)), ("NIM",)),
    ("6 months, any injury", case(6, injuries=(injury(K.OTHER),)), ("DEFAULT",)),
    (
        "5 months, stated mobile",
        case(5, injuries=(injury(K.OTHER),), mobility=Mobility.MOBILE),
        ("NIM",),
    ),
    (
        "not mobile older child",
        case(30, injuries=(injury(K.OTHER),), mobility=Mobility.NOT_MOBILE),
        ("NIM",),
    ),
    (
        "mobile older child",
        case(30, injuries=(injury(K.OTHER),), mobility=Mobility.MOBILE),
        ("DEFAULT",),
    ),
    ("5 months, no injury", case(5), ("DEFAULT",)),
    ("not mobile, no injury", case(30, mobility=Mobility.NOT_MOBILE), ("DEFAULT",)),
    # severe injuries: 24 months
    ("23 months fracture", case(23, injuries=(injury(K.FRACTURE),)), ("INFANT-SEVERE", "INTERNAL")),
    ("24 months fracture", case(24, injuries=(injury(K.FRACTURE),)), ("INTERNAL",)),
    (
        "4 months head trauma",
        case(4, injuries=(injury(K.HEAD_TRAUMA, R.HEAD),)),
        ("NIM", "INFANT-SEVERE", "INTERNAL"),
    ),
    ("23 months bruise on arm", case(23, injuries=(injury(K.BRUISE),)), ("DEFAULT",)),
    ("23 months other injury", case(23, injuries=(injury(K.OTHER),)), ("DEFAULT",)),
    # concerns and questions
    ("pcf", case(concerns=frozenset({Concern.MEDICAL_CHILD_ABUSE})), ("PCF",)),
    ("growth", case(concerns=frozenset({Concern.GROWTH_DELAY})), ("GROWTH",)),
    ("neglect only", case(concerns=frozenset({Concern.NEGLECT})), ("DEFAULT",)),
    (
        "disease vs injury",
        case(questions=frozenset({Question.DISEASE_VS_INJURY})),
        ("DIFFERENTIAL",),
    ),
    ("second opinion", case(questions=frozenset({Question.SECOND_OPINION})), ("SECOND-OPINION",)),
    (
        "documentation, interpretation",
        case(questions=frozenset({Question.DOCUMENTATION, Question.INTERPRETATION})),
        ("DEFAULT",),
    ),
    # TEN: 48 months, bruise only, ear/neck/torso only
    ("47 months bruise on back", case(47, injuries=(injury(K.BRUISE, R.BACK),)), ("TEN",)),
    ("48 months bruise on ear", case(48, injuries=(injury(K.BRUISE, R.EAR),)), ("DEFAULT",)),
    ("47 months abrasion on ear", case(47, injuries=(injury(K.ABRASION, R.EAR),)), ("DEFAULT",)),
    # FRESH: strictly less than 72 h; needs observed_at; external kinds only
    ("bruise seen 72 h ago", case(injuries=(injury(K.BRUISE, seen=ago(72)),)), ("DEFAULT",)),
    ("bruise, never seen", case(injuries=(injury(K.BRUISE),)), ("DEFAULT",)),
    ("bruise seen just now", case(injuries=(injury(K.BRUISE, seen=NOW),)), ("FRESH",)),
    ("fracture seen 1 h ago", case(injuries=(injury(K.FRACTURE, seen=ago(1)),)), ("INTERNAL",)),
    ("other seen 1 h ago", case(injuries=(injury(K.OTHER, seen=ago(1)),)), ("DEFAULT",)),
    ("nothing at all", case(), ("DEFAULT",)),
]


@pytest.mark.parametrize(("c", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matching_rules(c: Case, expected: tuple[str, ...]) -> None:
    assert rule_ids(c) == expected


@pytest.mark.parametrize("kind", SEVERE)
def test_severe_injury_kinds(kind: InjuryKind) -> None:
    assert rule_ids(case(23, injuries=(injury(kind),))) == ("INFANT-SEVERE", "INTERNAL")
    assert rule_ids(case(24, injuries=(injury(kind),))) == ("INTERNAL",)
    assert rule_ids(case(204, injuries=(injury(kind),))) == ("INTERNAL",)


@pytest.mark.parametrize("region", TEN_REGIONS)
def test_ten_bruise_on_ear_neck_torso_under_48_months(region: BodyRegion) -> None:
    assert rule_ids(case(47, injuries=(injury(K.BRUISE, region),))) == ("TEN",)
    assert rule_ids(case(48, injuries=(injury(K.BRUISE, region),))) == ("DEFAULT",)


@pytest.mark.parametrize("region", OTHER_REGIONS)
def test_ten_ignores_other_regions(region: BodyRegion) -> None:
    assert rule_ids(case(47, injuries=(injury(K.BRUISE, region),))) == ("DEFAULT",)


@pytest.mark.parametrize("kind", EXTERNAL)
def test_fresh_external_injury_before_72_hours(kind: InjuryKind) -> None:
    assert rule_ids(case(injuries=(injury(kind, seen=ago(72 - 1 / 3600)),))) == ("FRESH",)
    assert rule_ids(case(injuries=(injury(kind, seen=ago(72)),))) == ("DEFAULT",)


def test_every_rule_decides_as_in_domain_table() -> None:
    seen: set[str] = set()
    for _, c, _ in CASES:
        for hit in triage(c, RULESET, now=NOW).rules:
            assert (hit.destination, hit.urgency) == SPEC[hit.id], hit.id
            seen.add(hit.id)
    assert seen == set(SPEC)
    assert [rule.id for rule in RULESET.rules] == list(SPEC)


SINGLE = [(name, c) for name, c, expected in CASES if len(expected) == 1]


@pytest.mark.parametrize("c", [c for _, c in SINGLE], ids=[name for name, _ in SINGLE])
def test_a_single_hit_decides_alone(c: Case) -> None:
    decision = triage(c, RULESET, now=NOW)
    (hit,) = decision.rules
    assert (decision.destination, decision.urgency) == (hit.destination, hit.urgency)


COMBINATIONS = [
    (
        "TEN + INTERNAL: leck wins, acute wins",
        case(30, injuries=(injury(K.BRUISE, R.BACK), injury(K.FRACTURE, R.LEG))),
        ("INTERNAL", "TEN"),
        Destination.LECK,
        Urgency.ACUTE,
    ),
    (
        "TEN + FRESH: both ggd",
        case(30, injuries=(injury(K.BRUISE, R.BACK, seen=ago(1)),)),
        ("TEN", "FRESH"),
        Destination.GGD,
        Urgency.ACUTE,
    ),
    (
        "PCF + FRESH: leck from PCF, urgent from FRESH",
        case(
            concerns=frozenset({Concern.MEDICAL_CHILD_ABUSE}),
            injuries=(injury(K.BURN, R.HAND, seen=ago(10)),),
        ),
        ("PCF", "FRESH"),
        Destination.LECK,
        Urgency.URGENT,
    ),
    (
        "SA teen + second opinion: leck, acute",
        case(
            170,
            SA,
            last_incident_at=ago(24),
            questions=frozenset({Question.SECOND_OPINION}),
        ),
        ("SA-ACUTE-TEEN", "SECOND-OPINION"),
        Destination.LECK,
        Urgency.ACUTE,
    ),
    (
        "all planned leck rules",
        case(
            concerns=frozenset({Concern.MEDICAL_CHILD_ABUSE, Concern.GROWTH_DELAY}),
            questions=frozenset({Question.DISEASE_VS_INJURY, Question.SECOND_OPINION}),
        ),
        ("PCF", "GROWTH", "DIFFERENTIAL", "SECOND-OPINION"),
        Destination.LECK,
        Urgency.PLANNED,
    ),
    (
        "fresh bruise only on one of two injuries",
        case(injuries=(injury(K.BRUISE), injury(K.BITE, seen=ago(5)))),
        ("FRESH",),
        Destination.GGD,
        Urgency.URGENT,
    ),
]


@pytest.mark.parametrize(
    ("c", "ids", "destination", "urgency"),
    [c[1:] for c in COMBINATIONS],
    ids=[c[0] for c in COMBINATIONS],
)
def test_combinations(
    c: Case, ids: tuple[str, ...], destination: Destination, urgency: Urgency
) -> None:
    decision = triage(c, RULESET, now=NOW)
    assert tuple(h.id for h in decision.rules) == ids
    assert (decision.destination, decision.urgency) == (destination, urgency)
    assert decision.ruleset_version == "1"


def test_hits_carry_the_rule_descriptions() -> None:
    (hit,) = triage(case(5, injuries=(injury(K.OTHER),)), RULESET, now=NOW).rules
    assert hit.description == RULESET.describe("NIM")
    assert "6 months" in hit.description


def test_time_comparisons_do_not_depend_on_the_zone_of_the_inputs() -> None:
    amsterdam_now = NOW.astimezone(ZoneInfo("Europe/Amsterdam"))
    c = case(155, SA, last_incident_at=ago(168))
    assert triage(c, RULESET, now=amsterdam_now).rules[0].id == "SA-ACUTE-CHILD"


@pytest.mark.parametrize(
    "build",
    [
        lambda: triage(case(), RULESET, now=datetime(2025, 3, 12, 10)),
        lambda: case(last_incident_at=datetime(2025, 3, 12)),
        lambda: injury(K.BRUISE, seen=datetime(2025, 3, 12)),
        lambda: case(-1),
    ],
    ids=["naive now", "naive incident", "naive observation", "negative age"],
)
def test_invalid_inputs_are_rejected(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


AMS = ZoneInfo("Europe/Amsterdam")
# 24 March 12:00 CET and 31 March 13:00 CEST 2025 are exactly 168 h apart (169 h by wall clock).
WEEK_BEFORE_DST = datetime(2025, 3, 24, 12, 0, tzinfo=AMS)
WEEK_AFTER = datetime(2025, 3, 31, 13, 0, tzinfo=AMS)


def test_seven_days_are_elapsed_hours_across_dst() -> None:
    c = case(100, SA, last_incident_at=WEEK_BEFORE_DST)
    assert [h.id for h in triage(c, RULESET, now=WEEK_AFTER).rules] == ["SA-ACUTE-CHILD"]
    later = WEEK_AFTER + timedelta(seconds=1)
    assert [h.id for h in triage(c, RULESET, now=later).rules] == ["SA-NONACUTE"]


def test_72_hours_are_elapsed_hours_across_dst() -> None:
    seen = datetime(2025, 3, 28, 12, 0, tzinfo=AMS)  # CET; 72 h later is 31 March 13:00 CEST
    c = case(injuries=(injury(K.BRUISE, seen=seen),))
    just_before = datetime(2025, 3, 31, 12, 59, tzinfo=AMS)  # 71 h 59 m, 72 h 59 m by wall clock
    assert [h.id for h in triage(c, RULESET, now=just_before).rules] == ["FRESH"]
    at_72 = datetime(2025, 3, 31, 13, 0, tzinfo=AMS)
    assert [h.id for h in triage(c, RULESET, now=at_72).rules] == ["DEFAULT"]
