"""v2.toml is validated like v1: a clinician's typo in the task-based shape fails on load."""

from importlib import resources

import pytest

from routing.triage import RuleSetError, missing_facts, parse_ruleset
from routing.vocabulary import Concern

V2 = resources.files("routing.triage.handelingskader").joinpath("v2.toml").read_text("utf-8")
FIRST_SOURCE = 'source = "forgen.nl/nieuws/203; nationaalrapporteur.nl 2023-05-15 (LOEF onderzoekt minderjarigen 0 t/m 15 jaar sinds april 2023); werkinstructie acuut kindermisbruik 2016 (acuut = 7 dagen)"\n'


def test_the_shipped_v2_text_parses_as_is() -> None:
    assert FIRST_SOURCE in V2
    assert parse_ruleset(V2).version == "2"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (FIRST_SOURCE, "", r"rules\[0\] \(rule SA-ACUTE-CHILD\): missing key\(s\) \['source'\]"),
        (FIRST_SOURCE, 'source = "  "\n', r"rule SA-ACUTE-CHILD.source: expected non-empty text"),
        ('kind = "acute_zeden"', 'kind = "police"', r"unknown task kind 'police'"),
        (
            'tasks = [{ kind = "acute_zeden", urgency = "acute" }]',
            "tasks = []",
            r"at least one task",
        ),
        (
            'urgency = "acute" }]\n[rules.when]\nconcern_any',
            'urgency = "soon" }]\n[rules.when]\nconcern_any',
            r"unknown value 'soon'",
        ),
        (
            "[tasks.leck_consult]",
            "[tasks.leck_konsult]",
            r"tasks: unknown key\(s\) \['leck_konsult'\]",
        ),
        (
            "acute = { hours = 1 }, urgent",
            "acute = { hours = 0 }, urgent",
            r"tasks.leck_advice.deadlines.acute.hours: expected a whole number >= 1",
        ),
        (
            "extra_holidays = []",
            'extra_holidays = ["Koningsdag"]',
            r"extra_holidays: expected a list of dates",
        ),
        ("mobility_below_months = 12", "mobility_below_month = 12", r"requires: unknown key"),
        (
            'last_incident_with_concerns = ["sexual_abuse"]',
            'last_incident_with_concerns = ["rape"]',
            r"last_incident_with_concerns",
        ),
        (
            'task = "leck_consult"',
            'destination = "leck"',
            r"escalation AVAILABILITY|escalations\[0\]",
        ),
        ("incident_unknown = true", "incident_unknown = false", r"only `true` is meaningful"),
    ],
)
def test_a_bad_v2_file_is_rejected_with_a_clear_message(old: str, new: str, message: str) -> None:
    assert old in V2
    with pytest.raises(RuleSetError, match=message):
        parse_ruleset(V2.replace(old, new, 1))


def test_v2_requires_last_contact_with_sexual_abuse_and_mobility_under_12_months() -> None:
    ruleset = parse_ruleset(V2)
    sa = [Concern.SEXUAL_ABUSE]

    def missing(age: int, concerns: list[Concern], mobility: bool, incident: bool) -> list[str]:
        found = missing_facts(
            ruleset,
            age_months=age,
            concerns=concerns,
            mobility_stated=mobility,
            last_incident_stated=incident,
        )
        return [fact.field for fact in found]

    assert missing(11, sa, False, False) == ["last_incident_at", "mobility"]
    assert missing(12, sa, False, True) == []
    assert missing(11, [Concern.NEGLECT], True, False) == []
    assert missing(100, sa, False, False) == ["last_incident_at"]


def test_v1_requires_nothing_extra() -> None:
    v1 = resources.files("routing.triage.handelingskader").joinpath("v1.toml").read_text("utf-8")
    found = missing_facts(
        parse_ruleset(v1),
        age_months=1,
        concerns=[Concern.SEXUAL_ABUSE],
        mobility_stated=False,
        last_incident_stated=False,
    )
    assert found == []
