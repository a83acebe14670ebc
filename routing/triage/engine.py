"""Apply a handelingskader to a case: every matching rule, the tasks they ask for, deadlines."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from routing.calendar import add_working_days
from routing.triage.model import Case, Decision, RuleHit, Task, require_aware
from routing.triage.ruleset import LEGACY_TASK, Rule, RuleSet, Window, lead_of
from routing.vocabulary import Destination, TaskKind, Urgency

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _hit(rule: Rule) -> RuleHit:
    return RuleHit(rule.id, rule.description, rule.destination, rule.urgency)


def _most_urgent(urgencies: list[Urgency]) -> Urgency:
    return max(urgencies, key=lambda u: u.rank)


def triage(case: Case, ruleset: RuleSet, *, now: datetime) -> Decision:
    """Decide what has to happen for `case`, submitted at `now`.

    v1: LECK wins over GGD as soon as one matching rule asks for LECK, the most urgent rule
    sets the clock, and the decision is one task. From v2: every matching rule adds its tasks;
    a kind asked by several rules is one task at the most urgent of their urgencies, with its
    own deadline; the lead (`destination`) is the GGD when a GGD forensic doctor examines.
    """
    require_aware(now, "now")
    matched = [
        rule
        for rule in ruleset.rules
        if rule.condition is not None and rule.condition.holds(case, now)
    ] or [ruleset.fallback]
    hits = tuple(_hit(rule) for rule in matched)
    if not ruleset.task_based:
        return _v1_decision(hits, ruleset, now)
    asked: dict[TaskKind, tuple[list[Urgency], list[str]]] = {}
    for rule in matched:
        for spec in rule.tasks:
            urgencies, rule_ids = asked.setdefault(spec.kind, ([], []))
            urgencies.append(spec.urgency)
            rule_ids.append(rule.id)
    tasks = sorted(
        (
            Task(kind, urgency, deadline_for(urgency, now, ruleset, kind), tuple(rule_ids))
            for kind, (urgencies, rule_ids) in asked.items()
            for urgency in [_most_urgent(urgencies)]
        ),
        key=lambda task: (task.deadline, list(TaskKind).index(task.kind)),
    )
    return Decision(
        destination=lead_of(set(asked)),
        urgency=_most_urgent([task.urgency for task in tasks]),
        deadline=tasks[0].deadline,
        rules=hits,
        ruleset_version=ruleset.label,
        tasks=tuple(tasks),
    )


def _v1_decision(hits: tuple[RuleHit, ...], ruleset: RuleSet, now: datetime) -> Decision:
    destination = (
        Destination.LECK
        if any(hit.destination is Destination.LECK for hit in hits)
        else Destination.GGD
    )
    urgency = _most_urgent([hit.urgency for hit in hits])
    deadline = deadline_for(urgency, now, ruleset)
    task = Task(LEGACY_TASK[destination], urgency, deadline, tuple(hit.id for hit in hits))
    return Decision(
        destination=destination,
        urgency=urgency,
        deadline=deadline,
        rules=hits,
        ruleset_version=ruleset.label,
        tasks=(task,),
    )


def deadline_for(
    urgency: Urgency,
    submitted_at: datetime,
    ruleset: RuleSet,
    kind: TaskKind = TaskKind.GGD_EXAMINATION,
) -> datetime:
    """The latest start of a task of `kind` (v1: of the examination), in UTC."""
    require_aware(submitted_at, "submitted_at")
    return window_end(ruleset.window(kind, urgency), submitted_at, ruleset.extra_holidays)


def window_end(window: Window, submitted_at: datetime, extra_holidays: frozenset[date]) -> datetime:
    """Hour windows are elapsed time. Working-day windows keep the Amsterdam clock time of the
    submission on the n-th working day after its Amsterdam date; a working day is never a
    Sunday, so that clock time always exists exactly once (DST changes happen on Sundays).
    """
    if window.hours is not None:
        # Add in UTC: aware arithmetic within one zone is wall-clock arithmetic in Python.
        return submitted_at.astimezone(UTC) + timedelta(hours=window.hours)
    assert window.working_days is not None
    local = submitted_at.astimezone(AMSTERDAM)
    day = add_working_days(local.date(), window.working_days, extra_holidays)
    wall_clock = time(local.hour, local.minute, local.second, local.microsecond)
    return datetime.combine(day, wall_clock, tzinfo=AMSTERDAM).astimezone(UTC)
