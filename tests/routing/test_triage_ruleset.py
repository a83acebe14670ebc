"""The handelingskader is versioned data: shipped versions load, and a typo fails loudly."""

from importlib import resources

import pytest

from routing.triage import RuleSetError, load_ruleset, parse_ruleset, shipped_versions
from routing.vocabulary import Destination, Urgency

V1 = resources.files("routing.triage.handelingskader").joinpath("v1.toml").read_text("utf-8")


def test_newest_version_is_the_default() -> None:
    assert shipped_versions() == ("1", "2")
    assert load_ruleset() == load_ruleset("2") == load_ruleset("v2")
    assert load_ruleset().version == "2"
    assert load_ruleset("v1").version == "1"


def test_unknown_version_names_the_shipped_ones() -> None:
    with pytest.raises(RuleSetError, match=r"unknown handelingskader version '9'.*shipped: 1, 2"):
        load_ruleset("9")


def test_rules_are_listable_for_the_api() -> None:
    rules = load_ruleset("1").rules
    assert rules[-1].id == "DEFAULT" and rules[-1].is_fallback
    assert all(rule.description and rule.destination in Destination for rule in rules)
    assert all(rule.urgency in Urgency for rule in rules)


def test_availability_escalation_is_described() -> None:
    ruleset = load_ruleset("1")
    text = ruleset.describe("AVAILABILITY")
    assert "neighbouring region" in text and "LECK" in text
    (escalation,) = ruleset.escalations
    assert (escalation.id, escalation.destination) == ("AVAILABILITY", Destination.LECK)
    assert ruleset.describe("TEN") == ruleset.rules[-3].description


def test_describe_unknown_rule() -> None:
    with pytest.raises(KeyError, match="NOPE"):
        load_ruleset("1").describe("NOPE")


def test_windows_are_data() -> None:
    windows = load_ruleset("1").windows
    assert windows[Urgency.ACUTE].hours == 6
    assert windows[Urgency.URGENT].hours == 24
    assert windows[Urgency.PLANNED].working_days == 5


def test_the_shipped_text_parses_as_is() -> None:
    assert parse_ruleset(V1) == load_ruleset("1")


def edit(old: str, new: str, count: int = 1) -> str:
    assert old in V1, old
    return V1.replace(old, new, count)


BAD = [
    ("unknown top-level key", V1 + '\ncolour = "red"\n', r"unknown key\(s\) \['colour'\]"),
    ("unknown urgency", edit('urgency = "acute"', 'urgency = "asap"'), "'asap'.*acute, urgent"),
    ("unknown destination", edit('destination = "leck"', 'destination = "nfi"'), "'nfi'"),
    (
        "typo in a condition key",
        edit('concern_any = ["growth_delay"]', 'concern_anyy = ["growth_delay"]'),
        r"rule GROWTH\.when: unknown key\(s\) \['concern_anyy'\]",
    ),
    (
        "typo in a concern",
        edit('concern_any = ["growth_delay"]', 'concern_any = ["growth_delya"]'),
        "'growth_delya'",
    ),
    ("typo in an injury kind", edit('"retinal_haemorrhage"', '"retinal_hemorrhage"'), "retinal"),
    ("typo in a body region", edit('"buttocks"', '"buttock"'), "'buttock'"),
    ("typo in an injury key", edit("body_regions =", "regions ="), r"\['regions'\]"),
    ("typo in a mobility", edit('mobility = "not_mobile"', 'mobility = "immobile"'), "immobile"),
    (
        "negative hours",
        edit("incident_at_most_hours_ago = 168", "incident_at_most_hours_ago = -1"),
        "whole number",
    ),
    (
        "hours as text",
        edit("age_months_below = 48", 'age_months_below = "48"'),
        "whole number",
    ),
    ("empty list", edit('question_any = ["second_opinion"]', "question_any = []"), "non-empty"),
    (
        "empty any_of",
        edit('any_of = [{ age_months_below = 6 }, { mobility = "not_mobile" }]', "any_of = []"),
        "non-empty list",
    ),
    ("empty when", edit('concern_any = ["growth_delay"]', ""), "must not be empty"),
    ("planned window missing", edit("planned = { working_days = 5 }", ""), r"\['planned'\]"),
    (
        "unknown urgency window",
        edit("planned = {", "later = {"),
        r"\['later'\].*missing key\(s\) \['planned'\]",
    ),
    ("zero hours", edit("acute = { hours = 6 }", "acute = { hours = 0 }"), ">= 1"),
    (
        "two windows for one urgency",
        edit("acute = { hours = 6 }", "acute = { hours = 6, working_days = 1 }"),
        "exactly one",
    ),
    ("duplicate id", edit('id = "GROWTH"', 'id = "PCF"'), r"duplicate rule id\(s\) \['PCF'\]"),
    (
        "no fallback",
        edit("otherwise = true", "when = { question_any = ['documentation'] }"),
        "otherwise",
    ),
    (
        "when and otherwise",
        edit("otherwise = true", "otherwise = true\nwhen = { mobility = 'mobile' }"),
        "exactly one",
    ),
    ("otherwise = false", edit("otherwise = true", "otherwise = false"), "otherwise = true"),
    (
        "missing description",
        edit('description = "No other rule', 'note = "No other rule'),
        "missing",
    ),
    ("not TOML", V1 + "\n[[rules]\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_handelingskader_is_rejected_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(RuleSetError, match=message):
        parse_ruleset(text)


def test_a_fallback_that_is_not_last_is_rejected() -> None:
    default = V1[V1.index('[[rules]]\nid = "DEFAULT"') : V1.index("[[escalations]]")]
    moved = V1.replace(default, "").replace(
        '[[rules]]\nid = "SA-ACUTE-CHILD"', default + '[[rules]]\nid = "SA-ACUTE-CHILD"'
    )
    with pytest.raises(RuleSetError, match="placed last"):
        parse_ruleset(moved)
