"""What triage reads (a case) and what it answers (a decision): frozen plain values."""

from dataclasses import dataclass, field
from datetime import datetime

from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    Side,
    TaskKind,
    Urgency,
)


def require_aware(value: datetime | None, name: str) -> None:
    """Reject naive datetimes: a wall-clock time without a zone cannot be compared with `now`."""
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True)
class Injury:
    """One injury as the requester describes it; `observed_at` is when it was seen, if known."""

    kind: InjuryKind
    body_region: BodyRegion
    side: Side | None = None
    observed_at: datetime | None = None
    patterned: bool = False  # the shape of an object: loop, hand, implement, bite

    def __post_init__(self) -> None:
        require_aware(self.observed_at, "Injury.observed_at")


@dataclass(frozen=True)
class Case:
    """The anonymous facts triage needs; `age_months` is completed months on the submission date.

    `last_incident_at` None means the last contact is not known (stated "unknown" or not given).
    """

    age_months: int
    concerns: frozenset[Concern]
    injuries: tuple[Injury, ...] = ()
    mobility: Mobility | None = None
    last_incident_at: datetime | None = None
    questions: frozenset[Question] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.age_months < 0:
            raise ValueError(f"age_months must be >= 0, got {self.age_months}")
        require_aware(self.last_incident_at, "Case.last_incident_at")
        # Accept any iterable from callers but keep the value hashable and immutable.
        object.__setattr__(self, "concerns", frozenset(self.concerns))
        object.__setattr__(self, "questions", frozenset(self.questions))
        object.__setattr__(self, "injuries", tuple(self.injuries))


@dataclass(frozen=True)
class RuleHit:
    """A rule of the handelingskader that matched, as shown to the requester."""

    id: str
    description: str
    destination: Destination
    urgency: Urgency


@dataclass(frozen=True)
class Task:
    """One thing the decision asks of one organisation, with its own clock and its reasons."""

    kind: TaskKind
    urgency: Urgency
    deadline: datetime
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """Where the case goes, how fast, and every rule that says so (for explanation and audit).

    `tasks` is the decision itself; `destination` (the lead organisation), `urgency` (the most
    urgent task) and `deadline` (the earliest task deadline) summarise it for v1 clients.
    """

    destination: Destination
    urgency: Urgency
    deadline: datetime
    rules: tuple[RuleHit, ...]
    ruleset_version: str
    tasks: tuple[Task, ...] = ()
