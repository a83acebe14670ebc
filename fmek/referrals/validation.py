"""Checks that need the clock or the database: the request models cannot do these alone."""

from datetime import datetime, timedelta

from sqlmodel import Session

from fmek.clock import AMSTERDAM, as_utc
from fmek.errors import Problem, ValidationFailed
from fmek.reference.service import region_exists
from fmek.referrals.adapters import age_in_months, last_incident
from fmek.referrals.models import CaseFacts, ReferralCreate
from routing.triage import RuleSet, missing_facts
from routing.vocabulary import Mobility

CLOCK_SKEW = timedelta(minutes=2)
"""Clients' clocks drift a little; a timestamp further ahead than this is in the future."""

ADULT_MONTHS = 18 * 12


def timestamp_problems(
    facts: CaseFacts, now: datetime, *, born: datetime | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    stamps: list[tuple[tuple[str | int, ...], datetime | None]] = [
        (("body", "last_incident_at"), last_incident(facts))
    ]
    stamps += [
        (("body", "injuries", i, "observed_at"), injury.observed_at)
        for i, injury in enumerate(facts.injuries)
    ]
    for loc, stamp in stamps:
        if stamp is None:
            continue
        if as_utc(stamp) > now + CLOCK_SKEW:
            problems.append(Problem("this time lies in the future", "future_timestamp", loc))
        elif born is not None and as_utc(stamp) < born:
            problems.append(
                Problem("this time lies before the child's birth date", "before_birth", loc)
            )
    return problems


def missing_fact_problems(
    facts: CaseFacts,
    ruleset: RuleSet,
    *,
    age_months: int,
    mobility: Mobility | None,
    mobility_loc: tuple[str, ...],
) -> list[Problem]:
    """The facts the rule set in force needs stated before it decides (v2: 422 otherwise)."""
    locs = {"last_incident_at": ("body", "last_incident_at"), "mobility": mobility_loc}
    return [
        Problem(fact.message, fact.type, locs[fact.field])
        for fact in missing_facts(
            ruleset,
            age_months=age_months,
            concerns=facts.concerns,
            mobility_stated=mobility is not None,
            last_incident_stated=facts.last_incident_at is not None,
        )
    ]


def check_referral(
    session: Session, data: ReferralCreate, now: datetime, ruleset: RuleSet | None = None
) -> int:
    """Raise one 422 listing every problem; return the child's age in completed months."""
    problems: list[Problem] = []
    birth_loc = ("body", "child", "birth_date")
    today = now.astimezone(AMSTERDAM).date()
    age_months = 0
    if data.child.birth_date > today:
        problems.append(
            Problem("the birth date lies in the future", "future_birth_date", birth_loc)
        )
    else:
        age_months = age_in_months(data.child.birth_date, now)
        if age_months >= ADULT_MONTHS:
            problems.append(
                Problem(
                    "the child is 18 or older on the submission date; FMEK is for children under 18",
                    "not_a_child",
                    birth_loc,
                )
            )
    if not region_exists(session, data.ggd_region):
        problems.append(
            Problem(
                f"unknown GGD region '{data.ggd_region}'; see GET /api/v1/regions for the 25 codes",
                "unknown_region",
                ("body", "ggd_region"),
            )
        )
    born = None
    if data.child.birth_date.year >= 1900:
        born = as_utc(datetime.combine(data.child.birth_date, datetime.min.time(), AMSTERDAM))
    problems += timestamp_problems(data, now, born=born)
    if ruleset is not None and not any(p.loc == birth_loc for p in problems):
        problems += missing_fact_problems(
            data,
            ruleset,
            age_months=age_months,
            mobility=data.child.mobility,
            mobility_loc=("body", "child", "mobility"),
        )
    if problems:
        raise ValidationFailed(problems=problems)
    return age_months
