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
(secondary suppression). The national count and the same count of every region form a relation
too, so a regional cell cannot be recovered as the national total minus the other regions:
suppression is decided once over the whole grid (the country and every region), and an answer
shows its part of that grid whichever region is asked. A share is suppressed when its
denominator is under 5 or either of its counts is suppressed; a median or p90 when it is built
on fewer than 5 values. Hours, doctors and weeks are not counts of children and are shown.

"Tijdig" has no national norm: on time means started no later than the deadline of the urgency
window of the handelingskader (FMEK's own norm), and the definitions say so.
"""

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from reports.figures_text import DEFINITIONS, definition, label, unit

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
THRESHOLD = 5
URGENCIES = ("acute", "urgent", "planned")
NEVER_STARTED_REASONS = ("escalated", "cancelled", "open")
LATE_REASONS = ("planned_late", "started_late")
GROUPS = ("available", "in_time", "secured")
FULL_TIME_HOURS = 36.0  # [design] a full-time week; see the definition of available.fte
EXPIRY_HORIZON = timedelta(days=183)
NIGHT = time(3, 0)  # a night belongs to whoever holds the primary position at 03:00
NATIONAL = ""


# --- inputs -----------------------------------------------------------------------------


class _InUtc:
    """Every datetime field is turned into UTC on creation: Python compares and subtracts two
    datetimes of the same zone by wall-clock time, which is an hour off across a DST change."""

    __slots__ = ()
    _TIMES: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        for name in self._TIMES:
            value = getattr(self, name)
            if value is not None and value.tzinfo is not UTC:
                object.__setattr__(self, name, value.astimezone(UTC))


@dataclass(frozen=True, slots=True)
class ReferralFact(_InUtc):
    """One referral as its current decision stands: what was asked, not who it is about.
    ``availability_escalated``: some decision of it carries the rule AVAILABILITY."""

    _TIMES = ("submitted_at",)

    submitted_at: datetime
    region: str
    urgency: str
    task_kinds: frozenset[str]
    availability_escalated: bool = False


@dataclass(frozen=True, slots=True)
class ExaminationFact(_InUtc):
    """A GGD examination task. ``started_at`` is when the doctor really started (None: never);
    ``planned_start_at`` when the plan had them start; ``status`` the examination's state
    (escalated: no doctor could be there in time)."""

    _TIMES = ("referral_submitted_at", "deadline_at", "started_at", "planned_start_at")

    referral_submitted_at: datetime
    region: str
    urgency: str
    deadline_at: datetime
    started_at: datetime | None
    status: str
    planned_start_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AdviceFact(_InUtc):
    """An anonymous LECK advice request and its turnaround."""

    _TIMES = ("submitted_at", "answered_at", "released_at")

    submitted_at: datetime
    region: str
    answered_at: datetime | None
    released_at: datetime | None


@dataclass(frozen=True, slots=True)
class PositionFact(_InUtc):
    """One roster position (primary or back-up) of a region or a coverage pool. ``shift``
    names the shift the primary and its back-up share; ``qualified``: the doctor held the
    position's qualifications, valid on its day."""

    _TIMES = ("start_at", "end_at")

    regions: frozenset[str]  # the region, or every region of the coverage pool
    start_at: datetime
    end_at: datetime
    doctor_id: int | None
    doctor_region: str | None
    doctor_employment: str | None  # employed | hired
    role: str = "primary"
    shift: str = ""
    qualified: bool = True


@dataclass(frozen=True)
class DoctorFact:
    """An active doctor as registered today: contract hours and when each qualification (or
    the BIG registration, named "big") stops being valid."""

    region: str
    contract_hours: float
    expiries: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True, slots=True)
class WeekFact(_InUtc):
    """One planned roster week of a region and when it was planned."""

    _TIMES = ("planned_at",)

    region: str
    monday: date
    planned_at: datetime


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @cached_property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(), AMSTERDAM).astimezone(UTC)

    @cached_property
    def end_at(self) -> datetime:
        """The first instant after the period (midnight after ``end``, Amsterdam time)."""
        return datetime.combine(self.end + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)

    def holds(self, moment: datetime) -> bool:
        return self.start_at <= moment < self.end_at

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def half_year(day: date) -> Period:
    """The calendar half-year (1 January-30 June or 1 July-31 December) holding ``day``."""
    if day.month <= 6:
        return Period(date(day.year, 1, 1), date(day.year, 6, 30))
    return Period(date(day.year, 7, 1), date(day.year, 12, 31))


def half_years_up_to(day: date, count: int) -> list[Period]:
    """The ``count`` half-years ending with the one holding ``day``, oldest first."""
    periods = [half_year(day)]
    while len(periods) < count:
        periods.append(half_year(periods[-1].start - timedelta(days=1)))
    return periods[::-1]


def half_year_label(period: Period) -> str:
    return f"{period.start.year}-H{1 if period.start.month <= 6 else 2}"


@dataclass(frozen=True)
class Facts:
    referrals: Sequence[ReferralFact] = ()
    examinations: Sequence[ExaminationFact] = ()
    advices: Sequence[AdviceFact] = ()
    positions: Sequence[PositionFact] = ()
    doctors: Sequence[DoctorFact] = ()
    weeks: Sequence[WeekFact] = ()
    # reference data: inhabitants aged 0-17 per region; every region of the country
    population: Mapping[str, int] = field(default_factory=dict)
    # "now": a period still running is measured up to here (weeks ahead, expiries)
    as_of: datetime | None = None


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
    """Counts and derived figures of one scope, published only after suppression."""

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

    def publish(self, hidden: set[str]) -> dict[str, dict[str, Any]]:
        out = {key: _figure(value, key in hidden) for key, value in self.counts.items()}
        for key, (value, depends_on, base) in self.derived.items():
            out[key] = _figure(value, base < THRESHOLD or any(k in hidden for k in depends_on))
        return out


def _grid_hidden(tables: Mapping[str, _Table]) -> dict[str, set[str]]:
    """Suppression decided once over the country ('') and every region: each table's own
    relations, and per count the relation national = sum of the regions."""
    counts = {f"{scope}|{key}": v for scope, t in tables.items() for key, v in t.counts.items()}
    relations = [
        tuple(f"{scope}|{key}" for key in relation)
        for scope, table in tables.items()
        for relation in table.relations
    ]
    regions = [scope for scope in tables if scope != NATIONAL]
    if regions:
        for key in tables[NATIONAL].counts:
            relations.append((f"|{key}", *(f"{region}|{key}" for region in regions)))
    hidden: dict[str, set[str]] = {scope: set() for scope in tables}
    for cell in suppressed_cells(counts, relations):
        scope, key = cell.split("|", 1)
        hidden[scope].add(key)
    return hidden


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


def _nest(flat: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """``{"a.b": x}`` → ``{"a": {"b": x}}``: flat keys keep the relations simple to state."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


# --- counts of children: one table per scope --------------------------------------------


@dataclass
class _Slice:
    referrals: list[ReferralFact] = field(default_factory=list)
    examinations: list[ExaminationFact] = field(default_factory=list)
    advices: list[AdviceFact] = field(default_factory=list)


def _slices(period: Period, facts: Facts) -> dict[str, _Slice]:
    """The period's referrals, examinations and advices, nationally ('') and per region (every
    region with facts or reference data, so the grid does not depend on who asks)."""
    slices: dict[str, _Slice] = defaultdict(_Slice)
    slices[NATIONAL] = _Slice()
    for region in facts.population:
        slices[region] = _Slice()
    for r in facts.referrals:
        if period.holds(r.submitted_at):
            slices[NATIONAL].referrals.append(r)
            slices[r.region].referrals.append(r)
    for e in facts.examinations:
        if period.holds(e.referral_submitted_at):
            slices[NATIONAL].examinations.append(e)
            slices[e.region].examinations.append(e)
    for a in facts.advices:
        if period.holds(a.submitted_at):
            slices[NATIONAL].advices.append(a)
            slices[a.region].advices.append(a)
    return slices


def _counted(part: _Slice) -> _Table:
    table = _Table()
    _count_referrals(table, part.referrals)
    _count_examinations(table, part.examinations)
    _count_advices(table, part.advices)
    table.count("secured.consults", sum("leck_consult" in r.task_kinds for r in part.referrals))
    table.count("secured.anonymous_advices", len(part.advices))
    return table


def _count_referrals(table: _Table, referrals: Sequence[ReferralFact]) -> None:
    table.count("in_time.referrals.total", len(referrals))
    for urgency in URGENCIES:
        table.count(
            f"in_time.referrals.by_urgency.{urgency}", sum(r.urgency == urgency for r in referrals)
        )
    table.relate(
        "in_time.referrals.total", (f"in_time.referrals.by_urgency.{u}" for u in URGENCIES)
    )
    table.count(
        "in_time.acute_zeden_handoffs", sum("acute_zeden" in r.task_kinds for r in referrals)
    )
    table.count(
        "in_time.escalations.availability", sum(r.availability_escalated for r in referrals)
    )


def _count_examinations(table: _Table, exams: Sequence[ExaminationFact]) -> None:
    base = "in_time.examinations"
    columns = ("total", "on_time", "late", "never_started")
    groups: dict[str, list[ExaminationFact]] = {"all": list(exams)}
    groups.update({u: [e for e in exams if e.urgency == u] for u in URGENCIES})
    for name, group in groups.items():
        prefix = f"{base}.all" if name == "all" else f"{base}.by_urgency.{name}"
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
        table.relate(f"{base}.all.{column}", (f"{base}.by_urgency.{u}.{column}" for u in URGENCIES))
    never = Counter(_never_started_reason(e) for e in exams if e.started_at is None)
    for reason in NEVER_STARTED_REASONS:
        table.count(f"{base}.never_started_reasons.{reason}", never[reason])
    table.relate(
        f"{base}.all.never_started",
        (f"{base}.never_started_reasons.{r}" for r in NEVER_STARTED_REASONS),
    )
    late = Counter(
        _late_reason(e) for e in exams if e.started_at is not None and e.started_at > e.deadline_at
    )
    for reason in LATE_REASONS:
        table.count(f"{base}.late_reasons.{reason}", late[reason])
    table.relate(f"{base}.all.late", (f"{base}.late_reasons.{r}" for r in LATE_REASONS))


def _never_started_reason(exam: ExaminationFact) -> str:
    if exam.status == "escalated":
        return "escalated"
    if exam.status == "cancelled":
        return "cancelled"
    return "open"


def _late_reason(exam: ExaminationFact) -> str:
    """planned_late: the plan itself lay past the deadline; else the start slipped."""
    if exam.planned_start_at is not None and exam.planned_start_at > exam.deadline_at:
        return "planned_late"
    return "started_late"


def _count_advices(table: _Table, advices: Sequence[AdviceFact]) -> None:
    answered = [_hours(a.submitted_at, a.answered_at) for a in advices if a.answered_at]
    released = [_hours(a.submitted_at, a.released_at) for a in advices if a.released_at]
    table.count("in_time.leck_advices.received", len(advices))
    table.count("in_time.leck_advices.answered", len(answered))
    table.count("in_time.leck_advices.released", len(released))
    table.statistic("in_time.leck_advices.median_hours_to_answer", answered, "median")
    table.statistic("in_time.leck_advices.p90_hours_to_answer", answered, "p90")
    table.statistic("in_time.leck_advices.median_hours_to_release", released, "median")
    table.statistic("in_time.leck_advices.p90_hours_to_release", released, "p90")


# --- the roster and the doctors (not counts of children: shown as they are) -------------


Rostered = list[tuple[PositionFact, float]]


def _rostered(period: Period, facts: Facts, region: str | None) -> Rostered:
    """The positions overlapping the period (of the region, or all), each with its hours
    inside the period."""
    start, end = period.start_at, period.end_at
    out: Rostered = []
    for p in facts.positions:
        if p.start_at >= end or p.end_at <= start:
            continue
        if region is not None and region not in p.regions:
            continue
        first = p.start_at if p.start_at > start else start
        last = p.end_at if p.end_at < end else end
        out.append((p, (last - first).total_seconds() / 3600))
    return out


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def available(
    period: Period, facts: Facts, region: str | None, roster: Rostered | None = None
) -> dict[str, Any]:
    """Voldoende beschikbaar: rostered hours, gaps, help from neighbours, doctors, population."""
    rostered = filled = gap = neighbour = 0.0
    doctors: set[int] = set()
    positions = _rostered(period, facts, region) if roster is None else roster
    for position, hours in positions:
        rostered += hours
        if position.doctor_id is None:
            gap += hours
            continue
        filled += hours
        doctors.add(position.doctor_id)
        if len(position.regions) > 1 or position.doctor_region not in position.regions:
            neighbour += hours
    registered = [d for d in facts.doctors if region is None or d.region == region]
    children = (
        sum(facts.population.values()) if region is None else facts.population.get(region)
    ) or None
    return {
        "rostered_hours": _figure(round(rostered, 1), False),
        "filled_hours": _figure(round(filled, 1), False),
        "gap_hours": _figure(round(gap, 1), False),
        "filled_share": _figure(_ratio(filled, rostered), False),
        "primary_and_backup_share": _figure(_primary_and_backup_share(positions), False),
        "neighbour_or_pool_hours": _figure(round(neighbour, 1), False),
        "doctors_on_roster": _figure(len(doctors), False),
        "doctors_registered": _figure(len(registered), False),
        "fte": _figure(
            round(sum(d.contract_hours for d in registered) / FULL_TIME_HOURS, 1), False
        ),
        "children_0_17": _figure(children, False),
        "doctors_per_100k_children": _figure(
            round(len(registered) / children * 100_000, 2) if children else None, False
        ),
    }


def _primary_and_backup_share(positions: Rostered) -> float | None:
    """Hours of shifts whose primary and back-up are both held by a qualified doctor, over the
    hours of all shifts (a shift counts with its primary position's hours)."""
    primaries: list[tuple[Any, bool, float]] = []
    backed: set[Any] = set()
    for p, hours in positions:
        key = p.shift or (p.regions, p.start_at, p.end_at)
        held = p.doctor_id is not None and p.qualified
        if p.role == "primary":
            primaries.append((key, held, hours))
        elif held:
            backed.add(key)
    total = sum(hours for _key, _held, hours in primaries)
    covered = sum(hours for key, held, hours in primaries if held and key in backed)
    return _ratio(covered, total)


def secured(
    period: Period, facts: Facts, region: str | None, roster: Rostered | None = None
) -> dict[str, Any]:
    """Structureel geborgd, the roster side: who carries the hours and the nights, how far
    ahead the roster stands, which qualifications run out."""
    positions = _rostered(period, facts, region) if roster is None else roster
    employed = hired = 0.0
    for position, hours in positions:
        if position.doctor_id is None:
            continue
        if position.doctor_employment == "hired":
            hired += hours
        else:
            employed += hours
    carried = employed + hired
    as_of = _as_of(period, facts)
    expiring = _expiring(facts, region, as_of.astimezone(AMSTERDAM).date())
    nights = _night_shares(period, positions, region)
    weeks = _weeks_ahead(facts, region, as_of)
    return {
        "employed_hours_share": _figure(_ratio(employed, carried), False),
        "hired_hours_share": _figure(_ratio(hired, carried), False),
        "qualifications_expiring": _figure(sum(expiring.values()), False),
        "doctors_with_expiring_qualifications": _figure(len(expiring), False),
        "nights_top_two_share": _figure(_median_or_one(nights, region), False),
        "regions_depending_on_two_doctors": _figure(
            sum(share > 0.5 for share in nights.values()), False
        ),
        "weeks_rostered_ahead": _figure(_median_or_one(weeks, region), False),
        "weeks_rostered_ahead_min": _figure(min(weeks.values(), default=None), False),
    }


def _as_of(period: Period, facts: Facts) -> datetime:
    """The moment a period is measured at: its last instant, or "now" if that is earlier."""
    end = period.end_at - timedelta(seconds=1)
    return min(end, facts.as_of.astimezone(UTC)) if facts.as_of else end


def _median_or_one(per_region: Mapping[str, float], region: str | None) -> float | None:
    if region is not None:
        return per_region.get(region)
    values = sorted(per_region.values())
    return _percentile(values, "median") if values else None


def _expiring(facts: Facts, region: str | None, day: date) -> Counter[int]:
    """Per doctor (by position in ``facts.doctors``), their validities ending in the half-year
    after ``day``."""
    out: Counter[int] = Counter()
    for index, doctor in enumerate(facts.doctors):
        if region is not None and doctor.region != region:
            continue
        ending = sum(day < until <= day + EXPIRY_HORIZON for _name, until in doctor.expiries)
        if ending:
            out[index] = ending
    return out


def _night_shares(period: Period, positions: Rostered, region: str | None) -> dict[str, float]:
    """Per region: the share of its nights (primary held at 03:00) carried by its two doctors
    with the most nights."""
    nights = [
        datetime.combine(period.start + timedelta(days=n), NIGHT, AMSTERDAM).astimezone(UTC)
        for n in range((period.end - period.start).days + 1)
    ]
    carried: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for p, _hours in positions:
        if p.role != "primary" or p.doctor_id is None:
            continue
        for night in range(bisect_left(nights, p.start_at), bisect_left(nights, p.end_at)):
            for reg in p.regions:
                if region is None or reg == region:
                    carried[reg][night].add(p.doctor_id)
    shares: dict[str, float] = {}
    for reg, by_night in carried.items():
        per_doctor = Counter(doctor for doctors in by_night.values() for doctor in doctors)
        top_two = sum(n for _doctor, n in per_doctor.most_common(2))
        shares[reg] = round(min(1.0, top_two / len(by_night)), 4)
    return shares


def _weeks_ahead(facts: Facts, region: str | None, as_of: datetime) -> dict[str, float]:
    """Per region: consecutive weeks after the week of ``as_of`` that were planned by then."""
    today = as_of.astimezone(AMSTERDAM).date()
    monday = today - timedelta(days=today.weekday())
    planned: dict[str, set[date]] = defaultdict(set)
    for week in facts.weeks:
        if week.planned_at <= as_of and week.monday > monday:
            planned[week.region].add(week.monday)
    regions = {*facts.population, *(w.region for w in facts.weeks)}
    if region is not None:
        regions = {region}
    out: dict[str, float] = {}
    for reg in regions:
        weeks, ahead = 0, monday + timedelta(days=7)
        while ahead in planned[reg]:
            weeks, ahead = weeks + 1, ahead + timedelta(days=7)
        out[reg] = weeks
    return out


# --- the whole answer -------------------------------------------------------------------


def _annotated(node: dict[str, Any], key: str) -> dict[str, Any]:
    """Each cell with what a renderer shows besides its value: label, unit, definition."""
    if "suppressed" in node and "value" in node:
        return {**node, "label": label(key), "unit": unit(key), "definition": definition(key)}
    return {name: _annotated(child, f"{key}.{name}") for name, child in node.items()}


def _groups(period: Period, facts: Facts, region: str | None) -> dict[str, dict[str, Any]]:
    slices = _slices(period, facts)
    if region is not None:
        slices.setdefault(region, _Slice())
    tables = {scope: _counted(part) for scope, part in slices.items()}
    scope = NATIONAL if region is None else region
    counted = _nest(tables[scope].publish(_grid_hidden(tables)[scope]))
    roster = _rostered(period, facts, region)
    return {
        "available": available(period, facts, region, roster),
        "in_time": counted["in_time"],
        "secured": {**secured(period, facts, region, roster), **counted["secured"]},
    }


def figures(
    period: Period, facts: Facts, region: str | None = None, *, trend: int = 0
) -> dict[str, Any]:
    """All figures of a period for one region (None: the whole country); with ``trend`` the
    same figures for that many half-years up to the one the period ends in."""
    groups = _groups(period, facts, region)
    out: dict[str, Any] = {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "region": region,
        },
        **{name: _annotated(groups[name], name) for name in GROUPS},
        "definitions": DEFINITIONS,
    }
    if trend:
        out["trend"] = _trend(half_years_up_to(period.end, trend), facts, region)
    return out


def _trend(periods: Sequence[Period], facts: Facts, region: str | None) -> dict[str, Any]:
    """``{"periods": [...], "series": {"in_time.referrals.total": [cell, ...]}}``."""
    series: dict[str, list[dict[str, Any]]] = {}
    for period in periods:
        groups = _groups(period, facts, region)
        for name in GROUPS:
            for key, cell in cells(groups[name], name):
                series.setdefault(key, []).append(cell)
    return {
        "periods": [
            {"label": half_year_label(p), "from": p.start.isoformat(), "to": p.end.isoformat()}
            for p in periods
        ],
        "series": series,
    }


def cells(node: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The figure cells of a group as (dotted key, cell) rows, in publication order."""
    if "suppressed" in node and "value" in node:
        return [(prefix, node)]
    rows: list[tuple[str, dict[str, Any]]] = []
    for key, child in node.items():
        rows.extend(cells(child, f"{prefix}.{key}" if prefix else key))
    return rows
