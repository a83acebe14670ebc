"""The policy what-if: the period's referrals re-decided under two handelingskader versions.

Read-only: only the columns triage decides on are read (never a name, birth date or BSN, so
nothing is even decrypted), turned into anonymous triage cases and handed to
``routing.triage.compare``; the session is rolled back, so nothing is stored.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from sqlmodel import Session, col, select

from fmek.referrals.models import Referral
from reports.figures import Period
from routing.triage import Case, Injury, load_ruleset
from routing.triage.compare import Comparison, compare
from routing.vocabulary import BodyRegion, Concern, InjuryKind, Mobility, Question, Side


def _injury(data: dict[str, object]) -> Injury:
    observed = data.get("observed_at")
    side = data.get("side")
    return Injury(
        kind=InjuryKind(str(data["kind"])),
        body_region=BodyRegion(str(data["body_region"])),
        side=Side(str(side)) if side else None,
        observed_at=datetime.fromisoformat(str(observed)) if observed else None,
        patterned=bool(data.get("patterned", False)),
    )


class TriageFacts(Protocol):
    """What triage decided on: a stored referral, or a row of just these columns."""

    age_months: int
    concerns: list[str]
    injuries: list[dict[str, Any]]
    child_mobility: str | None
    last_incident_at: datetime | None
    questions: list[str]


TRIAGE_COLUMNS = (
    Referral.age_months,
    Referral.concerns,
    Referral.injuries,
    Referral.child_mobility,
    Referral.last_incident_at,
    Referral.questions,
    Referral.submitted_at,
)


def case_of(referral: TriageFacts) -> Case:
    """The anonymous facts of a stored referral, as triage saw them at submission."""
    return Case(
        age_months=referral.age_months,
        concerns=frozenset(Concern(c) for c in referral.concerns),
        injuries=tuple(_injury(i) for i in referral.injuries),
        mobility=Mobility(referral.child_mobility) if referral.child_mobility else None,
        last_incident_at=referral.last_incident_at,
        questions=frozenset(Question(q) for q in referral.questions),
    )


def compare_versions(
    session: Session, before: str, after: str, start: date, end: date, region: str | None = None
) -> Comparison:
    """Every referral received in the period (of one GGD region, or all), decided under
    ``before`` and ``after``."""
    period = Period(start, end)
    rulesets = load_ruleset(before), load_ruleset(after)
    own = (col(Referral.ggd_region) == region,) if region else ()
    try:
        rows: Sequence[Any] = session.exec(
            select(*TRIAGE_COLUMNS).where(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
                col(Referral.submitted_at) >= period.start_at,
                col(Referral.submitted_at) < period.end_at,
                *own,
            )
        ).all()
        cases = [(case_of(row), row.submitted_at) for row in rows]
        return compare(cases, *rulesets)
    finally:
        session.rollback()


def comparison_lines(result: Comparison) -> list[str]:
    """A plain-text table for the terminal."""
    lines = [
        f"handelingskader v{result.before} -> v{result.after}: {result.cases} referrals, "
        f"{result.changed} decided differently (dry run, nothing stored)",
        "",
        f"{'count':>6}  {'v' + result.before:<45}  {'v' + result.after}",
    ]
    for (old, new), count in result.transitions.most_common():
        lines.append(f"{count:>6}  {old:<45}  {new}")
    lines += ["", "extra tasks per month (after minus before):"]
    kinds = sorted({k for month in result.extra_per_month.values() for k in month})
    lines.append(f"{'month':<8}" + "".join(f"{k:>17}" for k in kinds))
    for month, extra in sorted(result.extra_per_month.items()):
        lines.append(f"{month:<8}" + "".join(f"{extra[k]:>+17d}" for k in kinds))
    return lines
