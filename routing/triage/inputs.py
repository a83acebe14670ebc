"""Facts a handelingskader version requires before it can decide (checked before triage).

v2 needs the time of the last contact when sexual abuse is suspected (a timestamp or an
explicit "unknown": a forgotten field must not silently route as unknown) and the child's
mobility under 12 months ("unknown" is allowed and counts as not mobile).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from routing.triage.ruleset import RuleSet
from routing.vocabulary import Concern


@dataclass(frozen=True)
class MissingFact:
    field: str  # "last_incident_at" or "mobility"
    type: str
    message: str


def missing_facts(
    ruleset: RuleSet,
    *,
    age_months: int,
    concerns: Iterable[Concern],
    mobility_stated: bool,
    last_incident_stated: bool,
) -> list[MissingFact]:
    """What the requester still has to state under `ruleset` (empty: triage may decide)."""
    required = ruleset.requirements
    missing = []
    needs_incident = sorted(required.last_incident_with.intersection(concerns))
    if needs_incident and not last_incident_stated:
        missing.append(
            MissingFact(
                "last_incident_at",
                "last_incident_required",
                f"with concern '{needs_incident[0].value}' the time of the last contact is "
                'required: a timestamp with offset, or "unknown" (unknown is routed as acute)',
            )
        )
    below = required.mobility_below_months
    if below is not None and age_months < below and not mobility_stated:
        missing.append(
            MissingFact(
                "mobility",
                "mobility_required",
                f'for a child under {below} months the mobility is required: "mobile", '
                '"not_mobile" or "unknown" (unknown counts as not mobile)',
            )
        )
    return missing
