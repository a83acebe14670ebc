"""Triage: where a case goes and how fast, by the versioned handelingskader (rules as data).

decision = triage(case, load_ruleset(), now=submitted_at)
"""

from routing.triage.age import completed_months
from routing.triage.engine import deadline_for, triage
from routing.triage.errors import RuleSetError
from routing.triage.inputs import MissingFact, missing_facts
from routing.triage.model import Case, Decision, Injury, RuleHit, Task
from routing.triage.ruleset import (
    LEGACY_TASK,
    Escalation,
    Requirements,
    Rule,
    RuleSet,
    TaskSpec,
    TaskText,
    Window,
    lead_of,
    load_ruleset,
    parse_ruleset,
    shipped_versions,
)

__all__ = [
    "LEGACY_TASK",
    "Case",
    "Decision",
    "Escalation",
    "Injury",
    "MissingFact",
    "Requirements",
    "Rule",
    "RuleHit",
    "RuleSet",
    "RuleSetError",
    "Task",
    "TaskSpec",
    "TaskText",
    "Window",
    "completed_months",
    "deadline_for",
    "lead_of",
    "load_ruleset",
    "missing_facts",
    "parse_ruleset",
    "shipped_versions",
    "triage",
]
