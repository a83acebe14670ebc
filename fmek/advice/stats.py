"""Figures without identity: counts for LECK's annual figures and subsidy accounting.

Counts per month of submission (Europe/Amsterdam), concern (a case with two concerns counts in
both), age band and conclusion (released advice only). No free text is read.

Small cells: a count from 1 to 4 could point to one child in a small region or month, so it is
reported as ``count: null, suppressed: true`` (0 is shown: it discloses nobody). If exactly one
cell of a dimension is suppressed, its value could be recovered by subtracting the others from
the total, so the next smallest non-zero cell is suppressed as well (secondary suppression).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from fmek.advice.access import require_leck
from fmek.advice.lifecycle import WITH_ADVICE, Conclusion
from fmek.advice.models import AdviceRequest, AdviceStats, StatsCell
from fmek.advice.service import RECORD
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import AMSTERDAM
from routing.vocabulary import Concern

THRESHOLD = 5

AGE_BANDS: list[tuple[str, int, int]] = [
    ("0-5m", 0, 5),
    ("6-11m", 6, 11),
    ("12-23m", 12, 23),
    ("2-3y", 24, 47),
    ("4-11y", 48, 143),
    ("12-17y", 144, 215),
]


def age_band(age_months: int) -> str:
    for key, low, high in AGE_BANDS:
        if low <= age_months <= high:
            return key
    return AGE_BANDS[-1][0]


def advice_stats(session: Session, year: int, *, actor: Actor) -> AdviceStats:
    require_leck(actor.require_user(), "see the advice figures")
    # in UTC: SQLite stores the wall time of what it is given, and submitted_at is UTC
    start = datetime(year, 1, 1, tzinfo=AMSTERDAM).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=AMSTERDAM).astimezone(UTC)
    rows = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
            AdviceRequest.submitted_at,
            AdviceRequest.concerns,
            AdviceRequest.age_months,
            AdviceRequest.conclusion,
            AdviceRequest.status,
        ).where(col(AdviceRequest.submitted_at) >= start, col(AdviceRequest.submitted_at) < end)
    ).all()
    months: Counter[str] = Counter()
    concerns: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    conclusions: Counter[str] = Counter()
    for submitted_at, case_concerns, age_months, conclusion, status in rows:
        months[f"{submitted_at.astimezone(AMSTERDAM):%Y-%m}"] += 1
        concerns.update(set(case_concerns))
        bands[age_band(age_months)] += 1
        if conclusion and status in WITH_ADVICE:
            conclusions[conclusion] += 1
    record(session, actor, AuditAction.EXPORT, RECORD, detail=f"figures {year}")
    session.commit()
    return AdviceStats(
        year=year,
        threshold=THRESHOLD,
        total=_cells({"total": len(rows)}, ["total"])[0],
        by_month=_cells(months, [f"{year}-{m:02d}" for m in range(1, 13)]),
        by_concern=_cells(concerns, [c.value for c in Concern]),
        by_age_band=_cells(bands, [key for key, _, _ in AGE_BANDS]),
        by_conclusion=_cells(conclusions, [c.value for c in Conclusion]),
    )


def _small(count: int) -> bool:
    return 0 < count < THRESHOLD


def _cells(counts: Counter[str] | dict[str, int], keys: Iterable[str]) -> list[StatsCell]:
    values = {key: counts.get(key, 0) for key in keys}
    hidden = {key for key, n in values.items() if _small(n)}
    if len(hidden) == 1 and len(values) > 1:
        shown = sorted((n, key) for key, n in values.items() if n > 0 and key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return [
        StatsCell(key=key, count=None if key in hidden else n, suppressed=key in hidden)
        for key, n in values.items()
    ]
