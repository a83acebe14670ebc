"""The half-yearly figures: voldoende beschikbaar, tijdig ingezet, structureel geborgd.

Pure: plain facts in (dataclasses the service fills from the database), figures out. Keeping the
arithmetic here lets every indicator be checked on a hand-built period with known answers.

Periods are whole calendar days in Europe/Amsterdam, both ends included. A referral, an
examination (through its referral) and an advice belong to the period in which they were
received; roster positions count with the hours that fall inside the period. Elapsed times are
measured between instants, so a deadline across a DST change is neither an hour early nor late.

Small numbers: every count of children, referrals, examinations, advices or hand-offs from 1 to 4
could point to a child, so it is published as ``{"value": null, "suppressed": true}`` (0 is
shown: it discloses nobody). Counts that add up to a published total form a *relation*; when a
relation holds exactly one suppressed cell, that cell could be recovered by subtraction, so the
smallest other cell is suppressed as well, repeated until no relation holds exactly one
(secondary suppression). A share is suppressed when its denominator is under 5 or either of its
counts is suppressed; a median or p90 when it is built on fewer than 5 values.

"Tijdig" has no national norm: on time means started no later than the deadline of the urgency
window of the handelingskader (FMEK's own norm), and the definitions say so.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
THRESHOLD = 5
URGENCIES = ("acute", "urgent", "planned")
NEVER_STARTED_REASONS = ("escalated", "cancelled", "open")


# --- inputs -----------------------------------------------------------------------------


class _InUtc:
    """Every datetime field is turned into UTC on creation: Python compares and subtracts two
    datetimes of the same zone by wall-clock time, which is an hour off across a DST change."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, datetime):
                object.__setattr__(self, name, value.astimezone(UTC))


@dataclass(frozen=True)
class ReferralFact(_InUtc):
    """One referral as its current decision stands: what was asked, not who it is about."""

    submitted_at: datetime
    region: str
    urgency: str
    task_kinds: frozenset[str]


@dataclass(frozen=True)
class ExaminationFact(_InUtc):
    """A GGD examination task. ``started_at`` is when the doctor started (None: never);
    ``status`` the examination's state (escalated: no doctor could be there in time)."""

    referral_submitted_at: datetime
    region: str
    urgency: str
    deadline_at: datetime
    started_at: datetime | None
    status: str


@dataclass(frozen=True)
class AdviceFact(_InUtc):
    """An anonymous LECK advice request and its turnaround."""

    submitted_at: datetime
    region: str
    answered_at: datetime | None
    released_at: datetime | None


@dataclass(frozen=True)
class PositionFact(_InUtc):
    """One roster position (primary or back-up) of a region or a coverage pool."""

    regions: frozenset[str]  # the region, or every region of the coverage pool
    start_at: datetime
    end_at: datetime
    doctor_id: int | None
    doctor_region: str | None
    doctor_employment: str | None  # employed | hired


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(), AMSTERDAM).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period (midnight after ``end``, Amsterdam time)."""
        return datetime.combine(self.end + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)

    def holds(self, moment: datetime) -> bool:
        return self.start_at <= moment < self.end_at


@dataclass(frozen=True)
class Facts:
    referrals: Sequence[ReferralFact] = ()
    examinations: Sequence[ExaminationFact] = ()
    advices: Sequence[AdviceFact] = ()
    positions: Sequence[PositionFact] = ()


# --- suppression ------------------------------------------------------------------------


def suppressed_cells(counts: dict[str, int], relations: Iterable[Sequence[str]]) -> set[str]:
    """The cells to hide: primary (1-4) and secondary (no relation with exactly one hidden).

    A relation is a total together with the cells that add up to it: knowing all but one of
    them gives the last. Secondary cells are the smallest remaining ones, non-zero first.
    """
    hidden = {key for key, value in counts.items() if 1 <= value < THRESHOLD}
    relations = [tuple(rel) for rel in relations]
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if sum(key in hidden for key in relation) != 1:
                continue
            candidates = sorted(
                (key for key in relation if key not in hidden),
                key=lambda key: (counts[key] == 0, counts[key], key),
            )
            if candidates:
                hidden.add(candidates[0])
                changed = True
    return hidden


def _figure(value: float | None, suppressed: bool) -> dict[str, Any]:
    return {"value": None if suppressed else value, "suppressed": suppressed}


class _Table:
    """Counts and derived figures of one group, published only after suppression."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.relations: list[tuple[str, ...]] = []
        self.derived: dict[str, tuple[float | None, tuple[str, ...], int]] = {}

    def count(self, key: str, value: int) -> None:
        self.counts[key] = value

    def relate(self, total: str, parts: Iterable[str]) -> None:
        self.relations.append((total, *parts))

    def share(self, key: str, numerator: str, denominator: str) -> None:
        den = self.counts[denominator]
        value = round(self.counts[numerator] / den, 4) if den else None
        self.derived[key] = (value, (numerator, denominator), den)

    def statistic(self, key: str, values: Sequence[float], which: str) -> None:
        self.derived[key] = (_percentile(values, which), (), len(values))

    def publish(self) -> dict[str, dict[str, Any]]:
        hidden = suppressed_cells(self.counts, self.relations)
        out = {key: _figure(value, key in hidden) for key, value in self.counts.items()}
        for key, (value, depends_on, base) in self.derived.items():
            out[key] = _figure(value, base < THRESHOLD or any(k in hidden for k in depends_on))
        return out


def _percentile(values: Sequence[float], which: str) -> float | None:
    """Median (mean of the middle two when even) or p90 by nearest rank (ceil(0.9 n)-th)."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    if which == "median":
        middle = n // 2
        result = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    else:
        result = ordered[math.ceil(0.9 * n) - 1]
    return round(result, 1)


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def _nest(flat: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``{"a.b": x}`` → ``{"a": {"b": x}}``: flat keys keep the relations simple to state."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


# --- the three groups -------------------------------------------------------------------


def in_time(period: Period, facts: Facts, region: str | None) -> dict[str, Any]:
    """Tijdig ingezet: referrals, GGD examinations on time per urgency, LECK turnaround."""
    table = _Table()
    referrals = [
        r
        for r in facts.referrals
        if period.holds(r.submitted_at) and (region is None or r.region == region)
    ]
    table.count("referrals.total", len(referrals))
    for urgency in URGENCIES:
        table.count(f"referrals.by_urgency.{urgency}", sum(r.urgency == urgency for r in referrals))
    table.relate("referrals.total", (f"referrals.by_urgency.{u}" for u in URGENCIES))
    table.count("acute_zeden_handoffs", sum("acute_zeden" in r.task_kinds for r in referrals))

    exams = [
        e
        for e in facts.examinations
        if period.holds(e.referral_submitted_at) and (region is None or e.region == region)
    ]
    columns = ("total", "on_time", "late", "never_started")
    groups: dict[str, list[ExaminationFact]] = {"all": exams}
    groups.update({u: [e for e in exams if e.urgency == u] for u in URGENCIES})
    for name, group in groups.items():
        prefix = "examinations.all" if name == "all" else f"examinations.by_urgency.{name}"
        started = [e for e in group if e.started_at is not None]
        on_time = [e for e in started if e.started_at is not None and e.started_at <= e.deadline_at]
        table.count(f"{prefix}.total", len(group))
        table.count(f"{prefix}.on_time", len(on_time))
        table.count(f"{prefix}.late", len(started) - len(on_time))
        table.count(f"{prefix}.never_started", len(group) - len(started))
        table.relate(f"{prefix}.total", (f"{prefix}.{c}" for c in columns[1:]))
        table.share(f"{prefix}.on_time_share", f"{prefix}.on_time", f"{prefix}.total")
        waits = [_minutes(e.referral_submitted_at, e.started_at) for e in started if e.started_at]
        table.statistic(f"{prefix}.median_minutes_to_start", waits, "median")
        table.statistic(f"{prefix}.p90_minutes_to_start", waits, "p90")
    for column in columns:
        table.relate(
            f"examinations.all.{column}",
            (f"examinations.by_urgency.{u}.{column}" for u in URGENCIES),
        )
    never = [e for e in exams if e.started_at is None]
    for reason in NEVER_STARTED_REASONS:
        table.count(
            f"examinations.never_started_reasons.{reason}",
            sum(_never_started_reason(e) == reason for e in never),
        )
    table.relate(
        "examinations.all.never_started",
        (f"examinations.never_started_reasons.{r}" for r in NEVER_STARTED_REASONS),
    )

    advices = [
        a
        for a in facts.advices
        if period.holds(a.submitted_at) and (region is None or a.region == region)
    ]
    answered = [_hours(a.submitted_at, a.answered_at) for a in advices if a.answered_at]
    released = [_hours(a.submitted_at, a.released_at) for a in advices if a.released_at]
    table.count("leck_advices.received", len(advices))
    table.count("leck_advices.answered", len(answered))
    table.count("leck_advices.released", len(released))
    table.statistic("leck_advices.median_hours_to_answer", answered, "median")
    table.statistic("leck_advices.p90_hours_to_answer", answered, "p90")
    table.statistic("leck_advices.median_hours_to_release", released, "median")
    table.statistic("leck_advices.p90_hours_to_release", released, "p90")
    return _nest(table.publish())


def _never_started_reason(exam: ExaminationFact) -> str:
    if exam.status == "escalated":
        return "escalated"
    if exam.status == "cancelled":
        return "cancelled"
    return "open"


def available(period: Period, facts: Facts, region: str | None) -> dict[str, Any]:
    """Voldoende beschikbaar: rostered hours, gaps, help from neighbours, doctors on the roster.

    Hours and doctors are not counts of children: they are published without suppression.
    """
    rostered = filled = gap = neighbour = 0.0
    doctors: set[int] = set()
    for position in _positions(period, facts, region):
        hours = _clipped_hours(period, position)
        rostered += hours
        if position.doctor_id is None:
            gap += hours
            continue
        filled += hours
        doctors.add(position.doctor_id)
        if len(position.regions) > 1 or position.doctor_region not in position.regions:
            neighbour += hours
    return {
        "rostered_hours": _figure(round(rostered, 1), False),
        "filled_hours": _figure(round(filled, 1), False),
        "gap_hours": _figure(round(gap, 1), False),
        "filled_share": _figure(round(filled / rostered, 4) if rostered else None, False),
        "neighbour_or_pool_hours": _figure(round(neighbour, 1), False),
        "doctors_on_roster": _figure(len(doctors), False),
    }


def secured(period: Period, facts: Facts, region: str | None) -> dict[str, Any]:
    """Structureel geborgd: who carries the roster, and how LECK's work is funded."""
    employed = hired = 0.0
    for position in _positions(period, facts, region):
        if position.doctor_id is None:
            continue
        hours = _clipped_hours(period, position)
        if position.doctor_employment == "hired":
            hired += hours
        else:
            employed += hours
    carried = employed + hired
    table = _Table()
    referrals = [
        r
        for r in facts.referrals
        if period.holds(r.submitted_at) and (region is None or r.region == region)
    ]
    table.count("consults", sum("leck_consult" in r.task_kinds for r in referrals))
    table.count(
        "anonymous_advices",
        sum(
            period.holds(a.submitted_at) and (region is None or a.region == region)
            for a in facts.advices
        ),
    )
    return {
        "employed_hours_share": _figure(round(employed / carried, 4) if carried else None, False),
        "hired_hours_share": _figure(round(hired / carried, 4) if carried else None, False),
        **table.publish(),
    }


def _positions(period: Period, facts: Facts, region: str | None) -> list[PositionFact]:
    return [
        p
        for p in facts.positions
        if p.start_at < period.end_at
        and p.end_at > period.start_at
        and (region is None or region in p.regions)
    ]


def _clipped_hours(period: Period, position: PositionFact) -> float:
    return _hours(max(position.start_at, period.start_at), min(position.end_at, period.end_at))


DEFINITIONS: dict[str, str] = {
    "period": "Kalenderdagen van/tot en met, Europe/Amsterdam. Een verwijzing, onderzoek of "
    "advies telt mee in de periode waarin het is ontvangen.",
    "suppressed": "Aantallen van 1 tot en met 4 (kinderen, verwijzingen, onderzoeken, adviezen, "
    "overdrachten) worden niet getoond (null, suppressed: true), net als een cel waaruit zo'n "
    "aantal terug te rekenen is, en aandelen, medianen en p90 op minder dan 5 waarnemingen.",
    "available.rostered_hours": "Uren van alle roosterposities (primair en achterwacht) in de "
    "periode, voor de regio of de pools waarin zij deelneemt.",
    "available.filled_hours": "Roosteruren waarop een arts is ingeroosterd.",
    "available.gap_hours": "Roosteruren zonder arts (gaten).",
    "available.filled_share": "Gevulde roosteruren gedeeld door alle roosteruren.",
    "available.neighbour_or_pool_hours": "Gevulde roosteruren op een positie van een "
    "regiopool, of door een arts uit een andere regio (buurregio).",
    "available.doctors_on_roster": "Aantal verschillende artsen met ten minste één positie.",
    "in_time.referrals": "Verwijzingen ontvangen in de periode, naar urgentie van het "
    "huidige besluit.",
    "in_time.acute_zeden_handoffs": "Verwijzingen met een overdracht acute zeden (politie/LOEF).",
    "in_time.examinations": "GGD-onderzoeken (taak ggd_examination) van verwijzingen uit de "
    "periode. Op tijd: gestart uiterlijk op de deadline van het urgentievenster van het "
    "handelingskader; er is geen landelijke norm voor 'tijdig', dit is de eigen norm van FMEK. "
    "Minuten tot start: van ontvangst van de verwijzing tot de start van het onderzoek "
    "(mediaan; p90 volgens nearest rank).",
    "in_time.examinations.never_started_reasons": "Nooit gestart: escalated (geen arts op tijd "
    "beschikbaar: escalatie BESCHIKBAARHEID), cancelled (geannuleerd), open (nog niet gestart).",
    "in_time.leck_advices": "Anonieme adviesvragen aan het LECK ontvangen in de periode; uren "
    "van ontvangst tot eerste antwoord en tot vrijgave (mediaan en p90).",
    "secured.employed_hours_share": "Aandeel van de gevulde roosteruren door artsen in loondienst.",
    "secured.hired_hours_share": "Aandeel van de gevulde roosteruren door ingehuurde artsen.",
    "secured.consults": "Consulten (geïdentificeerd kind, Zvw-gefinancierd): verwijzingen met "
    "een taak leck_consult.",
    "secured.anonymous_advices": "Anonieme adviezen (subsidie-gefinancierd).",
}


def figures(period: Period, facts: Facts, region: str | None = None) -> dict[str, Any]:
    """All figures of a period for one region (None: the whole country)."""
    return {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "region": region,
        },
        "available": available(period, facts, region),
        "in_time": in_time(period, facts, region),
        "secured": secured(period, facts, region),
        "definitions": DEFINITIONS,
    }
