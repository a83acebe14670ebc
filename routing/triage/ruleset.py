"""The handelingskader as versioned data: load a shipped TOML version and validate every key.

Clinicians change the rules by adding a new `handelingskader/v<N>.toml`; a decision records the
version it was made under, so an old decision stays explainable after the rules change.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from routing.triage.conditions import Condition, parse_when
from routing.triage.errors import RuleSetError
from routing.vocabulary import Destination, Urgency

_PACKAGE = "routing.triage.handelingskader"
_FILE_NAME = re.compile(r"v(\d+)\.toml")


@dataclass(frozen=True)
class Window:
    """How long an urgency may wait: elapsed hours, or working days (same Amsterdam clock time)."""

    hours: int | None = None
    working_days: int | None = None


@dataclass(frozen=True)
class Rule:
    """One row of the handelingskader; `condition` None marks the fallback (DEFAULT) rule."""

    id: str
    description: str
    destination: Destination
    urgency: Urgency
    condition: Condition | None

    @property
    def is_fallback(self) -> bool:
        return self.condition is None


@dataclass(frozen=True)
class Escalation:
    """A rule applied after triage (AVAILABILITY, by allocation); it has no urgency of its own."""

    id: str
    description: str
    destination: Destination


@dataclass(frozen=True)
class RuleSet:
    version: str
    name: str
    rules: tuple[Rule, ...]
    escalations: tuple[Escalation, ...]
    windows: Mapping[Urgency, Window]

    @property
    def fallback(self) -> Rule:
        return self.rules[-1]

    def describe(self, rule_id: str) -> str:
        """The description of a triage rule or escalation, e.g. `describe("AVAILABILITY")`."""
        items: tuple[Rule | Escalation, ...] = (*self.rules, *self.escalations)
        for item in items:
            if item.id == rule_id:
                return item.description
        raise KeyError(f"handelingskader v{self.version} has no rule {rule_id!r}")


# --- validation --------------------------------------------------------------------------------


def _keys(table: Mapping[str, object], required: set[str], optional: set[str], where: str) -> None:
    problems = []
    if unknown := sorted(set(table) - required - optional):
        problems.append(f"unknown key(s) {unknown}; allowed: {sorted(required | optional)}")
    if missing := sorted(required - set(table)):
        problems.append(f"missing key(s) {missing}")
    if problems:
        raise RuleSetError(f"{where}: {'; '.join(problems)}")


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleSetError(f"{where}: expected non-empty text, got {value!r}")
    return value


def _choice(value: object, enum: type[Destination] | type[Urgency], where: str) -> str:
    allowed = [member.value for member in enum]
    if value not in allowed:
        raise RuleSetError(f"{where}: unknown value {value!r}; allowed: {', '.join(allowed)}")
    assert isinstance(value, str)
    return value


def _tables(value: object, where: str) -> list[Mapping[str, object]]:
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise RuleSetError(f"{where}: expected an array of tables")
    return value


def _window(value: object, where: str) -> Window:
    if not isinstance(value, Mapping) or len(value) != 1:
        raise RuleSetError(f"{where}: expected exactly one of hours / working_days, got {value!r}")
    _keys(value, set(), {"hours", "working_days"}, where)
    ((key, amount),) = value.items()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise RuleSetError(f"{where}.{key}: expected a whole number >= 1, got {amount!r}")
    return Window(**{key: amount})


def _windows(value: object) -> Mapping[Urgency, Window]:
    if not isinstance(value, Mapping):
        raise RuleSetError("deadlines: expected a table")
    _keys(value, {u.value for u in Urgency}, set(), "deadlines")
    return MappingProxyType({u: _window(value[u.value], f"deadlines.{u.value}") for u in Urgency})


def _rule(table: Mapping[str, object], where: str) -> Rule:
    _keys(table, {"id", "description", "destination", "urgency"}, {"when", "otherwise"}, where)
    rule_id = _text(table["id"], f"{where}.id")
    where = f"rule {rule_id}"
    otherwise = table.get("otherwise", False)
    if otherwise is not True and "otherwise" in table:
        raise RuleSetError(f"{where}.otherwise: only `otherwise = true` is meaningful")
    if ("when" in table) == bool(otherwise):
        raise RuleSetError(f"{where}: give exactly one of `when` or `otherwise = true`")
    return Rule(
        id=rule_id,
        description=_text(table["description"], f"{where}.description"),
        destination=Destination(_choice(table["destination"], Destination, f"{where}.destination")),
        urgency=Urgency(_choice(table["urgency"], Urgency, f"{where}.urgency")),
        condition=None if otherwise else parse_when(table["when"], f"{where}.when"),
    )


def _escalation(table: Mapping[str, object], where: str) -> Escalation:
    _keys(table, {"id", "description", "destination"}, set(), where)
    rule_id = _text(table["id"], f"{where}.id")
    return Escalation(
        id=rule_id,
        description=_text(table["description"], f"escalation {rule_id}.description"),
        destination=Destination(
            _choice(table["destination"], Destination, f"escalation {rule_id}.destination")
        ),
    )


def parse_ruleset(text: str) -> RuleSet:
    """Parse and validate one handelingskader TOML document (also for trying out a draft)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"not valid TOML: {error}") from error
    _keys(data, {"version", "name", "deadlines", "rules"}, {"escalations"}, "handelingskader")
    rules = tuple(
        _rule(table, f"rules[{i}]") for i, table in enumerate(_tables(data["rules"], "rules"))
    )
    escalations = tuple(
        _escalation(table, f"escalations[{i}]")
        for i, table in enumerate(_tables(data.get("escalations", []), "escalations"))
    )
    fallbacks = [rule.id for rule in rules if rule.is_fallback]
    if len(fallbacks) != 1 or not rules[-1].is_fallback:
        raise RuleSetError(f"exactly one `otherwise` rule, placed last, is needed; got {fallbacks}")
    ids = [rule.id for rule in rules] + [escalation.id for escalation in escalations]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise RuleSetError(f"duplicate rule id(s) {duplicates}")
    return RuleSet(
        version=_text(data["version"], "version"),
        name=_text(data["name"], "name"),
        rules=rules,
        escalations=escalations,
        windows=_windows(data["deadlines"]),
    )


# --- shipped versions --------------------------------------------------------------------------


def shipped_versions() -> tuple[str, ...]:
    """The versions shipped in the package, oldest first."""
    names = (entry.name for entry in resources.files(_PACKAGE).iterdir())
    numbers = sorted(int(m.group(1)) for name in names if (m := _FILE_NAME.fullmatch(name)))
    return tuple(str(number) for number in numbers)


@cache
def load_ruleset(version: str | None = None) -> RuleSet:
    """Load a shipped version ("1" or "v1"); None gives the newest. Unknown -> RuleSetError."""
    available = shipped_versions()
    wanted = available[-1] if version is None else version.removeprefix("v")
    if wanted not in available:
        raise RuleSetError(
            f"unknown handelingskader version {version!r}; shipped: {', '.join(available)}"
        )
    ruleset = parse_ruleset(
        resources.files(_PACKAGE).joinpath(f"v{wanted}.toml").read_text("utf-8")
    )
    if ruleset.version != wanted:
        raise RuleSetError(f"v{wanted}.toml declares version {ruleset.version!r}")
    return ruleset
