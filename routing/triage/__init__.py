"""Triage: where a case goes and how fast, by the versioned handelingskader (rules as data).

decision = triage(case, load_ruleset(), now=submitted_at)
"""

from routing.triage.age import completed_months
from routing.triage.engine import deadline_for, triage
from routing.triage.errors import RuleSetError
from routing.triage.model import Case, Decision, Injury, RuleHit
from routing.triage.ruleset import (
    Escalation,
    Rule,
    RuleSet,
    Window,
    load_ruleset,
    parse_ruleset,
    shipped_versions,
)

__all__ = [
    "Case",
    "Decision",
    "Escalation",
    "Injury",
    "Rule",
    "RuleHit",
    "RuleSet",
    "RuleSetError",
    "Window",
    "completed_months",
    "deadline_for",
    "load_ruleset",
    "parse_ruleset",
    "shipped_versions",
    "triage",
]
