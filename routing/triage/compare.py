"""What a rule change would do: re-decide past cases under two rule sets, nothing stored.

Policy makers see the cost of a new handelingskader before it is in force: which decisions
change (lead organisation, urgency, task set) and how many more or fewer LECK advices and GGD
examinations a month that means. Each case is decided at its own submission time, so
deadlines and office hours are those it really had.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from routing.triage.engine import triage
from routing.triage.model import Case, Decision
from routing.triage.ruleset import RuleSet
from routing.vocabulary import TaskKind

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def outcome(decision: Decision) -> str:
    """One line per decision: lead organisation, most urgent task, the task set."""
    kinds = "+".join(sorted(task.kind.value for task in decision.tasks))
    return f"{decision.destination.value}/{decision.urgency.value} [{kinds}]"


def outcome_parts(text: str) -> tuple[str, str, tuple[str, ...]]:
    """The inverse of ``outcome``: (destination, urgency, task kinds)."""
    lead, kinds = text.split(" [", 1)
    destination, urgency = lead.split("/", 1)
    return destination, urgency, tuple(k for k in kinds.rstrip("]").split("+") if k)


@dataclass
class Comparison:
    before: str
    after: str
    cases: int = 0
    changed: int = 0
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # per month (YYYY-MM, Amsterdam): task count after minus before, per task kind
    extra_per_month: dict[str, Counter[str]] = field(default_factory=dict)


def compare(cases: Iterable[tuple[Case, datetime]], before: RuleSet, after: RuleSet) -> Comparison:
    """Decide every (case, submitted_at) under both rule sets and count the differences."""
    result = Comparison(before=before.version, after=after.version)
    for case, submitted_at in cases:
        old = triage(case, before, now=submitted_at)
        new = triage(case, after, now=submitted_at)
        result.cases += 1
        month = result.extra_per_month.setdefault(
            f"{submitted_at.astimezone(AMSTERDAM):%Y-%m}", Counter()
        )
        for kind in TaskKind:
            month[kind.value] += _count(new, kind) - _count(old, kind)
        if outcome(old) != outcome(new):
            result.changed += 1
            result.transitions[(outcome(old), outcome(new))] += 1
    return result


def _count(decision: Decision, kind: TaskKind) -> int:
    return sum(task.kind is kind for task in decision.tasks)
