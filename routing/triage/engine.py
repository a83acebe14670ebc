"""Apply a handelingskader to a case: every matching rule, the strictest outcome, a deadline."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from routing.calendar import add_working_days
from routing.triage.model import Case, Decision, RuleHit, require_aware
from routing.triage.ruleset import Rule, RuleSet
from routing.vocabulary import Destination, Urgency

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _hit(rule: Rule) -> RuleHit:
    return RuleHit(rule.id, rule.description, rule.destination, rule.urgency)


def triage(case: Case, ruleset: RuleSet, *, now: datetime) -> Decision:
    """Decide where `case`, submitted at `now`, goes.

    LECK wins over GGD as soon as one matching rule asks for LECK expertise, and the most
    urgent matching rule sets the clock: the case must satisfy every rule that applies.
    """
    require_aware(now, "now")
    hits = tuple(
        _hit(rule)
        for rule in ruleset.rules
        if rule.condition is not None and rule.condition.holds(case, now)
    ) or (_hit(ruleset.fallback),)
    destination = (
        Destination.LECK
        if any(hit.destination is Destination.LECK for hit in hits)
        else Destination.GGD
    )
    urgency = max((hit.urgency for hit in hits), key=lambda u: u.rank)
    return Decision(
        destination=destination,
        urgency=urgency,
        deadline=deadline_for(urgency, now, ruleset),
        rules=hits,
        ruleset_version=ruleset.version,
    )


def deadline_for(urgency: Urgency, submitted_at: datetime, ruleset: RuleSet) -> datetime:
    """The latest start of the examination, in UTC.

    Hour windows are elapsed time. Working-day windows keep the Amsterdam clock time of the
    submission on the n-th working day after its Amsterdam date; a working day is never a
    Sunday, so that clock time always exists exactly once (DST changes happen on Sundays).
    """
    require_aware(submitted_at, "submitted_at")
    window = ruleset.windows[urgency]
    if window.hours is not None:
        # Add in UTC: aware arithmetic within one zone is wall-clock arithmetic in Python.
        return submitted_at.astimezone(UTC) + timedelta(hours=window.hours)
    assert window.working_days is not None
    local = submitted_at.astimezone(AMSTERDAM)
    day = add_working_days(local.date(), window.working_days)
    wall_clock = time(local.hour, local.minute, local.second, local.microsecond)
    return datetime.combine(day, wall_clock, tzinfo=AMSTERDAM).astimezone(UTC)
