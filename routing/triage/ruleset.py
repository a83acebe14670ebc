"""The handelingskader as versioned data: load a shipped TOML version and validate every key.

Clinicians change the rules by adding a new `handelingskader/v<N>.toml`; a decision records the
version it was made under, so an old decision stays explainable after the rules change.

Two shapes exist. v1 gives each rule one `destination` and `urgency` and one `[deadlines]`
table; its decision is one task (GGD: `ggd_examination`; LECK: `leck_consult`, because a v1
LECK referral hands LECK the identified child). From v2 on a rule lists `tasks`, each kind has
its own deadlines and Dutch texts under `[tasks.<kind>]`, every rule names its `source` (or
"[design]" / "[verify]"), and the file may list `extra_holidays` and the facts it `requires`.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType

from routing.triage.conditions import Condition, parse_when
from routing.triage.errors import RuleSetError
from routing.vocabulary import Concern, Destination, TaskKind, Urgency

_PACKAGE = "routing.triage.handelingskader"
_FILE_NAME = re.compile(r"v(\d+)\.toml")


@dataclass(frozen=True)
class Window:
    """How long an urgency may wait: elapsed hours, or working days (same Amsterdam clock time)."""

    hours: int | None = None
    working_days: int | None = None


LEGACY_TASK = MappingProxyType(
    {Destination.GGD: TaskKind.GGD_EXAMINATION, Destination.LECK: TaskKind.LECK_CONSULT}
)
"""The one task a v1 decision stands for, by its destination."""


def lead_of(kinds: "set[TaskKind] | frozenset[TaskKind]") -> Destination:
    """The lead organisation of a task set: the GGD when a GGD forensic doctor examines the
    child (LECK then advises alongside), otherwise LECK — also for a bare `acute_zeden`
    hand-off, where the police / LOEF examine and LECK is the only FMEK expertise left."""
    return Destination.GGD if TaskKind.GGD_EXAMINATION in kinds else Destination.LECK


@dataclass(frozen=True)
class TaskSpec:
    """A task a rule asks for; its deadline comes from the kind's windows."""

    kind: TaskKind
    urgency: Urgency


@dataclass(frozen=True)
class Rule:
    """One row of the handelingskader; `condition` None marks the fallback (DEFAULT) rule."""

    id: str
    description: str
    destination: Destination
    urgency: Urgency
    condition: Condition | None
    tasks: tuple[TaskSpec, ...] = ()
    source: str | None = None

    @property
    def is_fallback(self) -> bool:
        return self.condition is None


@dataclass(frozen=True)
class Escalation:
    """A rule applied after triage (AVAILABILITY, by allocation); it has no urgency of its own."""

    id: str
    description: str
    destination: Destination
    task: TaskKind | None = None  # v2: the task that replaces the one that could not be done
    source: str | None = None


@dataclass(frozen=True)
class TaskText:
    """How a task kind is named and what has to happen now, in Dutch, as pages and API show it."""

    label: str
    instruction: str


@dataclass(frozen=True)
class Requirements:
    """Facts a referral must state under this version (else 422): clinically chosen, so data."""

    mobility_below_months: int | None = None
    last_incident_with: frozenset[Concern] = frozenset()


@dataclass(frozen=True)
class RuleSet:
    version: str
    name: str
    rules: tuple[Rule, ...]
    escalations: tuple[Escalation, ...]
    windows: Mapping[Urgency, Window]
    task_windows: Mapping[TaskKind, Mapping[Urgency, Window]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    task_texts: Mapping[TaskKind, TaskText] = field(default_factory=lambda: MappingProxyType({}))
    extra_holidays: frozenset[date] = frozenset()
    requirements: Requirements = Requirements()

    @property
    def task_based(self) -> bool:
        """True from v2 on: rules list tasks; False for v1 (one destination per decision)."""
        return bool(self.task_windows)

    @property
    def label(self) -> str:
        """The version as a decision shows it: v1 decisions were published as "1" and stay so;
        from v2 on the contract names the version "vN"."""
        return f"v{self.version}" if self.task_based else self.version

    @property
    def fallback(self) -> Rule:
        return self.rules[-1]

    def window(self, kind: TaskKind, urgency: Urgency) -> Window:
        if kind in self.task_windows:
            return self.task_windows[kind][urgency]
        return self.windows[urgency]

    def escalation(self, rule_id: str) -> Escalation:
        for item in self.escalations:
            if item.id == rule_id:
                return item
        raise KeyError(f"handelingskader v{self.version} has no escalation {rule_id!r}")

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


def _windows(value: object, where: str = "deadlines") -> Mapping[Urgency, Window]:
    if not isinstance(value, Mapping):
        raise RuleSetError(f"{where}: expected a table")
    _keys(value, {u.value for u in Urgency}, set(), where)
    return MappingProxyType({u: _window(value[u.value], f"{where}.{u.value}") for u in Urgency})


def _task_kind(value: object, where: str) -> TaskKind:
    allowed = [kind.value for kind in TaskKind]
    if value not in allowed:
        raise RuleSetError(f"{where}: unknown task kind {value!r}; allowed: {', '.join(allowed)}")
    return TaskKind(str(value))


def _task_specs(value: object, where: str) -> tuple[TaskSpec, ...]:
    specs = []
    for i, table in enumerate(_tables(value, where)):
        _keys(table, {"kind", "urgency"}, set(), f"{where}[{i}]")
        specs.append(
            TaskSpec(
                _task_kind(table["kind"], f"{where}[{i}].kind"),
                Urgency(_choice(table["urgency"], Urgency, f"{where}[{i}].urgency")),
            )
        )
    if not specs:
        raise RuleSetError(f"{where}: a rule must ask for at least one task")
    kinds = [spec.kind for spec in specs]
    if len(set(kinds)) != len(kinds):
        raise RuleSetError(f"{where}: a task kind may appear only once per rule")
    return tuple(specs)


def _rule(table: Mapping[str, object], where: str, *, task_based: bool) -> Rule:
    if isinstance(table.get("id"), str) and str(table["id"]).strip():
        where = f"{where} (rule {table['id']})"
    if task_based:
        _keys(table, {"id", "description", "source", "tasks"}, {"when", "otherwise"}, where)
    else:
        _keys(table, {"id", "description", "destination", "urgency"}, {"when", "otherwise"}, where)
    rule_id = _text(table["id"], f"{where}.id")
    where = f"rule {rule_id}"
    otherwise = table.get("otherwise", False)
    if otherwise is not True and "otherwise" in table:
        raise RuleSetError(f"{where}.otherwise: only `otherwise = true` is meaningful")
    if ("when" in table) == bool(otherwise):
        raise RuleSetError(f"{where}: give exactly one of `when` or `otherwise = true`")
    condition = None if otherwise else parse_when(table["when"], f"{where}.when")
    description = _text(table["description"], f"{where}.description")
    if task_based:
        tasks = _task_specs(table["tasks"], f"{where}.tasks")
        return Rule(
            id=rule_id,
            description=description,
            destination=lead_of({spec.kind for spec in tasks}),
            urgency=max((spec.urgency for spec in tasks), key=lambda u: u.rank),
            condition=condition,
            tasks=tasks,
            source=_text(table["source"], f"{where}.source"),
        )
    destination = Destination(_choice(table["destination"], Destination, f"{where}.destination"))
    urgency = Urgency(_choice(table["urgency"], Urgency, f"{where}.urgency"))
    return Rule(
        id=rule_id,
        description=description,
        destination=destination,
        urgency=urgency,
        condition=condition,
        tasks=(TaskSpec(LEGACY_TASK[destination], urgency),),
    )


def _escalation(table: Mapping[str, object], where: str, *, task_based: bool) -> Escalation:
    if task_based:
        _keys(table, {"id", "description", "task", "source"}, set(), where)
    else:
        _keys(table, {"id", "description", "destination"}, set(), where)
    rule_id = _text(table["id"], f"{where}.id")
    where = f"escalation {rule_id}"
    description = _text(table["description"], f"{where}.description")
    if task_based:
        task = _task_kind(table["task"], f"{where}.task")
        return Escalation(
            id=rule_id,
            description=description,
            destination=lead_of({task}),
            task=task,
            source=_text(table["source"], f"{where}.source"),
        )
    destination = Destination(_choice(table["destination"], Destination, f"{where}.destination"))
    return Escalation(
        id=rule_id, description=description, destination=destination, task=LEGACY_TASK[destination]
    )


def _task_tables(
    value: object,
) -> tuple[Mapping[TaskKind, Mapping[Urgency, Window]], Mapping[TaskKind, TaskText]]:
    if not isinstance(value, Mapping):
        raise RuleSetError("tasks: expected a table with one table per task kind")
    _keys(value, {kind.value for kind in TaskKind}, set(), "tasks")
    windows: dict[TaskKind, Mapping[Urgency, Window]] = {}
    texts: dict[TaskKind, TaskText] = {}
    for kind in TaskKind:
        where = f"tasks.{kind.value}"
        table = value[kind.value]
        if not isinstance(table, Mapping):
            raise RuleSetError(f"{where}: expected a table")
        _keys(table, {"label", "instruction", "deadlines"}, set(), where)
        windows[kind] = _windows(table["deadlines"], f"{where}.deadlines")
        texts[kind] = TaskText(
            label=_text(table["label"], f"{where}.label"),
            instruction=_text(table["instruction"], f"{where}.instruction"),
        )
    return MappingProxyType(windows), MappingProxyType(texts)


def _holidays(value: object) -> frozenset[date]:
    if not isinstance(value, list) or not all(
        isinstance(day, date) and not hasattr(day, "hour") for day in value
    ):
        raise RuleSetError(f"extra_holidays: expected a list of dates (1970-01-01), got {value!r}")
    return frozenset(value)


def _requirements(value: object) -> Requirements:
    if not isinstance(value, Mapping):
        raise RuleSetError("requires: expected a table")
    _keys(value, set(), {"mobility_below_months", "last_incident_with_concerns"}, "requires")
    months = value.get("mobility_below_months")
    concerns = value.get("last_incident_with_concerns", [])
    if months is not None and (isinstance(months, bool) or not isinstance(months, int)):
        raise RuleSetError(f"requires.mobility_below_months: expected a number, got {months!r}")
    if not isinstance(concerns, list) or not all(c in Concern._value2member_map_ for c in concerns):
        raise RuleSetError(
            f"requires.last_incident_with_concerns: expected a list of concerns, got {concerns!r}"
        )
    return Requirements(
        mobility_below_months=months, last_incident_with=frozenset(Concern(c) for c in concerns)
    )


def parse_ruleset(text: str) -> RuleSet:
    """Parse and validate one handelingskader TOML document (also for trying out a draft)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"not valid TOML: {error}") from error
    task_based = "tasks" in data
    if task_based:
        _keys(
            data,
            {"version", "name", "tasks", "rules"},
            {"escalations", "extra_holidays", "requires"},
            "handelingskader",
        )
    else:
        _keys(data, {"version", "name", "deadlines", "rules"}, {"escalations"}, "handelingskader")
    rules = tuple(
        _rule(table, f"rules[{i}]", task_based=task_based)
        for i, table in enumerate(_tables(data["rules"], "rules"))
    )
    escalations = tuple(
        _escalation(table, f"escalations[{i}]", task_based=task_based)
        for i, table in enumerate(_tables(data.get("escalations", []), "escalations"))
    )
    fallbacks = [rule.id for rule in rules if rule.is_fallback]
    if len(fallbacks) != 1 or not rules[-1].is_fallback:
        raise RuleSetError(f"exactly one `otherwise` rule, placed last, is needed; got {fallbacks}")
    ids = [rule.id for rule in rules] + [escalation.id for escalation in escalations]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise RuleSetError(f"duplicate rule id(s) {duplicates}")
    version = _text(data["version"], "version")
    name = _text(data["name"], "name")
    if not task_based:
        return RuleSet(version, name, rules, escalations, windows=_windows(data["deadlines"]))
    task_windows, task_texts = _task_tables(data["tasks"])
    return RuleSet(
        version,
        name,
        rules,
        escalations,
        windows=task_windows[TaskKind.GGD_EXAMINATION],
        task_windows=task_windows,
        task_texts=task_texts,
        extra_holidays=_holidays(data.get("extra_holidays", [])),
        requirements=_requirements(data.get("requires", {})),
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
