"""The small declarative vocabulary in which the handelingskader states *when* a rule applies.

A `when` table holds conditions that must all hold; `any_of` holds when one of its tables does.

    concern_any = ["sexual_abuse"]                one of these concerns is stated
    question_any = ["second_opinion"]             one of these questions is asked
    age_months_below = 156                        completed months < 156
    age_months_at_least = 156                     completed months >= 156
    mobility = "not_mobile"                       the stated mobility
    mobility_any = ["not_mobile", "unknown"]      the stated mobility is one of these
    incident_at_most_hours_ago = 168              last incident known and now - it <= 168 h
    incident_more_than_hours_ago = 168            last incident known and now - it > 168 h
    incident_more_than_hours_ago_or_unknown = 168 last incident unknown or now - it > 168 h
    incident_unknown = true                       the last incident is not known
    injury = { kinds = [...], body_regions = [...], observed_less_than_hours_ago = 72,
               observed_less_than_hours_ago_or_unknown = 72, observed_at_least_hours_ago = 72,
               patterned = true }
        at least one injury meets every part given; `{}` means any injury; an injury without
        `observed_at` never meets `observed_less_than_hours_ago` nor `observed_at_least_...`,
        and always meets `observed_less_than_hours_ago_or_unknown` (unknown counts as fresh)
    any_of = [{ age_months_below = 6 }, { mobility = "not_mobile" }]
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from routing.triage.errors import RuleSetError
from routing.triage.model import Case, Injury
from routing.vocabulary import BodyRegion, Concern, InjuryKind, Mobility, Question

E = TypeVar("E", bound=StrEnum)


def elapsed(since: datetime, now: datetime) -> timedelta:
    """Real time between two aware datetimes.

    Python subtracts two datetimes of the *same* zone by wall clock, which is an hour off
    across a DST change; converting to UTC first gives the elapsed time.
    """
    return now.astimezone(UTC) - since.astimezone(UTC)


class Condition(Protocol):
    def holds(self, case: Case, now: datetime) -> bool: ...


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def holds(self, case: Case, now: datetime) -> bool:
        return all(part.holds(case, now) for part in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def holds(self, case: Case, now: datetime) -> bool:
        return any(part.holds(case, now) for part in self.parts)


@dataclass(frozen=True)
class ConcernAny:
    concerns: frozenset[Concern]

    def holds(self, case: Case, now: datetime) -> bool:
        return not self.concerns.isdisjoint(case.concerns)


@dataclass(frozen=True)
class QuestionAny:
    questions: frozenset[Question]

    def holds(self, case: Case, now: datetime) -> bool:
        return not self.questions.isdisjoint(case.questions)


@dataclass(frozen=True)
class AgeMonthsBelow:
    months: int

    def holds(self, case: Case, now: datetime) -> bool:
        return case.age_months < self.months


@dataclass(frozen=True)
class AgeMonthsAtLeast:
    months: int

    def holds(self, case: Case, now: datetime) -> bool:
        return case.age_months >= self.months


@dataclass(frozen=True)
class MobilityIs:
    mobility: Mobility

    def holds(self, case: Case, now: datetime) -> bool:
        return case.mobility == self.mobility


@dataclass(frozen=True)
class IncidentAtMostHoursAgo:
    hours: int

    def holds(self, case: Case, now: datetime) -> bool:
        last = case.last_incident_at
        return last is not None and elapsed(last, now) <= timedelta(hours=self.hours)


@dataclass(frozen=True)
class IncidentMoreThanHoursAgo:
    hours: int

    def holds(self, case: Case, now: datetime) -> bool:
        last = case.last_incident_at
        return last is not None and elapsed(last, now) > timedelta(hours=self.hours)


@dataclass(frozen=True)
class IncidentUnknown:
    def holds(self, case: Case, now: datetime) -> bool:
        return case.last_incident_at is None


@dataclass(frozen=True)
class MobilityAny:
    mobilities: frozenset[Mobility]

    def holds(self, case: Case, now: datetime) -> bool:
        return case.mobility in self.mobilities


@dataclass(frozen=True)
class IncidentMoreThanHoursAgoOrUnknown:
    hours: int

    def holds(self, case: Case, now: datetime) -> bool:
        last = case.last_incident_at
        return last is None or elapsed(last, now) > timedelta(hours=self.hours)


@dataclass(frozen=True)
class InjuryMatches:
    kinds: frozenset[InjuryKind] | None = None
    body_regions: frozenset[BodyRegion] | None = None
    observed_less_than_hours_ago: int | None = None
    observed_less_than_hours_ago_or_unknown: int | None = None
    observed_at_least_hours_ago: int | None = None
    patterned: bool | None = None

    def holds(self, case: Case, now: datetime) -> bool:
        return any(self._matches(injury, now) for injury in case.injuries)

    def _matches(self, injury: Injury, now: datetime) -> bool:
        if self.kinds is not None and injury.kind not in self.kinds:
            return False
        if self.body_regions is not None and injury.body_region not in self.body_regions:
            return False
        if self.patterned is not None and injury.patterned != self.patterned:
            return False
        seen = injury.observed_at
        age = None if seen is None else elapsed(seen, now)
        if self.observed_less_than_hours_ago is not None and not (
            age is not None and age < timedelta(hours=self.observed_less_than_hours_ago)
        ):
            return False
        if self.observed_less_than_hours_ago_or_unknown is not None and not (
            age is None or age < timedelta(hours=self.observed_less_than_hours_ago_or_unknown)
        ):
            return False
        return self.observed_at_least_hours_ago is None or (
            age is not None and age >= timedelta(hours=self.observed_at_least_hours_ago)
        )


# --- parsing: every key and value is checked, so a typo fails on load -------------------------


def _table(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise RuleSetError(f"{where}: expected a table, got {value!r}")
    return value


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleSetError(f"{where}: expected a whole number >= 0, got {value!r}")
    return value


def _member(value: object, enum: type[E], where: str) -> E:
    allowed = ", ".join(member.value for member in enum)
    if not isinstance(value, str) or value not in enum._value2member_map_:
        raise RuleSetError(f"{where}: unknown value {value!r}; allowed: {allowed}")
    return enum(value)


def _members(value: object, enum: type[E], where: str) -> frozenset[E]:
    if not isinstance(value, list) or not value:
        raise RuleSetError(f"{where}: expected a non-empty list, got {value!r}")
    return frozenset(_member(item, enum, where) for item in value)


def _reject_unknown_keys(table: Mapping[str, object], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RuleSetError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _true(value: object, where: str) -> bool:
    if value is not True:
        raise RuleSetError(f"{where}: only `true` is meaningful, got {value!r}")
    return True


def _incident_unknown(value: object, where: str) -> Condition:
    _true(value, where)
    return IncidentUnknown()


_HOURS = (
    "observed_less_than_hours_ago",
    "observed_less_than_hours_ago_or_unknown",
    "observed_at_least_hours_ago",
)


def _injury(value: object, where: str) -> Condition:
    table = _table(value, where)
    _reject_unknown_keys(table, {"kinds", "body_regions", "patterned", *_HOURS}, where)
    kinds = table.get("kinds")
    regions = table.get("body_regions")
    patterned = table.get("patterned")
    hours = {key: _count(table[key], f"{where}.{key}") if key in table else None for key in _HOURS}
    return InjuryMatches(
        kinds=None if kinds is None else _members(kinds, InjuryKind, f"{where}.kinds"),
        body_regions=None
        if regions is None
        else _members(regions, BodyRegion, f"{where}.body_regions"),
        observed_less_than_hours_ago=hours["observed_less_than_hours_ago"],
        observed_less_than_hours_ago_or_unknown=hours["observed_less_than_hours_ago_or_unknown"],
        observed_at_least_hours_ago=hours["observed_at_least_hours_ago"],
        patterned=None if patterned is None else _true(patterned, f"{where}.patterned"),
    )


def _any_of(value: object, where: str) -> Condition:
    if not isinstance(value, list) or not value:
        raise RuleSetError(f"{where}: expected a non-empty list of tables, got {value!r}")
    return AnyOf(tuple(parse_when(item, f"{where}[{i}]") for i, item in enumerate(value)))


_PARSERS: dict[str, Callable[[object, str], Condition]] = {
    "concern_any": lambda v, w: ConcernAny(_members(v, Concern, w)),
    "question_any": lambda v, w: QuestionAny(_members(v, Question, w)),
    "age_months_below": lambda v, w: AgeMonthsBelow(_count(v, w)),
    "age_months_at_least": lambda v, w: AgeMonthsAtLeast(_count(v, w)),
    "mobility": lambda v, w: MobilityIs(_member(v, Mobility, w)),
    "mobility_any": lambda v, w: MobilityAny(_members(v, Mobility, w)),
    "incident_at_most_hours_ago": lambda v, w: IncidentAtMostHoursAgo(_count(v, w)),
    "incident_more_than_hours_ago": lambda v, w: IncidentMoreThanHoursAgo(_count(v, w)),
    "incident_unknown": lambda v, w: _incident_unknown(v, w),
    "incident_more_than_hours_ago_or_unknown": lambda v, w: IncidentMoreThanHoursAgoOrUnknown(
        _count(v, w)
    ),
    "injury": _injury,
    "any_of": _any_of,
}


def parse_when(value: object, where: str) -> Condition:
    """Build the condition of one `when` table; raise RuleSetError on anything unknown or empty."""
    table = _table(value, where)
    if not table:
        raise RuleSetError(f"{where}: a condition table must not be empty")
    _reject_unknown_keys(table, set(_PARSERS), where)
    return AllOf(tuple(_PARSERS[key](item, f"{where}.{key}") for key, item in table.items()))
